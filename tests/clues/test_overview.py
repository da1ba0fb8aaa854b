"""Supervisor overview: per-region counts, oldest overdue clue, drill-down links, query count."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from wageguard.clues.filters import STAGE
from wageguard.clues.models import Clue
from wageguard.clues.reports import overview
from wageguard.core.deadlines import Clock
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.regions.models import Region

from .conftest import submit

pytestmark = pytest.mark.django_db

WUHOU = "四川省成都市武侯区人民南路四段 12 号工地"
JINJIANG = "四川省成都市锦江区春熙路 1 号"
ZIGONG = "四川省自贡市自流井区五星街 8 号"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def clock() -> Clock:
    return Clock(dt.date(2026, 11, 27), dt.date(2026, 12, 1), STAGE)


def set_due(clue: Clue, due: dt.date, **extra) -> None:
    Clue.objects.filter(pk=clue.pk).update(due_date=due, **extra)


def test_city_rows_count_each_county(make_user, raw):
    old = submit(raw, work_address=WUHOU, workers_owed=1)
    older = submit(raw, work_address=WUHOU, workers_owed=1)
    set_due(old, dt.date(2026, 11, 20))
    set_due(older, dt.date(2026, 11, 10), reopened_count=1)
    soon = submit(raw, work_address=WUHOU, workers_owed=1)
    set_due(soon, dt.date(2026, 11, 30))
    urgent = submit(raw, work_address=JINJIANG, workers_owed=40)
    set_due(urgent, dt.date(2026, 12, 20))
    closed = submit(raw, work_address=JINJIANG, workers_owed=1)
    Clue.objects.filter(pk=closed.pk).update(state="closed", due_date=dt.date(2026, 1, 1))
    submit(raw, work_address=ZIGONG)  # another prefecture: not in Chengdu's rows
    city = make_user("cd", Role.SUPERVISOR, "510100")
    rows = {r.region.code: r for r in overview.rows(city, clock())}
    wuhou, jinjiang = rows["510107"], rows["510104"]
    assert (wuhou.open, wuhou.due_soon, wuhou.overdue, wuhou.urgent, wuhou.reopened) == (
        3,
        1,
        2,
        0,
        1,
    )
    assert wuhou.oldest_overdue.pk == older.pk
    assert (jinjiang.open, jinjiang.overdue, jinjiang.urgent) == (1, 0, 1)
    assert jinjiang.oldest_overdue is None
    assert rows["510112"].open == 0  # a county with no clues still has its row
    assert "510302" not in rows and "510100" not in rows  # no triage row when it is empty
    assert overview.totals(list(rows.values()))["open"] == 4


def test_province_groups_by_prefecture(make_user, raw):
    a = submit(raw, work_address=WUHOU)
    submit(raw, work_address=JINJIANG)
    z = submit(raw, work_address=ZIGONG)
    set_due(z, dt.date(2026, 11, 1))
    set_due(a, dt.date(2026, 11, 2))
    province = make_user("sc", Role.TASKFORCE, "510000")
    rows = {r.region.code: r for r in overview.rows(province, clock())}
    assert rows["510100"].open == 2 and rows["510100"].overdue == 1
    assert rows["510100"].oldest_overdue.pk == a.pk
    assert rows["510300"].open == 1 and rows["510300"].oldest_overdue.pk == z.pk
    assert len([r for r in rows.values() if not r.triage]) == 21


def test_county_sees_itself_only(make_user, raw):
    submit(raw, work_address=WUHOU)
    submit(raw, work_address=JINJIANG)
    rows = overview.rows(make_user("wh", Role.INSPECTOR, "510107"), clock())
    assert [(r.region.code, r.open) for r in rows] == [("510107", 1)]


def test_page_links_each_number_to_the_filtered_inbox(client, make_user, raw):
    clue = submit(raw, work_address=WUHOU)
    set_due(clue, dt.date(2020, 1, 6))
    client.force_login(make_user("cd", Role.SUPERVISOR, "510100"))
    page = client.get("/clues/overview/").content.decode()
    assert "/clues/?state=open&amp;sla=overdue&amp;region=510107" in page
    assert f"/clues/{clue.pk}/" in page and clue.tracking_code in page
    inbox = client.get("/clues/", {"state": "open", "sla": "overdue", "region": "510107"})
    assert clue.tracking_code in inbox.content.decode()


def _queries(client, url, baseline=None) -> int:
    """The page's query count; `baseline` is a `query_baseline` check that must also hold."""
    with baseline or CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx)


def test_overview_query_count_is_constant_in_regions(client, make_user, raw, query_baseline):
    """A city of 3 regions with clues and the province's 21 prefectures cost the same queries,
    with cases in one prefecture or five: every column is one grouped query."""
    for address in (WUHOU, JINJIANG):
        set_due(submit(raw, work_address=address), dt.date(2020, 1, 6))
    # 3 regions with clues (two counties of Chengdu, plus Zigong) vs 20 regions.
    set_due(submit(raw, work_address=ZIGONG), dt.date(2020, 1, 6))
    factories.case(make_user("wh-insp", Role.INSPECTOR, "510107"), due_date=dt.date(2020, 1, 6))
    client.force_login(make_user("sc", Role.TASKFORCE, "510000"))
    _queries(client, "/clues/overview/")
    few = _queries(client, "/clues/overview/", query_baseline("clues.overview_3_regions"))
    for city in Region.objects.filter(parent_id="510000").order_by("code")[:20]:
        county = Region.objects.filter(parent=city).order_by("code").first()
        address = f"四川省{city.name}{county.name}人民路 1 号" if county else city.name
        set_due(submit(raw, work_address=address), dt.date(2020, 1, 6))
        if county is not None and city.code in ("510300", "510400", "510500", "510600"):
            # Cases (overdue, with money recovered) in more prefectures: the case columns are
            # one grouped query each too.
            inspector = make_user(f"insp-{county.code}", Role.INSPECTOR, county.code)
            factories.case(
                inspector,
                region=county.code,
                due_date=dt.date(2020, 1, 6),
                workers=[factories.worker(amount="1000", amount_recovered="100")],
            )
    rows = overview.rows(make_user("sc2", Role.TASKFORCE, "510000"), Clock.now(STAGE))
    assert sum(1 for r in rows if r.extra["cases_overdue"]) >= 5
    assert sum(1 for r in rows if r.overdue) >= 20
    many = _queries(client, "/clues/overview/", query_baseline("clues.overview_20_regions"))
    assert many == few
