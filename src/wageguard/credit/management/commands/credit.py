"""`wageguard credit expire [--dry-run]`: ends listings whose 3-year term is over (Order 45
art. 13). Safe to run daily and again: an expired listing is not picked up twice."""

from django.core.management.base import BaseCommand, CommandParser

from wageguard.credit.services import expire_due


class Command(BaseCommand):
    help = "Credit-list jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("expire", help="move listings whose term ended to expired")
        run.add_argument("--dry-run", action="store_true", help="show what would happen")

    def handle(self, *args, action: str, dry_run: bool = False, **opts) -> None:
        listings = expire_due(dry_run=dry_run)
        prefix = "[dry run] " if dry_run else ""
        for listing in listings:
            self.stdout.write(f"{prefix}{listing.pk} {listing.unit_name} 期满 {listing.expires_on}")
        self.stdout.write(f"{prefix}expired: {len(listings)}")
