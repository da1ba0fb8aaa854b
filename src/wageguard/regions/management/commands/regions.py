"""`wageguard regions load`: bring the division tables in line with the installed data packages."""

from django.core.management.base import BaseCommand, CommandParser

from wageguard.regions.loader import load_regions


class Command(BaseCommand):
    help = "Administrative divisions: `load` (idempotent; prints row counts and changes)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        sub.add_parser("load", help="load or refresh divisions and their former/short names")

    def handle(self, *args, action: str, **options) -> None:
        if action == "load":
            counts = load_regions()
            self.stdout.write(
                "provinces {provinces}, prefectures {cities}, counties {counties}, "
                "aliases {aliases}".format(**counts)
            )
            self.stdout.write(
                "changes: {created} created, {updated} updated, {deleted} deleted, "
                "{stale_kept} abolished but still referenced; aliases {aliases_created} created, "
                "{aliases_updated} updated, {aliases_deleted} deleted".format(**counts)
            )
