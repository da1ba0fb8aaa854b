"""The projects app's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from itertools import islice

from django.utils import timezone

from wageguard.core import jobs

from . import services
from .models import Project
from .rules import ACTIVE, State
from .warnings import services as warnings


def assess_all(dry_run: bool) -> list[str]:
    """Every project still running (or completed and not yet settled) judged on today's date:
    a window that ends overnight moves a status without anyone touching the project. Streams
    the table in batches, so a province's 100,000 projects never sit in memory together."""
    states = {*ACTIVE, State.REGISTERED, State.COMPLETED}
    rows = Project.objects.filter(state__in=states).order_by("pk").iterator(chunk_size=2000)
    today, count = timezone.localdate(), 0
    while batch := list(islice(rows, services.ASSESS_BATCH)):
        count += len(batch)
        if not dry_run:
            services.assess_many(batch, today)
    return [f"projects assessed: {count}"]


def scan_warnings(dry_run: bool) -> list[str]:
    """Every project not yet settled scanned on today's date: a guarantee that comes within a
    month of expiry overnight is warned about the next morning. A finding already seen today
    (by the assessment's own scan) changes nothing."""
    states = {*ACTIVE, State.REGISTERED, State.COMPLETED}
    projects = Project.objects.filter(state__in=states)
    if dry_run:
        return [f"projects to scan for warnings: {projects.count()}"]
    report = warnings.scan(projects, timezone.localdate())
    return [
        f"projects scanned: {report.projects}, warnings issued: {report.issued}, "
        f"repeated: {report.repeated}"
    ]


def register() -> None:
    jobs.register(
        "projects.assess",
        assess_all,
        help="judge every running project's core wage-payment systems on today's date",
        schedule="nightly",
        order=25,
    )
    jobs.register(
        "projects.warnings",
        scan_warnings,
        help="scan every running project with the province's warning rules and issue warnings",
        schedule="nightly",
        order=26,
    )
