"""Supervisor overview as a league table (issue 14 item 5): every figure of a row links to the
list it counts (the test follows each link), sorting by any column, cases beside clues, the
trend against last week, 催办 from a row, the Excel export read back and the printable brief."""

import datetime as dt
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from wageguard.cases.models import EnforcementCase
from wageguard.clues.models import Clue, DivisionReminder, OverviewSnapshot
from wageguard.clues.reports import overview
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.models import Notification
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db

WUHOU = "四川省成都市武侯区人民南路四段 12 号工地"
JINJIANG = "四川省成都市锦江区春熙路 1 号"
LONG_AGO = dt.date(2020, 1, 6)


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def _due(clue: Clue, due: dt.date, **extra) -> None:
    Clue.objects.filter(pk=clue.pk).update(due_date=due, **extra)


@pytest.fixture
def city(make_user):
    return make_user("cd-sup", Role.SUPERVISOR, "510100")


@pytest.fixture
def chengdu(raw, make_user, city):
    """武侯区 far behind (3 open, 2 overdue, one urgent), 锦江区 on time (1 open), one clue in
    成都市's own triage queue (overdue), and cases in 武侯区: one overdue, one with money
    recovered this year."""
    wuhou = [submit(raw, work_address=WUHOU) for _ in range(3)]
    _due(wuhou[0], LONG_AGO)
    _due(wuhou[1], LONG_AGO, urgent=True, reopened_count=1)
    submit(raw, work_address=JINJIANG)
    triage = submit(raw, work_address=JINJIANG)
    _due(triage, LONG_AGO)
    Clue.objects.filter(pk=triage.pk).update(region_id="510100")
    inspector = make_user("wh-insp", Role.INSPECTOR, "510107")
    make_user("wh-sup", Role.SUPERVISOR, "510107")
    factories.case(inspector, due_date=LONG_AGO)
    factories.case(
        inspector,
        employer_name="成都追回建筑有限公司",
        workers=[factories.worker(amount="30000", amount_recovered="12000.50")],
    )
    return {"wuhou": wuhou, "triage": triage}


def _row(page: str, code: str) -> str:
    match = re.search(rf'<tr data-region="{code}"[^>]*>(.*?)</tr>', page, re.S)
    assert match, f"no row {code}"
    return match.group(1)


def _links(html: str) -> list[tuple[str, str, str]]:
    """(kind, number, href) of every figure link: data-count or data-sum."""
    return [
        (kind, number, href.replace("&amp;", "&"))
        for href, kind, number in re.findall(
            r'<a href="([^"]+)"[^>]*?data-(count|sum)="([^"]*)"', html
        )
    ]


def _list_total(client, href: str) -> int:
    page = client.get(href).content.decode()
    assert "error" not in re.findall(r'class="alert alert-(\w+)', page), href
    return int(re.search(r'data-testid="total">共 (\d+) ', page).group(1))


def _list_sum(client, href: str) -> Decimal:
    page = client.get(href).content.decode()
    return sum((Decimal(v) for v in re.findall(r'data-recovered="([^"]+)"', page)), Decimal(0))


def test_every_link_of_a_row_lists_exactly_its_number(client, city, chengdu):
    client.force_login(city)
    page = client.get("/clues/overview/").content.decode()
    for code in ("510107", "510104", "510100", "total"):
        row = (
            re.search(r'<tr class="fw-semibold" data-region="total">(.*?)</tr>', page, re.S).group(
                1
            )
            if code == "total"
            else _row(page, code)
        )
        links = _links(row)
        assert len(links) >= 10, (code, links)
        for kind, number, href in links:
            if kind == "count":
                assert _list_total(client, href) == int(number), (code, href)
            else:
                assert _list_sum(client, href) == Decimal(number), (code, href)
    wuhou = _row(page, "510107")
    assert re.search(r'data-col="overdue"><a [^>]*data-count="2"', wuhou)
    assert 'data-col="overdue_rate"' in wuhou and "66.7%" in wuhou
    assert 'data-sum="12000.50"' in wuhou
    # The 本级分拣 row links too, to the city's own queue only.
    triage = _row(page, "510100")
    assert "own_level=1" in triage and "本级分拣" in triage
    assert _list_total(client, "/clues/?state=open&region=510100&own_level=1") == 1
    assert _list_total(client, "/clues/?state=open&region=510100") == 5


