"""The daily KPI counts, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs


def register() -> None:
    from . import daily

    jobs.register(
        "dispatch.kpi-daily",
        lambda dry_run: daily.run_job(dry_run=dry_run),
        help="recompute the KPIs' daily counts: recent days, days of changed records, the oldest",
        schedule="every 5 minutes",
        # After every job that changes records (escalations, warnings, credit), so a run's
        # counts include their changes.
        order=60,
    )
