"""Precomputed daily KPI counts (issue 13): a change after a refresh shows after the next one,
with an older `computed_at` until then; today is always live; the job recomputes what changed
and is idempotent; only a viewer who sees every record of the division reads the table; the
page's queries do not grow with the records or the days. (That every figure read from the table
still equals its list: tests/dispatch/test_kpis.py, parametrised live and kept.)"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from wageguard.clues.models import Clue
from wageguard.dispatch.kpis import Scope, compute, daily
from wageguard.dispatch.kpis.models import KpiDaily, KpiDay
from wageguard.org.rules import Role
from wageguard.projects.models import Warning
from wageguard.regions.models import Region

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YESTERDAY = TODAY - dt.timedelta(days=1)


def _clue(raw, day: dt.date, region: str = factories.WUHOU, **state) -> Clue:
    clue = factories.clue_intake(raw()).clue
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    Clue.objects.filter(pk=clue.pk).update(received_at=moment, region_id=region, **state)
    return Clue.objects.get(pk=clue.pk)


def _figures(user, days: int = 30, region: str = "510000"):
    scope = Scope(Region.objects.get(code=region), TODAY - dt.timedelta(days=days), TODAY)
    report = compute(user, scope)
    return report, {f.key: f.value for f in report.total.figures}


def _oldest() -> dt.datetime:
    return KpiDay.objects.order_by("computed_at").first().computed_at


@pytest.fixture
def province(make_user):
    return make_user("kpi-province", Role.TASKFORCE, "510000")


def test_a_change_shows_after_the_next_refresh_and_the_figure_says_when(raw, province):
    clue = _clue(raw, YESTERDAY)
    daily.refresh()
    computed = KpiDay.objects.get(source="clues", day=YESTERDAY).computed_at
    report, value = _figures(province)
    assert value["clues_received"] == 1 and value["clues_verified"] == 0
    assert report.computed_at == computed

    # A change that leaves no timestamp: the kept day still counts it as it was, and says when.
    Clue.objects.filter(pk=clue.pk).update(state="resolved", outcome="paid_in_full")
    report, value = _figures(province)
    assert value["clues_verified"] == 0 and report.computed_at == computed

    daily.refresh(days=[YESTERDAY], sources=["clues"])
    report, value = _figures(province)
    assert value["clues_verified"] == 1 and report.computed_at > computed


def test_today_is_always_counted_live(raw, province):
    _clue(raw, YESTERDAY)
    daily.refresh()
    assert not KpiDay.objects.filter(day=TODAY).exists()
    _clue(raw, TODAY)
    _report, value = _figures(province)
    assert value["clues_received"] == 2


def test_a_day_never_computed_is_counted_live(raw, province):
    _clue(raw, YESTERDAY)
    _clue(raw, TODAY - dt.timedelta(days=10))
    daily.refresh(days=[YESTERDAY])
    report, value = _figures(province)
    assert value["clues_received"] == 2
    assert report.computed_at == _oldest()  # of the sources' kept days


def test_overdue_is_of_now_even_for_a_kept_day(raw, province):
    """Overdue changes with the day, not the records: never kept, so a kept day's clue turns
    overdue the day its deadline passes without any refresh."""
    _clue(raw, TODAY - dt.timedelta(days=5), due_date=TODAY)
    daily.refresh()
    _report, value = _figures(province)
    assert value["clues_overdue"] == 0
    Clue.objects.update(due_date=YESTERDAY)
    _report, value = _figures(province)
    assert value["clues_overdue"] == 1


def test_the_job_recomputes_what_changed_and_is_idempotent(raw, province, monkeypatch):
    old_day = TODAY - dt.timedelta(days=20)
    clue = _clue(raw, old_day)
    _clue(raw, YESTERDAY, region="510302")
    assert daily.run_job(dry_run=True) == ["KPI days to compute: 20"]  # clues only: 20 days
    assert daily.run_job() == ["KPI days computed: 20"]
    rows = list(
        KpiDaily.objects.order_by("source", "day", "region").values_list(
            "source", "day", "region", "n0"
        )
    )
    assert rows == [("clues", old_day, factories.WUHOU, 1), ("clues", YESTERDAY, "510302", 1)]
    assert KpiDay.objects.filter(source="clues").count() == 20
    daily.run_job()
    again = list(
        KpiDaily.objects.order_by("source", "day", "region").values_list(
            "source", "day", "region", "n0"
        )
    )
    assert again == rows and KpiDay.objects.filter(source="clues").count() == 20

    # Only the recent days, the touched days and the oldest are due.
    monkeypatch.setattr(daily, "RECENT_DAYS", 1)
    monkeypatch.setattr(daily, "ROLLING_DAYS", 0)
    monkeypatch.setattr(daily, "MARGIN", dt.timedelta(0))  # the clues were made just now
    assert daily.due(["clues"]) == {"clues": {YESTERDAY}}
    clue.state = "resolved"
    clue.outcome = "paid_in_full"
    clue.save()  # a service's save: updated_at moves
    assert daily.due(["clues"]) == {"clues": {YESTERDAY, old_day}}
    daily.run_job()
    _report, value = _figures(province)
    assert value["clues_resolved"] == 1

    # A bulk change leaves no timestamp: the rolling pass reaches its day.
    Clue.objects.filter(pk=clue.pk).update(state="verifying")
    assert old_day not in daily.due(["clues"])["clues"]
    KpiDay.objects.filter(source="clues", day=old_day).update(
        computed_at=timezone.now() - dt.timedelta(days=1)
    )
    monkeypatch.setattr(daily, "ROLLING_DAYS", 1)
    assert daily.due(["clues"]) == {"clues": {YESTERDAY, old_day}}


def test_only_a_viewer_who_sees_all_of_the_division_reads_the_table(make_user, province):
    housing = make_user("kpi-housing", Role.SUPERVISOR, "510000", kind="housing")
    chengdu = make_user("kpi-chengdu", Role.SUPERVISOR, "510100")
    clue_model = Clue
    assert daily.sees_all(province, clue_model, "510000")
    assert daily.sees_all(chengdu, clue_model, "510100")
    assert daily.sees_all(chengdu, clue_model, factories.WUHOU)
    assert not daily.sees_all(chengdu, clue_model, "510000")  # not all of the province
    # An industry department's warnings are its own projects' only.
    assert daily.sees_all(housing, clue_model, "510000")
    assert not daily.sees_all(housing, Warning, "510000")
    assert daily.sees_all(province, Warning, "510000")


def test_money_sums_are_exact(province, make_user):
    inspector = make_user("kpi-inspector", Role.INSPECTOR, factories.WUHOU)
    from wageguard.cases.models import EnforcementCase

    case = factories.case(
        inspector, workers=[factories.worker("甲", "10000.10", amount_recovered="0.20")]
    )
    EnforcementCase.objects.filter(pk=case.pk).update(filed_on=YESTERDAY)
    daily.refresh()
    _report, value = _figures(province)
    assert value["amount_owed"] == Decimal("10000.10")
    assert value["amount_recovered"] == Decimal("0.20")
    assert value["cases_filed"] == 1 and value["workers_helped"] == 1


def test_the_kept_page_asks_a_constant_number_of_queries(client, raw, province, query_baseline):
    factories.user("kpi-inspector", Role.INSPECTOR, factories.WUHOU)
    _clue(raw, YESTERDAY)
    daily.refresh()
    client.force_login(province)
    client.get("/dispatch/kpis/")  # session and caches warm
    with query_baseline("dispatch.kpi_page_kept"):
        page = client.get("/dispatch/kpis/")
    assert page.status_code == 200
    assert page.context["report"].computed_at == _oldest()
    assert 'data-testid="computed-at"' in page.content.decode()
    for day, region in ((YESTERDAY, "510104"), (TODAY - dt.timedelta(days=3), "510302")):
        _clue(raw, day, region=region)
    _clue(raw, TODAY, region="510107")
    daily.refresh()
    with query_baseline("dispatch.kpi_page_kept"):
        assert client.get("/dispatch/kpis/").status_code == 200
    api = client.get("/api/v1/kpis").json()
    # The API gives milliseconds.
    shown = dt.datetime.fromisoformat(api["computed_at"])
    assert abs(shown - _oldest()) < dt.timedelta(milliseconds=1)
