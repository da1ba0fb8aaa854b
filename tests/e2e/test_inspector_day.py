"""Issue 14, the inspector's day at 1366×768 as wuhou-inspector in demo-like data: the home
counts are the row counts of the inbox lists they link to; an overdue case does not offer the
extension the rules refuse; a form the rules refuse comes back with its error in view and the
typed text kept; home, inbox and a clue page pass axe; the inbox and the case list are cards
without sideways scrolling on a 375px phone."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from tests import factories
from wageguard.clues import services as clue_services
from wageguard.clues.models import Clue, ReplyTemplate
from wageguard.demo.clues import seed as seed_clues
from wageguard.demo.enforcement import seed as seed_cases

from .actions import unfold
from .axe import assert_accessible
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TEMPLATE = "依据《劳动保障监察条例》第二十条，违法行为两年内未被发现的，不再查处。"
REPLY = "经审查，您反映的拖欠工资问题已超过两年，本局决定不予受理。"


@pytest.fixture
def day(demo):
    """The demo province with the tiny clue and case sets, plus the inspector's own work: clues
    assigned to them (one overdue) and an overdue case under investigation."""
    seed_clues("tiny")
    seed_cases("tiny")
    inspector, colleague = demo["wuhou-inspector"], demo["wuhou-inspector2"]
    people = factories.people(seed=14)
    mine = []
    for _ in range(3):
        clue = factories.clue_intake(factories.clue_submission(people)).clue
        clue = clue_services.transition(clue, "accept", inspector, note="")
        mine.append(
            clue_services.transition(
                clue, "start_verification", inspector, assignee=inspector, note=""
            )
        )
    Clue.objects.filter(pk=mine[0].pk).update(due_date=timezone.localdate() - dt.timedelta(days=2))
    fresh = factories.clue_intake(factories.clue_submission(people)).clue
    case = factories.under_investigation(
        factories.case(inspector, due_date=timezone.localdate() - dt.timedelta(days=3)),
        inspector,
        [inspector, colleague],
    )
    ReplyTemplate.objects.create(province_code="51", title="超过两年", text=TEMPLATE)
    return {"fresh": fresh, "case": case}


def _rows(page: Page) -> int:
    """The inbox's row count as the page states it (共 N 条), checked against the rows shown
    when they all fit on one page."""
    total = int(re.search(r"共 (\d+) 条", page.get_by_test_id("total").inner_text()).group(1))
    shown = page.locator("[data-testid=inbox] tbody tr[data-clue]").count()
    if total <= 50:
        assert shown == total, (page.url, shown, total)
    return total


def test_inspector_day(browser: Browser, live_server, day, artifacts):
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    page = context.new_page()
    base = live_server.url
    login(page, base, "wuhou-inspector")

    # Home: "my work", each number the rows of the inbox (or case list) it links to.
    page.goto(f"{base}/")
    expect(page.get_by_test_id("my-work")).to_be_visible()
    assert_accessible(page)
    cards = page.locator("[data-testid=my-work] a[data-work]")
    figures = [
        (
            a.get_attribute("data-work"),
            a.get_attribute("href"),
            int(a.locator("[data-testid=work-count]").inner_text()),
        )
        for a in cards.all()
    ]
    assert any(key == "clues_overdue" and value >= 1 for key, _h, value in figures), figures
    for key, href, value in figures:
        page.goto(f"{base}{href}")
        if key.startswith("clues_"):
            assert _rows(page) == value, (key, href)
        else:
            shown = page.locator("[data-testid=cases] tbody tr[data-case]").count()
            assert shown == value or value > 50, (key, href, shown, value)

    # The inbox: defaults, saved filters, accessible.
    page.goto(f"{base}/clues/")
    expect(page.get_by_test_id("inbox-defaults")).to_be_visible()
    assert_accessible(page)

    # An overdue case: the extension the rules refuse is not offered.
    case = day["case"]
    page.goto(f"{base}/cases/{case.pk}/")
    expect(page.locator("#workflow")).to_be_visible()
    expect(page.locator('form[data-act="request_extension"]')).to_have_count(0)
    # Nor the decision, the employer not yet heard: the page says what is missing instead.
    expect(page.locator('form[data-act="decide"]')).to_have_count(0)
    expect(page.get_by_test_id("decide-blockers")).to_contain_text("陈述和申辩")

    # A refused form: 不予受理 of a fresh clue whose violation ended today (not time-barred).
    clue = day["fresh"]
    page.goto(f"{base}/clues/{clue.pk}/")
    assert_accessible(page)
    # 移交: typing a name narrows the divisions and picks the only match (select-filter.js).
    transfer = unfold(page, "transfer")
    transfer.locator("input[data-filter-for]").fill("锦江")
    expect(transfer.locator("select[name=transfer-region]")).to_have_value("510104")
    # 常用语: choosing a template inserts its text into the written reply.
    form = unfold(page, "reject")
    form.locator("select[data-insert-into]").select_option(label="超过两年")
    expect(form.locator("textarea[name=reject-reply_text]")).to_have_value(TEMPLATE)
    form.locator("select[name=reject-reason]").select_option("time_barred")
    form.locator("input[name=reject-violation_ended_on]").fill(timezone.localdate().isoformat())
    form.locator("textarea[name=reject-reply_text]").fill(REPLY)
    with page.expect_navigation(wait_until="domcontentloaded"):
        form.get_by_role("button").click()
    assert page.url.endswith("#act-reject")
    form = page.locator("#act-reject")
    error = form.locator('[data-field="violation_ended_on"]')
    expect(error).to_contain_text("未超过两年")
    expect(error).to_be_in_viewport()
    expect(form.locator("textarea[name=reject-reply_text]")).to_have_value(REPLY)
    page.screenshot(path=str(artifacts / "inspector-day-refused.png"))
    context.close()


def test_staff_lists_are_cards_on_a_phone(browser: Browser, live_server, day, artifacts):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    page = context.new_page()
    login(page, live_server.url, "wuhou-inspector")
    for path, table in (("/clues/?state=", "inbox"), ("/cases/", "cases")):
        page.goto(f"{live_server.url}{path}")
        expect(page.get_by_test_id(table)).to_be_visible()
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"{path} scrolls sideways on a 375px phone: {width}px"
        display = page.locator(f"[data-testid={table}] tbody tr").first.evaluate(
            "row => getComputedStyle(row).display"
        )
        assert display == "block", (path, display)
        page.screenshot(path=str(artifacts / f"phone-{table}.png"), full_page=True)
    context.close()
