"""A complaint accepted on day D is filed for investigation on D (Order 25 art. 18, secondary
copy): its investigation limit (Decree 423 art. 17: 60 working days) runs from D, on the clue,
and a case opened from it later keeps D as its filing day. Clues of other channels keep their
verification limits, and their cases are filed when opened. Through the service, the API and
both pages; on the old rules the case was filed, and its 60 days counted, at conversion."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests import factories
from wageguard.cases.models import EnforcementCase
from wageguard.clues import services
from wageguard.clues.models import ArrearsLine, ClueSettings
from wageguard.clues.rules import (
    COMPLAINT_CHANNELS,
    Action,
    Channel,
    investigation_due,
    is_complaint,
)
from wageguard.core.calendar import add_workdays
from wageguard.core.deadlines import Clock, Sla
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ACCEPTED = dt.date(2026, 9, 7)  # a Monday; the library knows 2026
CONVERTED = dt.date(2026, 9, 28)  # three weeks later


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def freeze(monkeypatch):
    def _at(day: dt.date):
        moment = dt.datetime.combine(day, dt.time(10), tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return _at


@pytest.fixture
def inspector(make_user):
    return make_user("fa-insp", Role.INSPECTOR, "510107")


def _accepted(freeze, inspector, channel: str):
    freeze(ACCEPTED)
    data = factories.staff_clue_data()
    actor = None if channel == Channel.WEB else inspector
    clue = factories.clue_intake(data, public=False, channel=channel, actor=actor).clue
    ArrearsLine.objects.create(clue=clue, worker_name="王五", amount_owed="12000")
    return services.transition(clue, Action.ACCEPT, inspector)


def _converted(freeze, inspector, clue):
    freeze(CONVERTED)
    clue = services.transition(clue, Action.START_VERIFICATION, inspector)
    clue = services.transition(clue, Action.CONVERT_TO_CASE, inspector)
    return clue, EnforcementCase.objects.get(clue=clue)


def test_complaint_channels_are_the_worker_reported_ones():
    assert {"web", "hotline_12333", "window", "letter"} == COMPLAINT_CHANNELS
    for channel in ("public_opinion", "inspection", "undercover", "national_platform"):
        assert not is_complaint(channel)


@pytest.mark.parametrize("channel", sorted(COMPLAINT_CHANNELS))
def test_a_complaint_is_filed_the_day_it_is_accepted(freeze, inspector, channel):
    clue = _accepted(freeze, inspector, channel)
    limit = add_workdays(ACCEPTED, 60)
    assert clue.filed_on == ACCEPTED
    assert (clue.investigation_due, clue.investigation_due_provisional) == limit
    # The province's reply limit is the stage's, shorter than the investigation's.
    assert clue.due_date == add_workdays(ACCEPTED, 10).date < clue.investigation_due


def test_the_case_opened_later_keeps_the_filing_day_and_its_limit(freeze, inspector):
    clue = _accepted(freeze, inspector, Channel.HOTLINE_12333)
    clue, case = _converted(freeze, inspector, clue)
    assert case.filed_on == ACCEPTED != CONVERTED
    assert case.due_date == add_workdays(ACCEPTED, 60).date == clue.investigation_due
    assert case.due_date != add_workdays(CONVERTED, 60).date  # the old count, from conversion


@pytest.mark.parametrize("channel", ["public_opinion", "inspection", "national_platform"])
def test_other_channels_keep_their_verification_limits(freeze, inspector, channel):
    clue = _accepted(freeze, inspector, channel)
    assert clue.filed_on is None and clue.investigation_due is None
    assert clue.due_date == add_workdays(ACCEPTED, 10).date
    clue, case = _converted(freeze, inspector, clue)
    assert case.filed_on == CONVERTED
    assert case.due_date == add_workdays(CONVERTED, 60).date


def test_investigation_limit_boundaries(freeze, inspector):
    clue = _accepted(freeze, inspector, Channel.WINDOW)
    _clue, case = _converted(freeze, inspector, clue)
    due = case.due_date
    for offset, expected in [(-1, Sla.ON_TIME), (0, Sla.ON_TIME), (1, Sla.OVERDUE)]:
        clock = Clock(due + dt.timedelta(days=offset), due - dt.timedelta(days=30))
        assert clock.state(due) == expected, offset
        assert clock.state(clue.investigation_due) == expected, offset
    # One working day before the limit is day 59 from acceptance, the limit is day 60.
    assert add_workdays(ACCEPTED, 59).date < due == add_workdays(ACCEPTED, 60).date
    assert investigation_due(ACCEPTED, extended=True).date == add_workdays(ACCEPTED, 90).date


def test_a_longer_reply_limit_never_outlasts_the_investigation(freeze, inspector, monkeypatch):
    settings = ClueSettings(province_code="51", reply_days=90)
    monkeypatch.setattr(ClueSettings, "for_province", classmethod(lambda cls, code=None: settings))
    clue = _accepted(freeze, inspector, Channel.LETTER)
    assert clue.due_date == clue.investigation_due == add_workdays(ACCEPTED, 60).date


def test_both_limits_on_the_clue_page_the_case_page_and_the_api(client, freeze, inspector):
    clue = _accepted(freeze, inspector, Channel.WEB)
    client.force_login(inspector)
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    assert 'data-testid="filed-on"' in page and ACCEPTED.isoformat() in page
    assert clue.investigation_due.isoformat() in page and 'data-testid="limits-differ"' in page
    assert "若干规定》第十八条" in page and "《劳动保障监察条例》第十七条" in page
    body = client.get(f"/api/v1/clues/{clue.pk}").json()
    assert body["filed_on"] == ACCEPTED.isoformat()
    assert body["investigation_due"] == clue.investigation_due.isoformat()
    assert body["due_date"] != body["investigation_due"]
    clue, case = _converted(freeze, inspector, clue)
    client.force_login(inspector)  # the frozen clock moved past the session's age
    response = client.get(f"/cases/{case.pk}/")
    assert response.status_code == 200, response
    page = response.content.decode()
    assert 'data-testid="filed-on-acceptance"' in page and CONVERTED.isoformat() in page
    assert 'data-testid="clue-due"' in page and clue.due_date.isoformat() in page
    body = client.get(f"/api/v1/cases/{case.pk}").json()
    assert body["filed_on"] == ACCEPTED.isoformat()
    assert body["due_date"] == clue.investigation_due.isoformat()


def test_migration_backfills_complaints_accepted_before(freeze, inspector):
    from importlib import import_module

    from django.apps import apps

    from wageguard.clues.models import Clue

    complaint = _accepted(freeze, inspector, Channel.WEB)
    inspected = _accepted(freeze, inspector, Channel.INSPECTION)
    Clue.objects.filter(pk=complaint.pk).update(filed_on=None, investigation_due=None)
    import_module("wageguard.clues.migrations.0007_backfill_complaint_filing").forward(apps, None)
    complaint.refresh_from_db()
    inspected.refresh_from_db()
    assert complaint.filed_on == ACCEPTED
    assert complaint.investigation_due == add_workdays(ACCEPTED, 60).date
    assert inspected.filed_on is None


@pytest.mark.parametrize(("offset", "sla"), [(-1, "on_time"), (0, "on_time"), (1, "overdue")])
def test_case_limit_from_acceptance_through_the_api_and_page(
    client, freeze, inspector, offset, sla
):
    clue = _accepted(freeze, inspector, Channel.WEB)
    _clue, case = _converted(freeze, inspector, clue)
    freeze(case.due_date + dt.timedelta(days=offset))
    client.force_login(inspector)
    assert client.get(f"/api/v1/cases/{case.pk}").json()["sla"] in (
        {sla, "due_soon"} if sla == "on_time" else {sla}
    )
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert ("已超期" in page) is (sla == "overdue")
    # The old count (from the conversion day) would still be running on the day after.
    assert add_workdays(CONVERTED, 60).date > case.due_date + dt.timedelta(days=1)
