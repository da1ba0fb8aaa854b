"""`wageguard clues escalate [--dry-run]`: safe to run every few minutes (cron or a timer)."""

from django.core.management.base import BaseCommand, CommandParser

from wageguard.clues.supervision import escalate


class Command(BaseCommand):
    help = "Clue supervision jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("escalate", help="remind due-soon, escalate overdue clues")
        run.add_argument("--dry-run", action="store_true", help="show what would happen")

    def handle(self, *args, action: str, dry_run: bool = False, **opts) -> None:
        report = escalate(dry_run=dry_run)
        prefix = "[dry run] " if dry_run else ""
        for line in report.lines():
            self.stdout.write(prefix + line)
