"""The clue app's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs

from .services import supervision


def register() -> None:
    jobs.register(
        "clues.escalate",
        lambda dry_run: supervision.escalate(dry_run=dry_run).lines(),
        help="remind handlers of clues due soon, escalate overdue ones one level up, then two",
        schedule="every 15 minutes",
        order=10,
    )
