"""`wageguard audit verify`: prove the audit chain unbroken (exit 0) or name the first bad event,
checked against every anchor written down so far; `wageguard audit anchor`: write the head down."""

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.core.audit import read_anchors, verify_chain, write_anchor

_ANCHOR = re.compile(r"^(\d+):([0-9a-f]{64})$")


class Command(BaseCommand):
    help = "Audit log tools: `audit verify` walks the HMAC chain; `audit anchor` writes its head."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="verify the whole chain in seq order")
        verify.add_argument("--batch-size", type=int, default=5000)
        verify.add_argument(
            "--anchor",
            metavar="SEQ:HASH",
            help="a head printed by an earlier verify, checked besides the anchors file",
        )
        verify.add_argument(
            "--no-anchors", action="store_true", help="do not read the anchors file"
        )
        sub.add_parser("anchor", help="append the chain's head to the anchors file")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "verify":
            self._verify(options)
        elif options["subcommand"] == "anchor":
            head = write_anchor()
            self.stdout.write(f"anchor {head[0]}:{head[1]}" if head else "the log is empty")

    def _verify(self, options: dict) -> None:
        anchor = None
        if options.get("anchor"):
            match = _ANCHOR.match(options["anchor"].strip().lower())
            if not match:
                raise CommandError("--anchor must look like SEQ:HASH (64 hex digits)")
            anchor = (int(match[1]), match[2])
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1")
        anchors = [] if options["no_anchors"] else read_anchors()
        report = verify_chain(batch_size=options["batch_size"], anchor=anchor, anchors=anchors)
        if not report.ok:
            raise CommandError(str(report), returncode=2)
        self.stdout.write(str(report))
