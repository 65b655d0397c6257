"""Backup and restore (core/backup.py): every row and every file comes back, across engines, or nothing does.

The tests need committed data (pg_dump and SQLite's backup API read what is committed), hence transactional
databases. A restore into a fresh database goes to a temporary connection alias: a SQLite file under tmp_path,
or a PostgreSQL database created for the test and dropped afterwards.
"""

import hashlib
import json
import os
import sqlite3
import subprocess
import tarfile
import uuid
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import environ
import psycopg
import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection, connections, transaction

from core.backup import (
    MANIFEST,
    BackupError,
    backed_up_models,
    backup_create,
    backup_restore,
    backup_verify,
    database_alias,
    database_is_empty,
)
from orgs.models import User
from plans.models import Project, Target

pytestmark = pytest.mark.django_db(transaction=True)

POSTGRES_URL = os.environ.get("TIDTAM_TEST_POSTGRES_URL", "postgres://postgres:postgres@127.0.0.1:5432/postgres")


# Reading both sides --------------------------------------------------------------------------------------------


def raw_tables(using="default") -> dict[str, list[tuple]]:
    """Every row of every table as the database stores it (raw SQL, ordered by primary key)."""
    conn = connections[using]
    tables = {}
    with conn.cursor() as cursor:
        for model in backed_up_models():
            table, pk = conn.ops.quote_name(model._meta.db_table), conn.ops.quote_name(model._meta.pk.column)
            cursor.execute(f"SELECT * FROM {table} ORDER BY {pk}")  # noqa: S608
            tables[model._meta.db_table] = [tuple(row) for row in cursor.fetchall()]
    return tables


def typed_tables(using="default") -> dict[str, list[tuple]]:
    """Every row of every table as Python values (so two engines compare: Decimal, aware datetimes, bool)."""
    return {
        model._meta.db_table: list(
            model._base_manager.using(using)
            .order_by("pk")
            .values_list(*(f.attname for f in model._meta.local_concrete_fields))
        )
        for model in backed_up_models()
    }


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def assert_same_tables(found: dict, expected: dict) -> None:
    assert found.keys() == expected.keys()
    for table, rows in expected.items():
        assert found[table] == rows, table  # the table's name tells which one differs


