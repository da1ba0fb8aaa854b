import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from tests import factories

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=SHANGHAI)


@pytest.fixture
def people(db):
    return factories.people()


@pytest.fixture
def raw(people):
    """A valid public submission from a worker at a Wuhou building site
    (`tests.factories.clue_submission`), a new reporter each call."""

    def _raw(**over):
        return factories.clue_submission(people, **over)

    return _raw


def submit(raw, **over):
    """A public clue taken in from `raw(**over)` (a new reporter each time)."""
    return factories.clue_intake(raw(**over)).clue
