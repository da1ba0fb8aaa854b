"""`wageguard crypto`: keys of personal data at rest (core.crypto).

`crypto newkey` prints a fresh data key; `crypto rotate` rewrites every encrypted column under the
current data key and recomputes every keyed hash under the current index key, in batches of one
transaction each (stop it any time and run it again: rows already right are skipped);
`crypto status` counts the values not yet under the current data key; `crypto derived` prints
the keys derived from SECRET_KEY that a server without keys of its own used, to list after the
new ones until `crypto rotate` ends.
"""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connections

from wageguard.core import crypto


class Command(BaseCommand):
    help = "Personal data at rest: newkey, rotate (data and index keys), status, derived."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        sub.add_parser("newkey", help="print a fresh key for WAGEGUARD_DATA_KEYS")
        rotate = sub.add_parser(
            "rotate",
            help="re-encrypt under the first data key and rehash under the first index key",
        )
        rotate.add_argument("--batch-size", type=int, default=1000)
        sub.add_parser("status", help="values per column not yet under the first data key")
        sub.add_parser("derived", help="the keys used while none were set (from SECRET_KEY)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "newkey":
            self.stdout.write(crypto.new_key())
        elif options["subcommand"] == "rotate":
            crypto.reseal_all(batch_size=options["batch_size"], report=self.stdout.write)
            self.stdout.write(f"done: every value under data key {crypto.keyring().current}")
        elif options["subcommand"] == "derived":
            data, index = crypto.derived_keys(settings.SECRET_KEY)
            self.stdout.write(f"WAGEGUARD_DATA_KEYS entry: {data}")
            self.stdout.write(f"WAGEGUARD_INDEX_KEYS entry: {index}")
        else:
            self._status()

    def _status(self) -> None:
        connection = connections["default"]
        q = connection.ops.quote_name
        current = f"{crypto.PREFIX}:{crypto.keyring().current}:%"
        with connection.cursor() as cursor:
            for column in crypto.columns():
                col = q(column.column)
                cursor.execute(
                    f"SELECT COUNT(*) FROM {q(column.table)} WHERE {col} <> '' "
                    f"AND {col} NOT LIKE %s",
                    [current],
                )
                self.stdout.write(f"{column.label}: {cursor.fetchone()[0]} to rotate")
