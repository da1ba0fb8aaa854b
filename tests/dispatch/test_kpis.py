"""Dispatch KPIs (issue 13): each figure equals the count (or sum) of the list it links to, for
the province, a prefecture and a county; the viewer's jurisdiction bounds the regions; bad input
is a 422 naming the field; the page's queries do not grow with the records."""

import datetime as dt
from decimal import Decimal
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from tests import factories
from wageguard.cases.models import CaseWorker, EnforcementCase
from wageguard.clues.models import Clue
from wageguard.dispatch.kpis import daily
from wageguard.dispatch.kpis.models import KpiDay
from wageguard.org.rules import Role
from wageguard.projects.reconcile import due_on as reconcile_due

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START, END = TODAY - dt.timedelta(days=30), TODAY
BEFORE = START - dt.timedelta(days=5)

# The API list behind each page a KPI links to (the same filter module serves both).
API_LIST = {
    "/clues/": "/api/v1/clues",
    "/cases/": "/api/v1/cases",
    "/projects/": "/api/v1/projects",
    "/projects/warnings/": "/api/v1/warnings",
    "/credit/": "/api/v1/credit-listings",
    "/campaigns/ledger/": "/api/v1/ledger",
    "/campaigns/sweeps/targets/": "/api/v1/sweeps/targets",
    "/publications/": "/api/v1/public/publications",
    "/projects/payroll/": "/api/v1/projects/payroll-months",
}


def _received(clue: Clue, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30)))
    Clue.objects.filter(pk=clue.pk).update(received_at=moment)


def _clue(raw, *, day=TODAY, region=None, **state) -> Clue:
    clue = factories.clue_intake(raw()).clue
    _received(clue, day)
    if region:
        state["region_id"] = region
    if state:
        Clue.objects.filter(pk=clue.pk).update(**state)
    return clue


@pytest.fixture
def records(raw, make_user):
    """Clues and cases of 武侯区 and 锦江区 (成都) and 自贡, in the period and before it."""
    inspector = make_user("kpi-inspector", Role.INSPECTOR, factories.WUHOU)
    late, soon = TODAY - dt.timedelta(days=3), TODAY + dt.timedelta(days=20)
    _clue(raw, due_date=late)  # open, overdue
    _clue(raw, due_date=soon, region="510104")  # open, on time
    _clue(raw, state="resolved", outcome="paid_in_full", due_date=soon)
    _clue(raw, state="replied", outcome="mediated", due_date=soon, replied_on=TODAY)
    _clue(raw, state="closed", outcome="unsubstantiated", due_date=late, replied_on=TODAY)
    _clue(raw, state="verifying", outcome="paid_in_part", due_date=soon)  # reopened
    _clue(raw, state="rejected", outcome="time_barred", due_date=soon, replied_on=TODAY)
    _clue(raw, region="510302", state="closed", outcome="court", due_date=late, replied_on=late)
    _clue(raw, day=START)  # first day of the period
    _clue(raw, day=BEFORE, state="resolved", outcome="paid_in_full")  # before the period
    first = factories.case(
        inspector,
        workers=[
            factories.worker("甲", "10000", amount_recovered="4000"),
            factories.worker("乙", "20000"),
        ],
    )
    second = factories.case(inspector, "成都第二劳务有限公司", [factories.worker("丙", "5000")])
    EnforcementCase.objects.filter(pk=second.pk).update(state="closed")
    CaseWorker.objects.filter(case=second).update(amount_recovered=Decimal("5000"))
    factories.police_transfer(first)
    old = factories.case(inspector, "成都旧案劳务有限公司", [factories.worker("丁", "7000")])
    EnforcementCase.objects.filter(pk=old.pk).update(filed_on=BEFORE)
    factories.credit_listing(first, inspector)
    _sweeps(inspector)
    _publications(first, second, old)
    _payroll(inspector, make_user("kpi-zg-inspector", Role.INSPECTOR, "510302"))
    _ledger(inspector)
    return first


def _ledger(by) -> None:
    """Ledger items of 武侯区 opened in the period (one closed) and one closed before it."""
    from wageguard.campaigns.models import LedgerItem

    def item(day: dt.date, state: str):
        LedgerItem.objects.create(
            source="sweep",
            agency=by.agency,
            region_id=factories.WUHOU,
            description="未按月足额支付工资",
            opened_at=timezone.make_aware(dt.datetime.combine(day, dt.time(23, 30))),
            opened_by=by,
            due_date=day + dt.timedelta(days=30),
            state=state,
        )

    item(START, "closed")
    item(TODAY, "open")
    item(BEFORE, "closed")


# The wage month whose pay fell due on the last day of last month (in the period unless today
# is the 31st), and the one before it (due before the period).
DUE_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)
DUE_MONTH = DUE_MONTH.replace(day=1)
EARLIER_MONTH = (DUE_MONTH - dt.timedelta(days=1)).replace(day=1)


