"""`wageguard backup --to DIR`: the database and every uploaded file in one archive."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write the database (SQLite online backup or pg_dump) and MEDIA_ROOT to one tar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--to", type=Path, default=Path(settings.VAR_DIR) / "backups")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            archive = backup(options["to"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(str(archive))
