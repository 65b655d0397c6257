import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.urls import reverse

from tidtam.secret_key import DEVELOPMENT_SECRET_KEY, secret_key

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, env=None, tmp_path=None):
    """Run manage.py in a subprocess with DEBUG unset and ``env`` on top (a value of None unsets it)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECURE", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    for name, value in (env or {}).items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
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


def test_the_site_refuses_to_start_without_a_secret_key_when_debug_is_off(tmp_path):
    result = manage(
        "check", "--deploy", env={"SECRET_KEY": None, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"}
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECRET_KEY is not set and DEBUG is off" in result.stderr
    assert "token_urlsafe" in result.stderr


def test_the_development_server_runs_on_the_development_key_without_a_secret_key(tmp_path):
    script = "from django.conf import settings\nprint(settings.SECRET_KEY)\n"
    result = manage(
        "shell",
        "-v",
        "0",
        "-c",
        script,
        env={"DEBUG": "1", "SECRET_KEY": None, "DATABASE_URL": f"sqlite:///{tmp_path / 'dev.sqlite3'}"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == DEVELOPMENT_SECRET_KEY


def test_the_development_key_from_the_repository_is_refused_when_debug_is_off():
    with pytest.raises(ImproperlyConfigured, match="development key"):
        secret_key(DEVELOPMENT_SECRET_KEY, debug=False)


@pytest.mark.parametrize("weak", ["short-but-random-8d1f0c7e", "a" * 60, "django-insecure-" + "x1y2z3w4v5" * 5])
def test_a_short_or_repetitive_key_is_refused_when_debug_is_off(weak):
    with pytest.raises(ImproperlyConfigured, match="too weak"):
        secret_key(weak, debug=False)


def test_a_long_random_key_is_accepted_when_debug_is_off():
    key = "a-production-secret-key-with-enough-length-and-variety-8d1f0c7e4b2a"
    assert secret_key(key, debug=False) == key


def test_commands_that_sign_nothing_run_without_a_secret_key(tmp_path):
    result = manage(
        "makemigrations",
        "--check",
        "--dry-run",
        env={"SECRET_KEY": None, "DATABASE_URL": f"sqlite:///{tmp_path / 'prod.sqlite3'}"},
    )
    assert result.returncode == 0, result.stderr
