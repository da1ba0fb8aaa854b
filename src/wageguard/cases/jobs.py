"""The case app's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs

from .documents import sweep
from .services import supervision


def _sweep(dry_run: bool) -> list[str]:
    names = sweep.sweep_files(dry_run=dry_run)
    return [*names, f"removed: {len(names)}"]


def register() -> None:
    jobs.register(
        "cases.escalate",
        lambda dry_run: supervision.escalate(dry_run=dry_run).lines(),
        help="remind handlers of cases due soon, escalate overdue ones one level up, then two",
        schedule="every 15 minutes",
        order=20,
    )
    jobs.register(
        "cases.sweep-files",
        _sweep,
        help="delete document files a rolled-back transaction left behind (older than an hour)",
        schedule="hourly",
        order=90,
    )