def _payroll(wuhou, zigong) -> None:
    """武侯区's project paid its due month on time (and the month before); 自贡's did not pay
    one worker of three; a month without attendance is not due."""
    from wageguard.projects import reconcile
    from wageguard.projects import services as projects
    from wageguard.projects.models import MonthSummary

    def project(by, code: str, address: str):
        data = {
            "name": f"{code} 安置房项目",
            "code": code,
            "site_address": address,
            "developer_name": "成都标记置业有限公司",
            "general_contractor_name": "四川标记建筑有限公司",
        }
        return projects.register(by, data).project

    def month(of, first: dt.date, workers: int, unpaid: int):
        MonthSummary.objects.create(
            project=of,
            month=first,
            due_on=reconcile.due_on(first),
            on_attendance=workers,
            not_paid_on_time=unpaid,
        )

    wh = project(wuhou, "WH-PAY-1", "成都市武侯区人民南路四段 9 号")
    zg = project(zigong, "ZG-PAY-1", "自贡市自流井区五星街 1 号")
    idle = project(wuhou, "WH-PAY-2", "成都市武侯区人民南路四段 11 号")
    month(wh, DUE_MONTH, 5, 0)
    month(wh, EARLIER_MONTH, 5, 0)
    month(zg, DUE_MONTH, 3, 1)
    month(idle, DUE_MONTH, 0, 0)


def _target(sweep, region: str, name: str, visited: bool):
    from wageguard.campaigns.sweeps.models import SweepTarget

    now = timezone.now()
    return SweepTarget.objects.create(
        sweep=sweep,
        kind="employer",
        sector="construction",
        name=name,
        region_id=region,
        added_at=now,
        visited_at=now if visited else None,
    )


def _sweeps(by) -> None:
    """A sweep under way in the period (成都 and 自贡 targets, two of four inspected) and one
    that ended before it (its inspected target not counted)."""
    from wageguard.campaigns.models import Campaign
    from wageguard.campaigns.sweeps.models import Sweep

    campaign = Campaign.objects.create(
        name="全省专项行动",
        kind="winter",
        region_id="510000",
        start_date=BEFORE - dt.timedelta(days=30),
        end_date=END + dt.timedelta(days=30),
        created_by=by,
    )
    running = Sweep.objects.create(
        campaign=campaign,
        name="全省拉网式排查",
        region_id="510000",
        start_date=START + dt.timedelta(days=3),
        end_date=END + dt.timedelta(days=20),
        created_by=by,
    )
    _target(running, factories.WUHOU, "武侯甲公司", True)
    _target(running, factories.WUHOU, "武侯乙公司", False)
    _target(running, "510104", "锦江丙公司", True)
    _target(running, "510302", "自贡丁公司", False)
    ended = Sweep.objects.create(
        campaign=campaign,
        name="上月排查",
        region_id="510000",
        start_date=BEFORE - dt.timedelta(days=20),
        end_date=START - dt.timedelta(days=1),
        created_by=by,
    )
    _target(ended, factories.WUHOU, "武侯戊公司", True)


def _publications(first, second, old) -> None:
    """成都市's batch published in the period (two items), 武侯区's published before it and a
    draft of 自贡市: only the first two items count."""
    from wageguard.publication.models import PublicationBatch

    def batch(region: str, label: str, published: dt.date | None):
        made = factories.publication_batch(factories.agency(region), period_label=label)
        if published is not None:
            moment = timezone.make_aware(dt.datetime.combine(published, dt.time(23, 30)))
            PublicationBatch.objects.filter(pk=made.pk).update(
                state="published", published_at=moment
            )
        return made

    chengdu = batch("510100", "成都市", START)
    factories.publication_item(chengdu, first)
    factories.publication_item(chengdu, second)
    factories.publication_item(batch(factories.WUHOU, "武侯区", BEFORE), old)
    factories.publication_item(batch("510300", "自贡市", None), old)


@pytest.fixture(params=["live", "kept"])
def mode(request, records, monkeypatch):
    """Each figure both counted live and read from the daily table: "kept" pretends today is
    over (the table keeps past days only) and computes every day, so the records of the
    fixture, today's included, come from the table (only the counters of now stay live)."""
    if request.param == "kept":
        monkeypatch.setattr(daily, "today", lambda: TODAY + dt.timedelta(days=1))
        daily.refresh()
        assert KpiDay.objects.filter(source="clues", day=TODAY).exists()
        assert KpiDay.objects.filter(source="clues", day=START).exists()
    return request.param


def _kpis(client, **query) -> dict:
    response = client.get("/api/v1/kpis", {"start": START, "end": END, **query})
    assert response.status_code == 200, response.content
    return response.json()