def test_cases_columns_count_through_the_case_list(client, city, chengdu):
    client.force_login(city)
    rows = {r.region.code: r for r in overview.rows(city, overview.Clock.now(overview_stage()))}
    wuhou = rows["510107"]
    assert wuhou.extra["cases_overdue"] == 1
    assert wuhou.extra["recovered"] == Decimal("12000.50")
    assert rows["510104"].extra["cases_overdue"] == 0


def overview_stage():
    from wageguard.clues.filters import STAGE

    return STAGE


def _order(page: str) -> list[str]:
    body = page.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<tr data-region="(\d+)"', body)


def test_default_order_is_worst_first_and_every_column_sorts(client, city, chengdu):
    client.force_login(city)
    page = client.get("/clues/overview/").content.decode()
    order = _order(page)
    assert order[0] == "510100"  # the triage row stays on top, unranked
    assert order[1] == "510107"  # most overdue
    assert 'aria-sort="descending"' in page
    assert 'href="?sort=overdue&amp;dir=asc" data-sort="overdue"' in page
    up = _order(client.get("/clues/overview/?sort=open&dir=asc").content.decode())
    assert up[0] == "510100" and up[-1] == "510107"
    for key in overview.column_keys():
        for direction in ("asc", "desc"):
            response = client.get(f"/clues/overview/?sort={key}&dir={direction}")
            assert response.status_code == 200, key
    # Money: the least recovered is the worst, so its first click sorts ascending.
    assert 'href="?sort=recovered&amp;dir=asc"' in page
    assert client.get("/clues/overview/?sort=nonsense&dir=up").status_code == 200


def test_trend_against_last_week(client, city, chengdu):
    client.force_login(city)
    page = client.get("/clues/overview/").content.decode()
    assert "无上周记录" in _row(page, "510107")
    week_ago = timezone.localdate() - dt.timedelta(days=7)
    assert overview.snapshot(week_ago) >= 3  # 武侯, 锦江, 成都市 and the province's own row
    OverviewSnapshot.objects.filter(day=week_ago, region_id="510107").update(overdue=5)
    page = client.get("/clues/overview/").content.decode()
    assert "↓" in _row(page, "510107") and "比上周少 3 件" in _row(page, "510107")
    assert "与上周持平" in _row(page, "510104")
    OverviewSnapshot.objects.filter(day=week_ago, region_id="510104").update(overdue=0, open=0)
    Clue.objects.filter(region_id="510104").update(due_date=LONG_AGO)
    assert "比上周多 1 件" in _row(client.get("/clues/overview/").content.decode(), "510104")


def test_remind_reaches_the_division_once_a_day(client, city, chengdu, make_user):
    client.force_login(city)
    page = client.get("/clues/overview/").content.decode()
    assert 'action="/clues/overview/remind/510107/"' in _row(page, "510107")
    assert "/remind/" not in _row(page, "510100")  # no 催办 of one's own queue
    response = client.post("/clues/overview/remind/510107/", {"next": "?sort=open"}, follow=True)
    assert response.redirect_chain[-1][0] == "/clues/overview/?sort=open"
    sent = DivisionReminder.objects.get()
    assert (sent.region_id, sent.open, sent.overdue, sent.recipients) == ("510107", 3, 2, 2)
    notes = Notification.objects.filter(user__agency__region_id="510107")
    assert notes.count() == 2 and "已超期 2 件" in notes.first().text
    assert notes.first().url == "/clues/?state=open&sla=overdue&region=510107"
    assert AuditEvent.objects.filter(action="clue.division_reminder").count() == 1
    page = client.get("/clues/overview/").content.decode()
    assert 'data-testid="reminded"' in _row(page, "510107")
    again = client.post("/clues/overview/remind/510107/", follow=True).content.decode()
    assert "今天已催办过武侯区" in again and DivisionReminder.objects.count() == 1
    # A county cannot urge, nor a prefecture another's county.
    client.force_login(make_user("jj-sup", Role.SUPERVISOR, "510104"))
    assert client.post("/clues/overview/remind/510107/").status_code == 403
    client.force_login(make_user("zg-sup", Role.SUPERVISOR, "510300"))
    assert client.post("/clues/overview/remind/510107/").status_code == 403
    assert client.get("/clues/overview/remind/510107/").status_code == 405
    assert DivisionReminder.objects.count() == 1


