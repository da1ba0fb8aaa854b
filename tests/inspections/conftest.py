"""Channel-check fixtures: bureaus of 武侯区 (510107), 锦江区 (510104), 成都市 and the province."""

import datetime as dt

import pytest
from django.utils import timezone

from wageguard.org.rules import Role

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def _fresh_calendar():
    from wageguard.core import calendar

    calendar.invalidate()
    yield
    calendar.invalidate()


@pytest.fixture
def people(make_user):
    """Checkers and checked staff at each level, by short name."""
    return {
        "wuhou_inspector": make_user("wh-insp", Role.INSPECTOR, "510107"),
        "wuhou_supervisor": make_user("wh-sup", Role.SUPERVISOR, "510107"),
        "jinjiang_supervisor": make_user("jj-sup", Role.SUPERVISOR, "510104"),
        "chengdu_supervisor": make_user("cd-sup", Role.SUPERVISOR, "510100"),
        "chengdu_inspector": make_user("cd-insp", Role.INSPECTOR, "510100"),
        "province_taskforce": make_user("sc-tf", Role.TASKFORCE, "510000"),
        "province_supervisor": make_user("sc-sup", Role.SUPERVISOR, "510000"),
        "zigong_supervisor": make_user("zg-sup", Role.SUPERVISOR, "510300"),
        "chengdu_clerk": make_user("cd-clerk", Role.CLERK, "510100"),
    }


def call_data(agency, **overrides) -> dict:
    """A test call to the agency's 12333 line that nobody answered (a failed check)."""
    data = {
        "kind": "test_call",
        "channel": "hotline_12333",
        "agency": agency,
        "performed_at": timezone.now() - dt.timedelta(minutes=5),
        "contact": "028-12333",
        "answered": False,
        "handled_correctly": None,
        "response_seconds": None,
        "notes": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def frozen_now(monkeypatch):
    """Sets "now" (everything reading django.utils.timezone.now) to a given local time."""

    def _freeze(*args):
        moment = dt.datetime(*args, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        return moment

    return _freeze
