"""The projects app's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from itertools import islice

from django.utils import timezone

from wageguard.core import jobs

from . import services
from .models import Project
from .rules import ACTIVE, State


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


def register() -> None:
    jobs.register(
        "projects.assess",
        assess_all,
        help="judge every running project's core wage-payment systems on today's date",
        schedule="nightly",
        order=25,
    )
