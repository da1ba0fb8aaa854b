"""Issue 13's done-when, in Chromium: 武侯区's inspector registers a short video of a worker
threatening to jump from a tower crane; it escalates to the province at once. The provincial task
force opens the meeting screen, finds the item on it, clicks 成都市 on the map, goes from the
prefecture's page to 武侯区 and on to its overdue clues, whose number equals the screen's; then
downloads the bulletin and reads the same numbers back from the .docx and the .xlsx."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Browser, Page, expect

from tests import factories
from wageguard.clues.models import Clue
from wageguard.dispatch.documents.excel import SUMMARY_HEADER_ROW
from wageguard.dispatch.kpis import KPIS
from wageguard.dispatch.opinion.models import OpinionItem
from wageguard.dispatch.rounds import services as rounds

from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SCREEN = {"width": 1600, "height": 900}
CHENGDU_CENTRE = [104.07, 30.66]


def _world(demo) -> dict:
    today = timezone.localdate()
    people = factories.people(seed=31)
    for days in (2, 5, 9):  # three Wuhou clues past their deadline
        factories.clue_due(factories.clue_submission(people), today - dt.timedelta(days=days))
    factories.clue_due(factories.clue_submission(people), today + dt.timedelta(days=10))
    # Received three days ago, in the round's period; the reports were due yesterday, so every
    # prefecture is late and named in the bulletin.
    received = timezone.now() - dt.timedelta(days=3)
    Clue.objects.update(received_at=received)
    r = rounds.create_round(
        demo["province-taskforce"],
        title="冬季专项行动调度",
        start=today - dt.timedelta(days=8),
        end=today - dt.timedelta(days=2),
        due_date=today - dt.timedelta(days=1),
        cadence="weekly",
    )
    return {"round": r}


def _register_opinion(page: Page, base: str) -> None:
    login(page, base, "wuhou-inspector")
    page.goto(f"{base}/dispatch/opinion/new/")
    page.get_by_label("来源渠道").select_option("short_video")
    page.get_by_label("原文链接").fill("https://video.example.com/v/20261204")
    page.get_by_label("标题").fill("工人爬上塔吊扬言跳楼讨要工资")
    page.get_by_label("内容摘要").fill("短视频显示一名工人在武侯区某工地塔吊上，称包工头拖欠工资。")
    seen = timezone.localtime() - dt.timedelta(minutes=30)
    page.get_by_label("发现时间").fill(seen.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("所在区县").select_option(factories.WUHOU)
    page.get_by_label("涉及人数").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("登记")).click()
    expect(page.get_by_test_id("risk")).to_have_text("极端事件风险")
    expect(page.get_by_test_id("escalated")).to_be_visible()


def _click_map(page: Page, lng_lat: list[float]) -> None:
    """Clicks the map where a coordinate is drawn (ECharts converts it to pixels)."""
    box = page.get_by_test_id("meeting-map")
    expect(box).to_have_attribute("data-ready", "1")
    x, y = page.evaluate(
        "([lng, lat]) => echarts.getInstanceByDom(document.getElementById('meeting-map'))"
        ".convertToPixel({seriesIndex: 0}, [lng, lat])",
        lng_lat,
    )
    bounds = box.bounding_box()
    with page.expect_navigation():
        page.mouse.click(bounds["x"] + x, bounds["y"] + y)


def test_task_force_runs_the_meeting_from_the_screen(live_server, browser: Browser, demo):
    world = _world(demo)
    base = live_server.url
    context = browser.new_context(
        viewport=SCREEN, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
    )
    page = context.new_page()
    _register_opinion(page, base)
    item = OpinionItem.objects.get()
    assert item.escalated_at is not None and item.on_meeting_screen

    login(page, base, "province-taskforce")
    page.goto(f"{base}/dispatch/rounds/")
    with page.expect_navigation():
        page.get_by_test_id("open-meeting").click()
    assert page.url.endswith(f"/dispatch/meeting/{world['round'].pk}/")
    alert = page.get_by_test_id("opinion-alert")
    expect(alert).to_contain_text("工人爬上塔吊扬言跳楼讨要工资")
    overdue_figure = page.locator("[data-kpi=clues_overdue] [data-testid=kpi-value]")
    expect(overdue_figure).to_have_text("3")
    screen = {
        key: page.locator(
            f"[data-testid=headline] [data-kpi={key}] [data-testid=kpi-value]"
        ).get_attribute("data-value")
        for key in ("clues_received", "clues_overdue", "cases_filed")
    }
    named = sorted(
        page.locator("[data-testid=lagging] a[data-region]").evaluate_all(
            "links => links.map(a => a.textContent.trim())"
        )
    )

    # Dark by default; D switches to light and back.
    html = page.locator("html")
    expect(html).to_have_attribute("data-bs-theme", "dark")
    page.keyboard.press("d")
    expect(html).to_have_attribute("data-bs-theme", "light")

    _click_map(page, CHENGDU_CENTRE)
    expect(page.get_by_test_id("prefecture")).to_have_attribute("data-region", "510100")
    wuhou = page.locator(f"[data-testid=counties] tr[data-region='{factories.WUHOU}']")
    overdue = wuhou.locator("[data-kpi=clues_overdue] a")
    expect(overdue).to_have_text("3")
    # The county's dashboard, then its overdue items.
    with page.expect_navigation():
        wuhou.get_by_test_id("county").click()
    expect(page.get_by_test_id("kpi-scope")).to_contain_text("武侯区")
    figure = page.locator("[data-kpi=clues_overdue] [data-testid=kpi-value]")
    expect(figure).to_have_text("3")
    with page.expect_navigation():
        figure.click()
    assert "sla=overdue" in page.url
    rows = page.locator("table tbody tr[data-clue]")
    expect(rows).to_have_count(3)

    # The bulletin, generated on demand from the round page, downloaded and read back.
    page.goto(f"{base}/dispatch/rounds/{world['round'].pk}/")
    with page.expect_navigation():
        page.get_by_test_id("generate-bulletin").click()
    panel = page.get_by_test_id("round-documents")
    files = {}
    for fmt in ("docx", "xlsx"):
        with page.expect_download() as info:
            panel.locator(f"tr[data-kind=bulletin][data-format={fmt}] a").click()
        files[fmt] = io.BytesIO(Path(info.value.path()).read_bytes())
    doc = Document(files["docx"])
    table = next(t for t in doc.tables if t.rows[0].cells[0].text.strip() == "市（州）")
    assert sorted(r.cells[0].text for r in table.rows[1:]) == named
    book = load_workbook(files["xlsx"])
    summary = book["汇总"]
    province_row = summary[SUMMARY_HEADER_ROW + 1]
    assert province_row[0].value.startswith("四川省")
    column = {k.key: i for i, k in enumerate(KPIS, start=1)}
    for key, shown in screen.items():
        assert str(province_row[column[key]].value) == shown, key
    context.close()
