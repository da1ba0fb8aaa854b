"""Coordination's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs

from . import services


def register() -> None:
    jobs.register(
        "campaigns.assignments",
        lambda dry_run: services.remind_and_escalate(dry_run=dry_run).lines(),
        help="remind departments of assignments due soon; escalate unanswered overdue ones to "
        "the bureau above the assigning one (once per deadline)",
        schedule="every 15 minutes",
        order=45,  # after the ledger's escalation (40), whose items an assignment may carry
    )
