"""`wageguard restore FILE [--force]`: an archive of `wageguard backup` into the configured
database and MEDIA_ROOT, then the audit chain is walked and reported."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup archive into the configured database (empty, or --force)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--force", action="store_true", help="replace a database that holds records"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["archive"].is_file():
            raise CommandError(f"no such archive: {options['archive']}")
        try:
            done = restore(options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"restored {done.vendor} database and {done.files} files")
        self.stdout.write(f"audit chain {done.audit}")
        if not done.audit.startswith("intact"):
            raise CommandError("the restored audit chain is not intact", returncode=2)
