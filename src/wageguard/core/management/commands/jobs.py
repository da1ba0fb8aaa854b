"""`wageguard jobs run [--only NAME] [--dry-run]` and `wageguard jobs list`: every app's
scheduled work through one command (core.jobs)."""

from django.core.management.base import BaseCommand, CommandError, CommandParser

from wageguard.core.jobs import JOBS


class Command(BaseCommand):
    help = "Scheduled jobs of every app."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="run every registered job, or one with --only")
        run.add_argument(
            "--only", action="append", metavar="NAME", help="this job only (repeatable)"
        )
        run.add_argument(
            "--skip", action="append", metavar="NAME", help="every job but this (repeatable)"
        )
        run.add_argument("--dry-run", action="store_true", help="show what would happen")
        sub.add_parser("list", help="the registered jobs and how often to run them")

    def handle(
        self,
        *args,
        action: str,
        only: list[str] | None = None,
        skip: list[str] | None = None,
        dry_run: bool = False,
        **opts,
    ) -> None:
        if action == "list":
            for name, job in JOBS.items():
                self.stdout.write(f"{name}\t{job.schedule}\t{job.help}")
            return
        unknown = sorted((set(only or ()) | set(skip or ())) - set(JOBS.names()))
        if unknown:
            raise CommandError(
                f"unknown job {', '.join(unknown)}; known: {', '.join(JOBS.names())}"
            )
        prefix = "[dry run] " if dry_run else ""
        for name, job in JOBS.items():
            if (only and name not in only) or name in (skip or ()):
                continue
            for line in job.run(dry_run):
                self.stdout.write(f"{prefix}{name}: {line}")
