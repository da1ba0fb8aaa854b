"""The city supervisor's overview in the browser at 1366 px (issue 14 item 5): the bar chart
draws, a header sorts, 催办 marks the row, the page passes axe, and the brief prints on one A4
landscape page."""

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from tests import factories
from wageguard.clues.models import Clue

from .axe import assert_accessible
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

WUHOU = "四川省成都市武侯区人民南路四段 12 号工地"
JINJIANG = "四川省成都市锦江区春熙路 1 号"


@pytest.fixture
def desk(browser):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    yield context.new_page()
    context.close()


def test_supervisor_ranks_charts_reminds_and_prints(desk: Page, live_server, demo, artifacts):
    people = factories.people()
    for address, overdue in ((WUHOU, True), (WUHOU, True), (JINJIANG, False)):
        clue = factories.clue_intake(factories.clue_submission(people, work_address=address)).clue
        if overdue:
            Clue.objects.filter(pk=clue.pk).update(due_date=dt.date(2020, 1, 6))
    login(desk, live_server.url, "chengdu-supervisor")
    desk.goto(f"{live_server.url}/clues/overview/")
    table = desk.get_by_test_id("overview")
    expect(table.locator("tbody tr").first).to_have_attribute("data-region", "510107")
    expect(desk.locator("#overview-chart canvas")).to_have_count(1)
    expect(desk.get_by_test_id("worst")).to_contain_text("武侯区")
    assert_accessible(desk)
    desk.screenshot(path=str(artifacts / "overview-city.png"), full_page=True)

    desk.locator('a[data-sort="open"]').click()
    expect(desk).to_have_url(f"{live_server.url}/clues/overview/?sort=open&dir=desc")
    desk.get_by_role("button", name="催办武侯区").click()
    expect(desk.get_by_role("alert")).to_contain_text("已催办")
    row = table.locator('tr[data-region="510107"]')
    expect(row.get_by_test_id("reminded")).to_have_text("今日已催办")
    expect(desk).to_have_url(f"{live_server.url}/clues/overview/?sort=open&dir=desc")

    desk.goto(f"{live_server.url}/clues/overview/print/")
    expect(desk.locator("h1")).to_have_text("成都市欠薪线索督办简报")
    desk.emulate_media(media="print")
    desk.screenshot(path=str(artifacts / "overview-brief-print.png"), full_page=True)
    pdf = desk.pdf(prefer_css_page_size=True)
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"the brief prints on {pages} pages"
