"""The credit list's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs

from . import services, supervision


def _expire(dry_run: bool) -> list[str]:
    listings = services.expire_due(dry_run=dry_run)
    lines = [f"{x.pk} {x.unit_name} 期满 {x.expires_on}" for x in listings]
    return [*lines, f"expired: {len(listings)}"]


def register() -> None:
    jobs.register(
        "credit.expire",
        _expire,
        help="end listings whose 3-year term is over (Order 45)",
        schedule="daily",
        order=30,
    )
    jobs.register(
        "credit.escalate",
        lambda dry_run: supervision.escalate(dry_run=dry_run).lines(),
        help="remind bureaus of credit-list deadlines due soon, escalate overdue ones (Order 45)",
        schedule="every 15 minutes",
        order=31,
    )
