"""Backup and restore of a whole installation: the database and the uploaded files (MEDIA_ROOT) in one archive.

An archive (``tidtam-<UTC time>.tar.gz``) holds:

- ``database/tidtam.sqlite3`` (SQLite's online backup API: a consistent copy that includes what is still in
  the WAL, unlike a copy of the file) or ``database/tidtam.pgdump`` (``pg_dump --format=custom``): the
  database's own copy, for its own tools (``sqlite3``, ``pg_restore``) should the application be gone;
- ``tables/<table>.jsonl``: the rows of the table of every installed model (m2m tables, change history,
  users and groups, permissions, content types, sessions, login attempts), one JSON array per row, read from
  the same snapshot as the database copy (SQLite: read from that copy; PostgreSQL: pg_dump joins the
  REPEATABLE READ transaction that reads them, through ``--snapshot``);
- ``media/…``: the uploaded files;
- ``manifest.json``: the format, the application's version, the engine, the applied migrations, the columns
  and the number of rows of each table, and the sha256 and size of every other file of the archive.

Restore always uses the rows, whatever the engines (SQLite to PostgreSQL, PostgreSQL to SQLite or the same
engine): one mechanism, exercised by every restore, instead of a native path per engine plus a translation.
It writes raw INSERTs with the ids of the archive, converting each value through its model field (so
booleans, dates and JSON land as the target engine stores them), never through a model's save(): no
signals, no history rows, no ``auto_now`` rewriting dates, no natural keys. Everything happens in one
transaction: the target's tables are emptied (content types and permissions too, which a fresh ``migrate``
filled with ids of its own, so the archive's ids are the ones that stay), the rows inserted table by table
in dependency order (Django creates foreign keys DEFERRABLE INITIALLY DEFERRED on both engines, so
self-references and cycles are checked at commit), PostgreSQL's sequences reset past the largest ids, and
the count of rows of each table compared with the manifest before the commit: any difference rolls it all
back. The same code version must restore (the migrations applied must be the manifest's); upgrade after.
"""

import base64
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import tomllib
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils import timezone
from django.utils.duration import duration_iso_string

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_COPY = "database/tidtam.sqlite3"
PG_DUMP = "database/tidtam.pgdump"
# Filled by ``migrate`` itself (post_migrate): a fresh database holding only these rows still counts as empty.
MIGRATE_FILLS = {"django_content_type", "auth_permission"}
CHUNK = 1000


class BackupError(Exception):
    """The backup or the restore cannot go on; the message says why (nothing was changed by a restore)."""


@dataclass
class Outcome:
    """What a backup wrote or a restore read: the archive, its manifest, and the seconds it took."""

    archive: Path
    manifest: dict
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(table["rows"] for table in self.manifest["tables"].values())

    @property
    def media_files(self) -> int:
        return sum(1 for name in self.manifest["files"] if name.startswith("media/"))


# What is copied ---------------------------------------------------------------------------------------------


# Caches made again from the data, not copied: the figures shared between processes (evaluation/memo.py).
NOT_COPIED = {"evaluation.sharedfigures"}


def backed_up_models() -> list[type[models.Model]]:
    """Every model with a table of its own (m2m through tables included) but the caches, parents before the
    rows that point at them (foreign keys are checked at commit anyway, so a cycle or a self-reference needs
    no order)."""
    found = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed
        and not model._meta.proxy
        and not model._meta.swapped
        and model._meta.label_lower not in NOT_COPIED
    ]
    ordered, seen = [], set()

    def visit(model, path):
        if model in seen or model in path:
            return
        for f in model._meta.local_concrete_fields:
            target = f.related_model if f.is_relation else None
            if target is not None and target is not model and target in found:
                visit(target, (*path, model))
        seen.add(model)
        ordered.append(model)

    for model in sorted(found, key=lambda m: m._meta.db_table):
        visit(model, ())
    return ordered


def _columns(model) -> list[models.Field]:
    return list(model._meta.local_concrete_fields)


def _plain(value):
    """A JSON value for what the database returned (full precision: microseconds, all decimal places)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, timedelta):
        return duration_iso_string(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    raise TypeError(f"cannot write {type(value).__name__} to a backup")


def _stored(f: models.Field, value, connection):
    """The parameter to INSERT for a value read back from the archive (JSON → Python → the target engine)."""
    if value is None:
        if isinstance(f, models.JSONField) and not f.null:
            return f.get_db_prep_save(models.Value(None, models.JSONField()), connection)  # JSON null
        return None
    if not isinstance(f, models.JSONField):
        value = f.to_python(value)
    return f.get_db_prep_save(value, connection)


def migration_state(using: str) -> list[str]:
    """The migrations applied to that database, as sorted ``app.name`` strings."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def _app_version() -> str:
    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    try:
        return tomllib.loads(pyproject.read_text())["project"]["version"]
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "unknown"


