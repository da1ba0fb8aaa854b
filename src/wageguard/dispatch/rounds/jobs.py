"""Progress-report reminders, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs


def register() -> None:
    from . import services

    jobs.register(
        "dispatch.report-reminders",
        lambda dry_run: services.remind(dry_run=dry_run).lines(),
        help="remind prefectures that have not reported, a day before the due date and after it",
        schedule="daily",
        order=50,
    )
