import os
import subprocess
import sys
from pathlib import Path

from django.db import OperationalError
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env=None, tmp_path=None):
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_healthz_answers_ok_when_the_database_works(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise OperationalError("connection refused")

    monkeypatch.setattr("core.views.connection", BrokenConnection())
    assert client.get(reverse("healthz")).status_code == 503


def test_the_deployment_checklist_is_clean_with_production_variables(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "a-production-secret-key-with-enough-length-and-variety-8d1f0c7e4b2a",
            "ALLOWED_HOSTS": "tidtam.banphaen.go.th",
            "SITE_URL": "https://tidtam.banphaen.go.th",
            "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_sqlite_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(tmp_path):
    script = (
        "from django.db import connection\n"
        "cursor = connection.cursor()\n"
        "cursor.execute('PRAGMA journal_mode')\n"
        "print(cursor.fetchone()[0])\n"
        "cursor.execute('PRAGMA busy_timeout')\n"
        "print(cursor.fetchone()[0])\n"
        "print(connection.settings_dict['OPTIONS']['transaction_mode'])\n"
    )
    result = manage("shell", "-v", "0", "-c", script, env={"DATABASE_URL": f"sqlite:///{tmp_path / 'wal.sqlite3'}"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000", "IMMEDIATE"]