@contextmanager
def database_alias(settings_dict: dict) -> Iterator[str]:
    """A temporary Django connection alias to another database (closed and forgotten afterwards).

    The connection is made here rather than added to settings.DATABASES, as Django does for connections it
    makes on the fly: the database is not one of the installation's.
    """
    alias = f"tidtam_backup_{uuid.uuid4().hex[:8]}"
    configured = connections.configure_settings({"default": dict(settings_dict)})["default"]  # Django's defaults
    connections[alias] = load_backend(configured["ENGINE"]).DatabaseWrapper(configured, alias)
    try:
        yield alias
    finally:
        connections[alias].close()
        del connections[alias]


def _engine(using: str) -> str:
    vendor = connections[using].vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups of {vendor} databases are not supported")
    return vendor


# Backup -----------------------------------------------------------------------------------------------------


def default_archive_path() -> Path:
    return Path(settings.TIDTAM_BACKUP_DIR) / f"tidtam-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"


def backup_create(*, output: Path | None = None, using: str = "default", media_root: Path | None = None) -> Outcome:
    """Write one archive of the database ``using`` and the files under ``media_root`` (MEDIA_ROOT) to ``output``.

    The archive is written beside its final name and renamed when complete, so a half-written archive never
    carries the name. Files are read after the database's snapshot: one uploaded meanwhile may be in the
    archive without its row, never a row without its file (uploads are written before their row).
    """
    started = timezone.now()
    output = Path(output or default_archive_path())
    media_root = Path(media_root or settings.MEDIA_ROOT)
    if output.exists():
        raise BackupError(f"{output} exists already")
    output.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(using)
    partial = output.with_name(output.name + ".partial")
    manifest = {
        "format": FORMAT,
        "app": "tidtam",
        "app_version": _app_version(),
        "created": started.isoformat(),
        "engine": engine,
        "migrations": migration_state(using),
        "tables": {},
        "files": {},
    }
    try:
        with tempfile.TemporaryDirectory(dir=output.parent) as staging, tarfile.open(partial, "w:gz") as tar:
            staging = Path(staging)
            if engine == "sqlite":
                manifest["database"] = _sqlite_snapshot(using, staging, tar, manifest)
            else:
                manifest["database"] = _postgres_snapshot(using, staging, tar, manifest)
            for path in sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.is_dir() else []:
                _add(tar, manifest, "media/" + path.relative_to(media_root).as_posix(), path.read_bytes())
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(data), int(started.timestamp())
            tar.addfile(info, io.BytesIO(data))
        partial.rename(output)
    finally:
        partial.unlink(missing_ok=True)
    return Outcome(output, manifest, (timezone.now() - started).total_seconds())


