"""Scheduled work of every app, run by one command: `wageguard jobs run [--only NAME] [--dry-run]`.

Each app registers its jobs in its `AppConfig.ready()`; cron (or a systemd timer) calls the one
command every few minutes, and each job stays safe to run again (it picks up only what is still
due). A job returns the lines it reports, so a dry run prints what would happen.
"""

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class Job:
    name: str
    run: Callable[[bool], list[str]]  # run(dry_run) -> report lines
    help: str
    schedule: str  # how often operators should run it, for `jobs list` and the docs


JOBS: Registry[Job] = Registry("scheduled jobs")


def register(
    name: str, run: Callable[[bool], list[str]], help: str, schedule: str, order: int = 100
) -> Job:
    """Called from an app's `ready()`; `order` keeps dependent jobs in sequence (clues before
    the cases that came from them)."""
    return JOBS.register(name, Job(name, run, help, schedule), order)
