"""`wageguard clues escalate [--dry-run]` (safe every few minutes; clues, then cases) and
`wageguard clues import`."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.clues.imports import import_rows, read_file
from wageguard.clues.supervision import escalate
from wageguard.org.models import User


class Command(BaseCommand):
    help = "Clue supervision jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("escalate", help="remind due-soon, escalate overdue clues and cases")
        run.add_argument("--dry-run", action="store_true", help="show what would happen")
        imp = sub.add_parser("import", help="import a national-platform export (.json or .xlsx)")
        imp.add_argument("file")
        imp.add_argument("--user", required=True, help="the clerk the clues are registered by")

    def handle(self, *args, action: str, dry_run: bool = False, **opts) -> None:
        if action == "import":
            self._import(opts["file"], opts["user"])
            return
        # Cases' investigation deadlines ride the same cron job (cases builds on clues, not back).
        from wageguard.cases.supervision import escalate as escalate_cases

        prefix = "[dry run] " if dry_run else ""
        for what, job in (("", escalate), ("cases ", escalate_cases)):
            for line in job(dry_run=dry_run).lines():
                self.stdout.write(f"{prefix}{what}{line}")

    def _import(self, path: str, username: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"user {username!r} does not exist")
        try:
            with open(path, "rb") as stream:
                report = import_rows(read_file(path, stream), user)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"created {report.created}, already present {report.existing}, "
            f"bad rows {len(report.errors)}"
        )
        for error in report.errors:
            self.stdout.write(
                f"  row {error.row} [{error.field}] {error.message} {error.external_id}"
            )