def _add(tar: tarfile.TarFile, manifest: dict, name: str, data: bytes) -> None:
    """Add one file to the archive and its checksum to the manifest (read once: what is hashed is archived)."""
    manifest["files"][name] = {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
    info = tarfile.TarInfo(name)
    info.size, info.mtime = len(data), int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


def _add_staged(tar: tarfile.TarFile, manifest: dict, name: str, path: Path) -> None:
    """Add a file of the staging folder (nothing else writes it), hashed in chunks rather than read whole."""
    manifest["files"][name] = {"sha256": _sha256(path), "size": path.stat().st_size}
    tar.add(path, name, recursive=False)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while chunk := source.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _add_rows(tar, manifest, using: str, staging: Path) -> None:
    """The rows of every table, read through the connection ``using`` (one snapshot: the caller's)."""
    for model in backed_up_models():
        fields, table = _columns(model), model._meta.db_table
        rows = model._base_manager.using(using).order_by("pk").values_list(*(f.attname for f in fields))
        staged, count = staging / f"{table}.jsonl", 0
        with staged.open("w", encoding="utf-8") as out:
            for row in rows.iterator(CHUNK):
                out.write(json.dumps(list(row), default=_plain, ensure_ascii=False) + "\n")
                count += 1
        manifest["tables"][table] = {"rows": count, "columns": [f.column for f in fields]}
        _add_staged(tar, manifest, f"tables/{table}.jsonl", staged)
        staged.unlink()


def _sqlite_snapshot(using: str, staging: Path, tar, manifest) -> dict:
    """Copy the database with SQLite's online backup API, then read the rows from that copy."""
    copy = staging / "tidtam.sqlite3"
    source = sqlite3.connect(connections[using].settings_dict["NAME"])
    target = sqlite3.connect(copy)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        target.close()
        source.close()
    with database_alias({"ENGINE": "django.db.backends.sqlite3", "NAME": str(copy)}) as alias:
        _add_rows(tar, manifest, alias, staging)
    _add_staged(tar, manifest, SQLITE_COPY, copy)
    return {"copy": SQLITE_COPY, "sqlite_version": sqlite3.sqlite_version}


def _pg_environment(settings_dict: dict) -> dict:
    """libpq's environment for the database (the password never on a command line)."""
    env = {**os.environ, "PGDATABASE": settings_dict["NAME"]}
    for key, name in (("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD"), ("HOST", "PGHOST"), ("PORT", "PGPORT")):
        if settings_dict.get(key):
            env[name] = str(settings_dict[key])
    return env


def pg_dump_major() -> int:
    """The major version of the ``pg_dump`` on the PATH (it must be at least the server's)."""
    try:
        out = subprocess.run(["pg_dump", "--version"], capture_output=True, text=True, check=True).stdout  # noqa: S607
    except (OSError, subprocess.CalledProcessError) as error:
        raise BackupError(f"pg_dump is needed to back up PostgreSQL (Debian: postgresql-client): {error}") from error
    found = re.search(r"\)\s*(\d+)", out)  # "pg_dump (PostgreSQL) 15.20 (Debian …)"
    if found is None:
        raise BackupError(f"cannot read the version of pg_dump from {out!r}")
    return int(found.group(1))


def _postgres_snapshot(using: str, staging: Path, tar, manifest) -> dict:
    """Read the rows in a REPEATABLE READ transaction and let pg_dump share its snapshot."""
    connection = connections[using]
    if connection.in_atomic_block:
        raise BackupError("a PostgreSQL backup needs a transaction of its own (called inside one)")
    connection.ensure_connection()
    server = connection.pg_version // 10000
    client = pg_dump_major()
    if client < server:
        raise BackupError(
            f"pg_dump {client} cannot dump a PostgreSQL {server} server: install postgresql-client-{server}"
        )
    dump = staging / "tidtam.pgdump"
    with transaction.atomic(using=using), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"]
        dumping = subprocess.Popen(  # noqa: S603 (fixed arguments, no shell)
            [*command, f"--file={dump}"], env=_pg_environment(connection.settings_dict), stderr=subprocess.PIPE
        )
        try:
            _add_rows(tar, manifest, using, staging)
        finally:
            _, errors = dumping.communicate()
    if dumping.returncode != 0:
        raise BackupError(f"pg_dump failed: {errors.decode(errors='replace').strip()}")
    _add_staged(tar, manifest, PG_DUMP, dump)
    return {"dump": PG_DUMP, "format": "custom", "server_major": server, "pg_dump_major": client}


# Restore ----------------------------------------------------------------------------------------------------


def backup_verify(*, archive: Path, into: Path) -> dict:
    """Unpack the archive into the folder ``into`` and check it against its manifest: every file listed is
    there with its size and sha256, and nothing else is. Returns the manifest; raises BackupError otherwise."""
    try:
        with tarfile.open(archive, "r:*") as tar:
            tar.extractall(into, filter="data")  # refuses absolute paths, '..', links out of the folder
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"{archive} cannot be read as a backup archive: {error}") from error
    into = Path(into)
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{archive} has no readable {MANIFEST}: {error}") from error
    if manifest.get("format") != FORMAT or manifest.get("app") != "tidtam":
        raise BackupError(f"{archive} is not a Tidtam backup of format {FORMAT}")
    present = {p.relative_to(into).as_posix() for p in into.rglob("*") if p.is_file()} - {MANIFEST}
    problems = [f"missing: {name}" for name in sorted(set(manifest["files"]) - present)]
    problems += [f"not in the manifest: {name}" for name in sorted(present - set(manifest["files"]))]
    for name in sorted(set(manifest["files"]) & present):
        path, expected = into / name, manifest["files"][name]
        if path.stat().st_size != expected["size"] or _sha256(path) != expected["sha256"]:
            problems.append(f"checksum mismatch: {name}")
    for table in manifest["tables"]:
        if f"tables/{table}.jsonl" not in manifest["files"]:
            problems.append(f"no rows file for table {table}")
    if problems:
        raise BackupError(f"{archive} is damaged ({len(problems)} problems): " + "; ".join(problems[:20]))
    return manifest