def test_remind_needs_someone_to_receive_it(client, city, chengdu):
    client.force_login(city)
    page = client.post("/clues/overview/remind/510104/", follow=True).content.decode()
    assert "锦江区暂无可接收催办的工作人员" in page
    assert not DivisionReminder.objects.exists()


def test_excel_export_matches_the_page(client, city, chengdu):
    client.force_login(city)
    page = client.get("/clues/overview/?sort=open&dir=desc").content.decode()
    response = client.get("/clues/overview/export.xlsx?sort=open&dir=desc")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    sheet = book.active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert header[:4] == ["名次", "辖区", "办理中", "即将到期"]
    names = [r[1] for r in rows[1:]]
    assert names[0] == "成都市（本级分拣）" and names[-1] == "合计"
    page_names = re.findall(r'<th scope="row" class="fw-normal text-nowrap">([^<]+)<', page)
    assert [n.split("（")[0] for n in names[:-1]] == [n.strip() for n in page_names]
    open_col, overdue_col = header.index("办理中"), header.index("已超期")
    rate_col, money_col = header.index("超期率"), header.index("追回金额")
    for code, values in zip(_order(page), rows[1:], strict=False):
        row = _row(page, code)
        shown = re.search(r'data-col="open"><a [^>]*data-count="(\d+)"', row).group(1)
        assert values[open_col] == int(shown)
        overdue = re.search(r'data-col="overdue"><a [^>]*data-count="(\d+)"', row).group(1)
        assert values[overdue_col] == int(overdue)
    wuhou = next(r for r in rows if r[1] == "武侯区")
    assert round(wuhou[rate_col], 3) == 0.667 and Decimal(str(wuhou[money_col])) == Decimal(
        "12000.5"
    )
    assert rows[-1][open_col] == 5


def test_printable_brief_names_the_worst_three(client, city, chengdu):
    client.force_login(city)
    page = client.get("/clues/overview/print/").content.decode()
    assert "成都市欠薪线索督办简报" in page
    assert "brief.css" in page and timezone.localdate().strftime("%Y年") in page
    worst = re.search(r'data-testid="worst">(.*?)</div>', page, re.S).group(1)
    assert "1. 武侯区" in worst and "锦江区" not in worst  # nothing overdue: not named
    assert '<table data-testid="overview">' in page
    css = Path(finders.find("wageguard/brief.css")).read_text(encoding="utf-8")
    assert "size: A4 landscape" in css


def test_chart_and_links_render_for_the_province(client, make_user, chengdu):
    client.force_login(make_user("sc", Role.TASKFORCE, "510000"))
    page = client.get("/clues/overview/").content.decode()
    assert 'id="overview-chart"' in page and "echarts.min.js" in page
    assert 'id="overview-rows"' in page
    chengdu_row = _row(page, "510100")
    assert "/clues/?state=open&amp;sla=overdue&amp;region=510100" in chengdu_row
    assert "own_level" not in chengdu_row  # a prefecture row counts its counties too
    assert EnforcementCase.objects.count() == 2
