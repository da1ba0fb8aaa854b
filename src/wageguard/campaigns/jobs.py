"""The campaigns app's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs

from . import supervision


def register() -> None:
    jobs.register(
        "campaigns.ledger-escalate",
        lambda dry_run: supervision.escalate(dry_run=dry_run).lines(),
        help="remind bureaus of ledger items due soon, escalate overdue ones up the hierarchy",
        schedule="every 15 minutes",
        order=40,
    )
