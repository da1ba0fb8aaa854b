"""`wageguard credit expire [--dry-run]`, an alias of `wageguard jobs run --only credit.expire`:
ends listings whose 3-year term is over (Order 45 art. 11). Safe to run daily and again: an
expired listing is not picked up twice."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Credit-list jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("expire", help="move listings whose term ended to expired")
        run.add_argument("--dry-run", action="store_true", help="show what would happen")

    def handle(self, *args, action: str, dry_run: bool = False, **opts) -> None:
        flags = ["--dry-run"] if dry_run else []
        call_command("jobs", "run", "--only", "credit.expire", *flags, stdout=self.stdout)
