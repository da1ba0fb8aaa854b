import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from wageguard.credit import services
from wageguard.org.rules import Role

WORKER = "张晓工"
WORKER_ID = "51010719900101123X"
REP_ID = "510107199001011248"


@pytest.fixture
def inspector(make_user):
    return make_user("wh-credit-inspector", Role.INSPECTOR, "510107")


@pytest.fixture
def supervisor(make_user):
    return make_user("wh-credit-leader", Role.SUPERVISOR, "510107")


def make_case(user, **kwargs):
    """A 武侯区 case the credit list can take (`tests.factories.listable_case`): one worker owed
    25,000 for 4 months, an order to pay that was missed."""
    return factories.listable_case(
        user, worker_name=WORKER, worker_id=WORKER_ID, representative_id=REP_ID, **kwargs
    )


@pytest.fixture
def eligible_case(inspector):
    return make_case(inspector)


@pytest.fixture
def clock(monkeypatch):
    """Sets "today" for services and documents alike; None means the real today."""

    class Clock:
        day: dt.date | None = None

    state = Clock()
    real = timezone.localdate

    def fake(value=None, timezone=None):
        return state.day if value is None and state.day else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", fake)
    return state


def listed(clock, inspector, supervisor, **case_kwargs):
    """A listing decided 20 days ago (notice 30 days ago), current today."""
    today = timezone.localdate()
    clock.day = today - dt.timedelta(days=40)
    listing = services.propose(make_case(inspector, **case_kwargs), inspector)
    clock.day = today - dt.timedelta(days=30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = today - dt.timedelta(days=20)
    listing = services.transition(listing, "decide", supervisor)
    clock.day = None
    return listing
