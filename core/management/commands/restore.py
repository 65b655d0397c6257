"""``manage.py restore FILE [--force]``: restore an archive of ``manage.py backup`` (core/backup.py).

Into an empty database (migrated or not) and an empty media folder; ``--force`` replaces what is there (the
media folder is kept aside). The archive's checksums and, after the copy, each table's count of rows are
checked against its manifest: any difference stops the restore and changes nothing.
"""

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and media folder (any engine to any engine)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="an archive written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the database's rows and the media folder (kept aside as <media>.before-restore-<time>)",
        )

    def handle(self, *args, file, force=False, **options):
        try:
            done = backup_restore(archive=file, force=force)
        except BackupError as error:
            raise CommandError(f"restore failed: {error}") from error
        for note in done.notes:
            self.stdout.write(note)
        manifest = done.manifest
        self.stdout.write(
            self.style.SUCCESS(
                f"restored {done.archive} (made {manifest['created']} on {manifest['engine']}): "
                f"{len(manifest['tables'])} tables, {done.rows} rows, {done.media_files} files, "
                f"checksums and counts verified, in {done.seconds:.1f} s"
            )
        )
