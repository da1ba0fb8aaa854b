"""The clue app's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs

from .reports import overview
from .services import listed, supervision


def register() -> None:
    jobs.register(
        "clues.escalate",
        lambda dry_run: supervision.escalate(dry_run=dry_run).lines(),
        help="remind handlers of clues due soon, escalate overdue ones one level up, then two",
        schedule="every 15 minutes",
        order=10,
    )
    jobs.register(
        "clues.listed-reminders",
        lambda dry_run: listed.remind(dry_run=dry_run).lines(),
        help="remind bureaus of listed supervision (挂牌督办) awaiting their report, before the "
        "deadline and each day after it (the listing level hears of the first overdue day)",
        schedule="daily",
        order=11,
    )
    jobs.register(
        "clues.overview-snapshot",
        lambda dry_run: [
            "overview snapshot: dry run" if dry_run else f"overview snapshot: {overview.snapshot()}"
        ],
        help="record each division's open and overdue clues for the day, so the supervisor "
        "overview can show the trend against last week",
        schedule="daily",
        order=12,
    )
