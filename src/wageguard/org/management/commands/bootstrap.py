"""`wageguard bootstrap`: divisions and the HRSS bureaus of a province, for a real deployment."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from wageguard.org.bootstrap import create_agencies
from wageguard.org.models import AgencyKind
from wageguard.regions.loader import load_regions


class Command(BaseCommand):
    help = "Load divisions and create the agencies of a province (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--province", default=settings.WAGEGUARD_PROVINCE)
        parser.add_argument(
            "--kinds",
            default=AgencyKind.HRSS,
            help="comma-separated agency kinds, e.g. hrss,housing,transport",
        )

    def handle(self, *args, province: str, kinds: str, **opts) -> None:
        load_regions()
        wanted = tuple(k.strip() for k in kinds.split(",") if k.strip())
        unknown = set(wanted) - set(AgencyKind.values)
        if unknown:
            self.stderr.write(f"unknown kinds: {', '.join(sorted(unknown))}")
            raise SystemExit(2)
        result = create_agencies(province, wanted)
        self.stdout.write(f"agencies created: {result['created']}, total: {result['total']}")
