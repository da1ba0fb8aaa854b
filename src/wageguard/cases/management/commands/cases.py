"""`wageguard manage cases sweep-files [--dry-run] [--all]` (without --all, the same as
`wageguard jobs run --only cases.sweep-files`): deletes numbered documents' files
that no document row names (left by a transaction that rolled back after the file was written;
see cases.sweep). Safe to run hourly and again."""

from django.core.management.base import BaseCommand, CommandParser

from wageguard.cases.documents.sweep import sweep_files


class Command(BaseCommand):
    help = "Case jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser(
            "sweep-files", help="delete document files no row names, older than an hour"
        )
        run.add_argument("--dry-run", action="store_true", help="list them, delete nothing")
        run.add_argument(
            "--all", action="store_true", dest="everything", help="every month, not the last two"
        )

    def handle(self, *args, action: str, dry_run: bool = False, everything: bool = False, **opts):
        names = sweep_files(dry_run=dry_run, everything=everything)
        prefix = "[dry run] " if dry_run else ""
        for name in names:
            self.stdout.write(f"{prefix}{name}")
        self.stdout.write(f"{prefix}removed: {len(names)}")