def database_is_empty(using: str) -> bool:
    """True when no table holds a row (but those ``migrate`` fills, content types and permissions)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    with connection.cursor() as cursor:
        for model in backed_up_models():
            table = model._meta.db_table
            if table in existing and table not in MIGRATE_FILLS:
                cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
                if cursor.fetchone():
                    return False
    return True


def media_is_empty(media_root: Path) -> bool:
    return not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def backup_restore(
    *, archive: Path, using: str = "default", media_root: Path | None = None, force: bool = False
) -> Outcome:
    """Restore the archive into the database ``using`` and the folder ``media_root`` (MEDIA_ROOT).

    Checks, in this order, and changes nothing when one fails (but the migration of a database that had no
    tables): the archive's checksums; the database is migrated (one without tables is migrated first) to exactly
    the manifest's migrations; its tables and columns are the manifest's; the database and the media folder are
    empty, unless ``force``. With ``force``
    their content is replaced: the rows deleted in the restoring transaction, the media folder renamed aside to
    ``<media>.before-restore-<time>`` (never deleted). Then one transaction copies the rows and compares
    the count of each table with the manifest before committing; the files are put in place after the commit.
    """
    started = timezone.now()
    archive = Path(archive)
    media_root = Path(media_root or settings.MEDIA_ROOT)
    connection = connections[using]
    _engine(using)
    if connection.in_atomic_block:
        raise BackupError("a restore needs a transaction of its own (called inside one)")
    notes = []
    media_root.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=media_root.parent, prefix=f".{media_root.name}.restoring-") as unpacked:
        unpacked = Path(unpacked)
        manifest = backup_verify(archive=archive, into=unpacked)
        if not migration_state(using):
            call_command("migrate", database=using, interactive=False, verbosity=0)
            notes.append("migrated the empty database")
        _check_schema(manifest, using)
        if not force and not database_is_empty(using):
            raise BackupError("the database is not empty: restore into an empty one, or replace it with --force")
        if not force and not media_is_empty(media_root):
            raise BackupError(f"{media_root} holds files: restore into an empty folder, or replace it with --force")
        with transaction.atomic(using=using):
            _copy_rows(manifest, unpacked, using)
        apps.get_model("contenttypes", "ContentType").objects.clear_cache()
        media = unpacked / "media"
        media.mkdir(exist_ok=True)
        if media_root.exists():
            if media_is_empty(media_root):
                shutil.rmtree(media_root)
            else:
                aside = media_root.with_name(f"{media_root.name}.before-restore-{started:%Y%m%d-%H%M%S}")
                media_root.rename(aside)
                notes.append(f"the media folder that was replaced is kept as {aside}")
        media.rename(media_root)
    return Outcome(archive, manifest, (timezone.now() - started).total_seconds(), notes)


def _check_schema(manifest: dict, using: str) -> None:
    """The target runs the code that made the archive: same migrations, same tables, same columns."""
    applied = migration_state(using)
    if applied != manifest["migrations"]:
        missing = sorted(set(manifest["migrations"]) - set(applied))
        extra = sorted(set(applied) - set(manifest["migrations"]))
        raise BackupError(
            "the database's migrations differ from the backup's: restore with the version of Tidtam that made it "
            f"(backup {manifest['app_version']}), then upgrade. Only in the backup: {missing or '-'}; "
            f"only in the database: {extra or '-'}"
        )
    tables = {m._meta.db_table: [f.column for f in _columns(m)] for m in backed_up_models()}
    columns = {name: table["columns"] for name, table in manifest["tables"].items()}
    if tables != columns:
        differ = sorted(set(tables) ^ set(columns) | {t for t in set(tables) & set(columns) if tables[t] != columns[t]})
        raise BackupError(f"the backup's tables or columns differ from this version's: {', '.join(differ)}")


def _copy_rows(manifest: dict, unpacked: Path, using: str) -> None:
    """Empty every table, insert the archive's rows with raw INSERTs, reset the sequences, compare the counts
    with the manifest (inside the caller's transaction: a difference rolls everything back)."""
    connection = connections[using]
    ordered = backed_up_models()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        caches = [apps.get_model(label)._meta.db_table for label in NOT_COPIED]  # emptied too: made from the data
        tables = [m._meta.db_table for m in ordered] + caches
        flush = connection.ops.sql_flush(no_style(), tables, reset_sequences=True)
        for statement in flush:
            cursor.execute(statement)
        for model in ordered:
            table, fields = model._meta.db_table, _columns(model)
            sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 (names from the models, values as parameters)
                quote(table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
            )
            with (unpacked / "tables" / f"{table}.jsonl").open(encoding="utf-8") as lines:
                batch = []
                for line in lines:
                    batch.append(
                        [_stored(f, value, connection) for f, value in zip(fields, json.loads(line), strict=True)]
                    )
                    if len(batch) == CHUNK:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
        for statement in connection.ops.sequence_reset_sql(no_style(), ordered):
            cursor.execute(statement)
        mismatches = []
        for model in ordered:
            table = model._meta.db_table
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608
            found, expected = cursor.fetchone()[0], manifest["tables"][table]["rows"]
            if found != expected:
                mismatches.append(f"{table}: {found} rows restored, the manifest says {expected}")
    if mismatches:
        raise BackupError("the restored rows differ from the manifest, nothing was restored: " + "; ".join(mismatches))
