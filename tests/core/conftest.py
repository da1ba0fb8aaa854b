"""Core test helpers: a clean calendar cache per test and the holiday page's URL."""

import pytest


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Entered years are rolled back with each test's transaction; the cache must follow."""
    from wageguard.core import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()
