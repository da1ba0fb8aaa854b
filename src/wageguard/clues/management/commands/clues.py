"""`wageguard clues import` and, kept as an alias of `wageguard jobs run --only clues.escalate
--only cases.escalate`, `wageguard clues escalate [--dry-run]`."""

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.clues.services.imports import import_rows, read_file
from wageguard.core.jobs import JOBS
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
        # The escalation jobs of every app that registered one (clues, then cases).
        names = [n for n in JOBS.names() if n.endswith(".escalate")]
        only = [arg for name in names for arg in ("--only", name)]
        flags = ["--dry-run"] if dry_run else []
        call_command("jobs", "run", *only, *flags, stdout=self.stdout)

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
