"""The round documents' scheduled writing, registered into `wageguard jobs run` (core.jobs)."""

from wageguard.core import jobs


def register() -> None:
    from . import services

    jobs.register(
        "dispatch.round-documents",
        lambda dry_run: services.scheduled(dry_run=dry_run).lines(),
        help="write each round's report and bulletin (Word, Excel) the day after its due date",
        schedule="daily",
        order=51,
    )