def _api_rows(client, url: str) -> list[dict]:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    response = client.get(API_LIST[parts.path], {**query, "limit": 1000})
    assert response.status_code == 200, (url, response.content)
    body = response.json()
    assert body["count"] == len(body["items"])
    return body["items"]


def _list_value(client, kpi: dict) -> Decimal:
    rows = _api_rows(client, kpi["list_url"])
    if kpi["key"] == "amount_owed":
        return sum((Decimal(r["amount_owed"]) for r in rows), Decimal("0.00"))
    if kpi["key"] == "amount_recovered":
        return sum((Decimal(r["amount_recovered"]) for r in rows), Decimal("0.00"))
    if kpi["key"] == "workers_involved":
        return Decimal(sum(r["workers"] for r in rows))
    if kpi["key"] == "workers_helped":
        ids = [r["id"] for r in rows]
        return Decimal(CaseWorker.objects.filter(case__in=ids, amount_recovered__gt=0).count())
    return Decimal(len(rows))


def _check_equalities(client, report: dict) -> None:
    for kpi in report["kpis"]:
        if kpi["list_url"] is None:
            continue
        # Every list page opens with the link's filters (no filter refused by its form).
        page = client.get(kpi["list_url"])
        assert page.status_code == 200, kpi["list_url"]
        if kpi["denominator"] is not None:
            assert Decimal(kpi["numerator"]) == _list_value(client, kpi), kpi["key"]
            base = len(_api_rows(client, kpi["base_url"]))
            assert Decimal(kpi["denominator"]) == base, kpi["key"]
        else:
            assert Decimal(kpi["value"]) == _list_value(client, kpi), kpi["key"]


@pytest.mark.parametrize(
    ("viewer_region", "region"),
    [("510000", "510000"), ("510000", "510100"), ("510100", "510107"), ("510000", "510302")],
)
def test_every_kpi_equals_the_count_of_its_list(
    client, make_user, records, mode, viewer_region, region
):
    client.force_login(make_user("kpi-viewer", Role.SUPERVISOR, viewer_region))
    report = _kpis(client, region=region)
    assert report["region"] == region and "computed_at" in report
    _check_equalities(client, report)


def test_the_figures_of_the_province(client, make_user, records, mode):
    client.force_login(make_user("kpi-province", Role.TASKFORCE, "510000"))
    report = _kpis(client, region="510000")
    value = {k["key"]: k["value"] for k in report["kpis"]}
    assert set(value) >= {
        "clues_received",
        "clues_overdue",
        "clues_on_time_rate",
        "cases_filed",
        "amount_owed",
        "amount_recovered",
        "workers_helped",
    }
    assert Decimal(value["clues_received"]) == 9
    assert Decimal(value["clues_verified"]) == 4  # resolved, replied, closed x2; not reopened
    assert Decimal(value["clues_resolved"]) == 2
    assert Decimal(value["clues_overdue"]) == 1
    # Answered: replied (on time), closed late, rejected (on time), 自贡 closed (on time).
    assert Decimal(value["clues_on_time_rate"]) == Decimal("75.0")
    assert Decimal(value["cases_filed"]) == 2 and Decimal(value["cases_closed"]) == 1
    assert Decimal(value["amount_owed"]) == Decimal("35000.00")
    assert Decimal(value["amount_recovered"]) == Decimal("9000.00")
    assert Decimal(value["workers_helped"]) == 2
    assert Decimal(value["police_transfers"]) == 1
    assert Decimal(value["credit_listings"]) == 1
    assert Decimal(value["sweep_coverage_rate"]) == Decimal("50.0")  # 2 of 4 under way
    assert Decimal(value["violations_published"]) == 2
    if reconcile_due(DUE_MONTH) >= START:  # one of two project-months paid monthly
        assert Decimal(value["wages_paid_monthly_rate"]) == Decimal("50.0")
    assert Decimal(value["ledger_items_closed"]) == 1  # of the items opened in the period
    assert value["systems_applied_rate"] is None  # no active project: no rate, not 0%


def test_the_drill_down_equals_each_division_asked_alone(client, make_user, records, mode):
    client.force_login(make_user("kpi-province", Role.TASKFORCE, "510000"))
    report = _kpis(client, region="510000", drill="true")
    assert len(report["children"]) == 21
    chengdu = next(r for r in report["children"] if r["region"] == "510100")
    alone = _kpis(client, region="510100")
    assert [k["value"] for k in chengdu["kpis"]] == [k["value"] for k in alone["kpis"]]
    zigong = next(r for r in report["children"] if r["region"] == "510300")
    received = next(k for k in zigong["kpis"] if k["key"] == "clues_received")
    assert Decimal(received["value"]) == 1


