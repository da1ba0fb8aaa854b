"""`manage.py audit verify`: prove the audit chain unbroken (exit 0) or name the first bad event."""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.core.audit import verify_chain

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = "Audit log tools: `audit verify` walks the SHA-256 chain."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="verify the whole chain in seq order")
        verify.add_argument("--batch-size", type=int, default=5000)
        verify.add_argument(
            "--anchor",
            metavar="SEQ:HASH",
            help="a head printed by an earlier verify; catches deletion of the newest events",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self._verify(options)

    def _verify(self, options: dict) -> None:
        anchor = None
        if options.get("anchor"):
            match = _ANCHOR.match(options["anchor"].strip().lower())
            if not match:
                raise CommandError("--anchor must look like SEQ:HASH (64 hex digits)")
            anchor = (int(match[1]), match[2])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        report = verify_chain(batch_size=options["batch_size"], anchor=anchor)
        if not report.ok:
            raise CommandError(str(report), returncode=2)
        self.stdout.write(str(report))
