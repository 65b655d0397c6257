"""``manage.py backup [--output PATH]``: one archive of the database and the uploaded files (core/backup.py).

Default: ``var/backups/tidtam-<UTC time>.tar.gz`` (``TIDTAM_BACKUP_DIR``). Restore with ``manage.py restore``.
"""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files (MEDIA_ROOT) into one .tar.gz archive with a manifest."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="the archive to write (default: TIDTAM_BACKUP_DIR/tidtam-<time>.tar.gz)")

    def handle(self, *args, output=None, **options):
        try:
            done = backup_create(output=output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = done.archive.stat().st_size
        self.stdout.write(
            f"wrote {done.archive} ({size / 1e6:.1f} MB, {done.manifest['engine']}): "
            f"{len(done.manifest['tables'])} tables, {done.rows} rows, {done.media_files} files, "
            f"in {done.seconds:.1f} s"
        )