def test_a_region_outside_the_jurisdiction_is_refused(client, make_user, records, mode):
    client.force_login(make_user("kpi-jinjiang", Role.SUPERVISOR, "510104"))
    assert client.get("/api/v1/kpis", {"region": factories.WUHOU}).status_code == 403
    assert client.get("/dispatch/kpis/", {"region": factories.WUHOU}).status_code == 200
    own = _kpis(client)
    assert own["region"] == "510104"
    received = next(k for k in own["kpis"] if k["key"] == "clues_received")
    assert Decimal(received["value"]) == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"region": "999999"}, "region"),
        ({"start": "2026-13-01"}, "start"),
        ({"start": "２０２６-０１-０１"}, "start"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "end"),
        ({"campaign": "99999"}, "campaign"),
    ],
)
def test_bad_input_is_a_422_naming_the_field(client, make_user, query, field):
    client.force_login(make_user("kpi-province", Role.TASKFORCE, "510000"))
    response = client.get("/api/v1/kpis", query)
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field


def test_a_role_without_the_permission_is_refused(client, make_user):
    client.force_login(make_user("kpi-clerk", Role.CLERK, "510107"))
    assert client.get("/api/v1/kpis").status_code == 403
    assert client.get("/dispatch/kpis/").status_code == 403


def test_a_campaign_gives_the_period_and_counts_its_ledger(client, make_user, records, mode):
    from wageguard.campaigns.models import Campaign

    province = make_user("kpi-province", Role.TASKFORCE, "510000")
    campaign = Campaign.objects.create(
        name="冬季专项行动",
        kind="winter",
        region_id="510100",
        start_date=START,
        end_date=END,
        created_by=province,
    )
    client.force_login(province)
    report = _kpis(client, campaign=campaign.pk)
    assert report["region"] == "510100" and report["start"] == START.isoformat()
    closed = next(k for k in report["kpis"] if k["key"] == "ledger_items_closed")
    assert closed["value"] == "1" and "campaign=" in closed["list_url"]
    _check_equalities(client, report)
    refused = client.get("/api/v1/kpis", {"campaign": campaign.pk, "region": "510300"})
    assert refused.status_code == 422 and refused.json()["field"] == "region"


def test_the_page_shows_each_figure_as_a_link_with_its_definition(client, make_user, records):
    client.force_login(make_user("kpi-province", Role.TASKFORCE, "510000"))
    page = client.get("/dispatch/kpis/", {"start": START, "end": END})
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-kpi="clues_received"' in html and "received_from=" in html
    assert "期间内接收的线索数" in html  # the definition, as the tooltip
    assert 'data-testid="computed-at"' in html
    assert 'data-region="510100"' in html  # the drill-down by prefecture
    assert "/dispatch/kpis/?region=510100" in html
    nav = client.get("/").content.decode()
    assert "/dispatch/kpis/" in nav


def test_the_page_asks_a_constant_number_of_queries(client, make_user, raw, query_baseline):
    make_user("kpi-inspector", Role.INSPECTOR, factories.WUHOU)
    user = make_user("kpi-province", Role.TASKFORCE, "510000")
    client.force_login(user)
    client.get("/dispatch/kpis/")  # session and caches warm
    with query_baseline("dispatch.kpi_page"):
        assert client.get("/dispatch/kpis/").status_code == 200
    for region in ("510104", "510302", "510107"):
        _clue(raw, region=region)
    with query_baseline("dispatch.kpi_page"):
        assert client.get("/dispatch/kpis/").status_code == 200


def test_dashboard_charts_the_divisions_below(client, make_user, records):
    """Province: a map of the 21 prefectures by on-time rate; prefecture: bars of overdue clues
    per county; each division links to its own dashboard, whose figures it repeats."""
    client.force_login(make_user("kpi-province", Role.TASKFORCE, "510000"))
    page = client.get("/dispatch/kpis/", {"region": "510000"})
    chart = page.context["chart"]
    assert chart["kind"] == "map" and chart["map"] == "/regions/map/51.geojson"
    assert len(chart["rows"]) == 21
    chengdu = next(r for r in chart["rows"] if r["code"] == "510100")
    assert chengdu["url"].startswith("/dispatch/kpis/?region=510100")
    page = client.get("/dispatch/kpis/", {"region": "510100"})
    chart = page.context["chart"]
    assert chart["kind"] == "bars" and {r["code"] for r in chart["rows"]} >= {factories.WUHOU}
    by_county = {r.region.code: r for r in page.context["report"].children}
    for row in chart["rows"]:
        figures = {f.kpi.key: f.value for f in by_county[row["code"]].figures}
        assert row["overdue"] == figures["clues_overdue"]
    assert 'id="kpi-chart"' in page.content.decode()
    # A county has nothing below it: no chart.
    assert client.get("/dispatch/kpis/", {"region": factories.WUHOU}).context["chart"] is None
