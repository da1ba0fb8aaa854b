"""The public portal's scheduled work, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs

from .report import draft


def register() -> None:
    jobs.register(
        "portal.sweep-drafts",
        lambda dry_run: [f"abandoned report photos: {draft.sweep(dry_run=dry_run)}"],
        help="delete photos of reports nobody finished sending (older than a session lasts)",
        schedule="hourly",
        order=91,
    )