def write_media(root: Path) -> None:
    (root / "evidence" / "2569").mkdir(parents=True)
    (root / "evidence" / "2569" / "ถนน หมู่ 1.jpg").write_bytes(bytes(range(256)) * 40)
    (root / "publications" / "report.pdf").parent.mkdir()
    (root / "publications" / "report.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(5000))


def rewrite(archive: Path, out: Path, change) -> Path:
    """A copy of the archive with ``change(folder)`` applied to its unpacked files."""
    folder = out.with_suffix(".d")
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")
    change(folder)
    with tarfile.open(out, "w:gz") as tar:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                tar.add(path, path.relative_to(folder).as_posix())
    return out


def edit_manifest(folder: Path, edit) -> None:
    manifest = json.loads((folder / MANIFEST).read_text())
    edit(manifest)
    (folder / MANIFEST).write_text(json.dumps(manifest))


# Fresh databases -------------------------------------------------------------------------------------------------


@contextmanager
def fresh_database(tmp_path, vendor):
    """A temporary alias to a new, empty database of that engine (PostgreSQL: created here, dropped after)."""
    if vendor == "sqlite":
        with database_alias({"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "fresh.sqlite3")}) as alias:
            yield alias
        return
    if connection.vendor == "postgresql":
        config = {**connection.settings_dict, "NAME": "postgres", "TEST": {}}
    else:
        config = environ.Env.db_url_config(POSTGRES_URL)
    server = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    try:
        admin = psycopg.connect(
            dbname=config["NAME"], password=config["PASSWORD"], autocommit=True, connect_timeout=5, **server
        )
    except psycopg.OperationalError as error:
        # Only ever in a SQLite run without a server: make test starts PostgreSQL before both runs.
        pytest.skip(f"no PostgreSQL server at {POSTGRES_URL} to restore into ({error})")
    name = f"tidtam_restore_{uuid.uuid4().hex[:10]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            with database_alias({**config, "NAME": name, "CONN_MAX_AGE": 0}) as alias:
                yield alias
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def other_engine() -> str:
    return "postgresql" if connection.vendor == "sqlite" else "sqlite"


def move_content_type_id(model, new_id) -> None:
    """Give a content type an id that a fresh migrate never gives (the permissions follow it)."""
    old = ContentType.objects.get_for_model(model).pk
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE django_content_type SET id = %s WHERE id = %s", [new_id, old])
        cursor.execute("UPDATE auth_permission SET content_type_id = %s WHERE content_type_id = %s", [new_id, old])
    ContentType.objects.clear_cache()


# The tests -------------------------------------------------------------------------------------------------------


def test_a_backup_of_the_demo_brings_back_every_row_and_every_file_after_they_changed(tmp_path, settings):
    media = settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=StringIO())
    rows, uploaded = raw_tables(), files(media)
    assert len(uploaded) > 20 and sum(len(table) for table in rows.values()) > 5000  # the demo, with its photos

    out = StringIO()
    call_command("backup", "--output", str(tmp_path / "backups" / "demo.tar.gz"), stdout=out)
    assert "demo.tar.gz" in out.getvalue() and f"{len(uploaded)} files" in out.getvalue()
    manifest = backup_verify(archive=tmp_path / "backups" / "demo.tar.gz", into=tmp_path / "unpacked")
    assert manifest["engine"] == connection.vendor
    assert manifest["tables"]["plans_project"]["rows"] == Project.objects.count()
    assert {name for name in manifest["files"] if name.startswith("media/")} == {f"media/{name}" for name in uploaded}
    assert "0001_initial" in " ".join(manifest["migrations"])

    # Everything changes: rows edited, deleted and added (history too), files changed, deleted and added.
    project = Project.objects.order_by("pk").first()
    project.name = "ชื่อที่แก้แล้ว"
    project.save()
    Target.objects.filter(pk__in=Target.objects.order_by("pk").values("pk")[:10]).delete()
    User.objects.create_user("newcomer", password="x")
    some_file, other_file = sorted(uploaded)[:2]
    (media / some_file).write_bytes(b"changed")
    (media / other_file).unlink()
    (media / "evidence" / "new.jpg").write_bytes(b"new")
    assert raw_tables() != rows

    with pytest.raises(BackupError, match="database is not empty"):
        backup_restore(archive=tmp_path / "backups" / "demo.tar.gz", media_root=media)
    out = StringIO()
    call_command("restore", str(tmp_path / "backups" / "demo.tar.gz"), "--force", stdout=out)
    assert "checksums and counts verified" in out.getvalue()

    assert_same_tables(raw_tables(), rows)
    assert files(media) == uploaded
    aside = next(tmp_path.glob("media.before-restore-*"))
    assert (aside / some_file).read_bytes() == b"changed" and (aside / "evidence" / "new.jpg").exists()
    # The sequences are past the restored ids: new rows get new ids.
    assert User.objects.create_user("after-restore", password="x").pk > max(row[0] for row in rows["orgs_user"])


def test_a_backup_restores_into_a_fresh_database_of_the_other_engine_and_back(world, tmp_path, settings):
    """SQLite run: SQLite → fresh PostgreSQL → SQLite. PostgreSQL run: PostgreSQL → fresh SQLite → PostgreSQL.
    Either way a SQLite backup is restored into PostgreSQL, and a PostgreSQL one into SQLite."""
    media = settings.MEDIA_ROOT = tmp_path / "media"
    write_media(media)
    move_content_type_id(Project, 987)
    Permission.objects.create(content_type_id=987, codename="close_project", name="Can close a project")
    rows, typed, uploaded = raw_tables(), typed_tables(), files(media)

    first = backup_create(output=tmp_path / "first.tar.gz")
    with fresh_database(tmp_path, other_engine()) as other:
        assert not connections[other].introspection.table_names()
        backup_restore(archive=first.archive, using=other, media_root=tmp_path / "other-media")
        assert_same_tables(typed_tables(other), typed)
        assert files(tmp_path / "other-media") == uploaded
        with connections[other].cursor() as cursor:  # the archive's content type ids, not the fresh migrate's
            cursor.execute("SELECT app_label, model FROM django_content_type WHERE id = 987")
            assert cursor.fetchone() == ("plans", "project")

        second = backup_create(output=tmp_path / "second.tar.gz", using=other, media_root=tmp_path / "other-media")
        assert {first.manifest["engine"], second.manifest["engine"]} == {"sqlite", "postgresql"}
        assert {name: t["rows"] for name, t in second.manifest["tables"].items()} == {
            name: t["rows"] for name, t in first.manifest["tables"].items()
        }

    Project.objects.update(name="แก้หลังสำรอง")
    User.objects.create_user("newcomer", password="x")
    backup_restore(archive=second.archive, media_root=media, force=True)
    assert_same_tables(raw_tables(), rows)
    assert files(media) == uploaded
    assert ContentType.objects.get_for_model(Project).pk == 987
    assert Permission.objects.get(codename="close_project").content_type.model_class() is Project


def test_the_archive_carries_the_databases_own_copy_consistent_with_its_rows(world, tmp_path):
    done = backup_create(output=tmp_path / "b.tar.gz", media_root=tmp_path / "no-media")
    folder = tmp_path / "unpacked"
    manifest = backup_verify(archive=done.archive, into=folder)
    assert not [name for name in manifest["files"] if name.startswith("media/")]
    if manifest["engine"] == "sqlite":
        copy = sqlite3.connect(folder / manifest["database"]["copy"])
        for table, described in manifest["tables"].items():
            assert copy.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == described["rows"]  # noqa: S608
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        copy.close()
    else:
        listing = subprocess.run(
            ["pg_restore", "--list", folder / manifest["database"]["dump"]], capture_output=True, text=True, check=True
        ).stdout
        assert all(f"TABLE DATA public {table} " in listing for table in manifest["tables"])
        assert manifest["database"]["pg_dump_major"] >= manifest["database"]["server_major"] == 15


def test_a_damaged_archive_is_refused_before_anything_changes(world, tmp_path):
    media = tmp_path / "media"
    write_media(media)
    archive = backup_create(output=tmp_path / "b.tar.gz", media_root=media).archive
    photo = "media/evidence/2569/ถนน หมู่ 1.jpg"
    rows = raw_tables()

    def flip(folder):
        data = bytearray((folder / photo).read_bytes())
        data[100] ^= 1
        (folder / photo).write_bytes(bytes(data))

    damaged = {
        "checksum mismatch: " + photo: flip,
        "missing: " + photo: lambda folder: (folder / photo).unlink(),
        "not in the manifest: media/extra.txt": lambda folder: (folder / "media" / "extra.txt").write_text("x"),
    }
    for problem, change in damaged.items():
        with pytest.raises(BackupError, match=problem):
            damaged_copy = rewrite(archive, tmp_path / f"{uuid.uuid4().hex}.tar.gz", change)
            backup_restore(archive=damaged_copy, media_root=tmp_path / "target-media", force=True)
    assert raw_tables() == rows


def test_a_restore_whose_counts_differ_from_the_manifest_rolls_back_everything(world, tmp_path):
    archive = backup_create(output=tmp_path / "b.tar.gz", media_root=tmp_path / "media").archive

    def drop_a_project(folder):  # a row lost, with checksums that agree: only the counts can tell
        rows = folder / "tables" / "plans_project.jsonl"
        rows.write_bytes(b"".join(rows.read_bytes().splitlines(keepends=True)[1:]))

        def edit(manifest):
            data = rows.read_bytes()
            manifest["files"]["tables/plans_project.jsonl"] = {
                "sha256": hashlib.sha256(data).hexdigest(),
                "size": len(data),
            }

        edit_manifest(folder, edit)

    short = rewrite(archive, tmp_path / "short.tar.gz", drop_a_project)
    Project.objects.filter(pk=world.plan.projects[0].pk).update(name="แก้หลังสำรอง")
    before = raw_tables()
    with pytest.raises(BackupError, match=r"plans_project: \d+ rows restored, the manifest says \d+"):
        backup_restore(archive=short, media_root=tmp_path / "media", force=True)
    assert raw_tables() == before
    assert not (tmp_path / "media").exists()


def test_a_restore_refuses_a_database_or_a_media_folder_that_is_not_empty_or_another_version(world, tmp_path):
    archive = backup_create(output=tmp_path / "b.tar.gz", media_root=tmp_path / "media").archive
    with pytest.raises(BackupError, match="database is not empty"):
        backup_restore(archive=archive, media_root=tmp_path / "media")
    other = rewrite(
        archive,
        tmp_path / "other.tar.gz",
        lambda folder: edit_manifest(folder, lambda m: m["migrations"].append("plans.9999_from_the_future")),
    )
    with pytest.raises(BackupError, match=r"migrations differ.*9999_from_the_future"):
        backup_restore(archive=other, media_root=tmp_path / "media", force=True)

    call_command("flush", interactive=False, verbosity=0)  # empties every table, then migrate's post_migrate
    assert database_is_empty("default")  # content types and permissions of the migrate do not count
    (tmp_path / "busy-media").mkdir()
    (tmp_path / "busy-media" / "x.txt").write_text("x")
    with pytest.raises(BackupError, match="busy-media holds files"):
        backup_restore(archive=archive, media_root=tmp_path / "busy-media")
    assert database_is_empty("default")
