"""Issue 14's worker done-when, the tracking half, on a 375×667 phone: a worker who lost the
tracking code finds the clue by phone number + texted code (read from the recorded SMS), reads the
reply, rates it 未解决, and still sees the earlier reply, the 重新办理 step and the new due date.
axe-core finds no serious violation on the lookup, code, list and tracking pages."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from tests import factories
from wageguard.clues import services
from wageguard.clues.models import Clue
from wageguard.clues.rules import Action, State
from wageguard.clues.sms import LogBackend
from wageguard.org.rules import Role

from .axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
REPLY = "经核查，用人单位已支付部分工资 12000 元，余款正在督促支付。"
BUREAU_PHONE = "028-85551234"


def replied_clue() -> Clue:
    from wageguard.org.bootstrap import create_agencies

    create_agencies("51")
    clue = factories.clue_intake(factories.clue_submission(factories.people(seed=7))).clue
    clue.agency.phone = BUREAU_PHONE
    clue.agency.save()
    inspector = factories.user("wuhou-insp-14", Role.INSPECTOR, "510107")
    for action, data in [
        (Action.ACCEPT, {}),
        (Action.START_VERIFICATION, {}),
        (Action.RESOLVE, {"resolution": "paid_in_full"}),
        (Action.REPLY, {"reply_text": REPLY}),
    ]:
        clue = services.transition(clue, action, inspector, **data)
    return clue


def texted_code() -> str:
    texts = [text for _to, text in LogBackend.outbox if "验证码" in text]
    assert texts, "no verification code was texted"
    return re.search(r"验证码为 (\d{6})", texts[-1]).group(1)


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page scrolls sideways on a phone: {width}px"


def test_worker_finds_the_clue_by_phone_and_follows_it_after_not_resolved(
    browser: Browser, live_server, artifacts
):
    cache.clear()
    clue = replied_clue()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()

    page.goto(f"{base}/report/track/")
    expect(page.get_by_role("heading", name="用手机号查询")).to_be_visible()
    assert_fits(page)
    assert_accessible(page)
    page.get_by_label("手机号码").fill(clue.phone)
    page.get_by_role("button", name="获取短信验证码").click()

    expect(page.get_by_test_id("code-sent")).to_contain_text(clue.phone[-4:])
    assert clue.phone not in page.url
    assert_accessible(page)
    page.get_by_label("短信验证码").fill("000000" if texted_code() != "000000" else "111111")
    page.get_by_role("button", name="查看我的线索").click()
    expect(page.get_by_test_id("code-error")).to_contain_text("验证码不正确或已过期")
    page.get_by_label("短信验证码").fill(texted_code())
    page.get_by_role("button", name="查看我的线索").click()

    expect(page.get_by_role("heading", name="我的线索")).to_be_visible()
    assert_fits(page)
    assert_accessible(page)
    page.get_by_role("button", name=f"查看进度（{clue.tracking_code}）").click()

    expect(page.get_by_test_id("state-words")).to_contain_text("承办机构已答复")
    expect(page.get_by_test_id("reply")).to_have_text(REPLY)
    expect(page.get_by_test_id("agency")).to_contain_text(clue.agency.name)
    expect(page.get_by_test_id("agency-phone")).to_have_attribute("href", f"tel:{BUREAU_PHONE}")
    expect(page.get_by_test_id("tel-12333")).to_have_attribute("href", "tel:12333")
    expect(page.get_by_text("5 分")).to_have_count(0)
    assert_fits(page)
    assert_accessible(page)
    page.screenshot(path=str(artifacts / "worker-tracking-reply.png"), full_page=True)

    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("未解决").check()
    page.get_by_label("意见").fill("只发了一部分工资。")
    page.get_by_role("button", name="提交评价").click()

    clue.refresh_from_db()
    assert clue.state == State.VERIFYING and clue.reopened_count == 1
    due = clue.due_date
    expect(page.get_by_test_id("state-words")).to_contain_text("重新办理")
    expect(page.get_by_test_id("reply")).to_have_text(REPLY)  # the earlier reply stays
    expect(page.get_by_test_id("reply-rating")).to_contain_text("不满意")
    current = page.locator('[aria-current="step"]')
    expect(current).to_have_count(1)
    expect(current).to_have_attribute("data-stage", "reopened")
    expect(current).to_contain_text("重新办理")
    expected = f"预计 {due.year}年{due.month}月{due.day}日前答复"
    expect(page.get_by_test_id("next-due")).to_contain_text(expected)
    expect(page.get_by_test_id("step-due")).to_contain_text(expected)
    # Nothing highlighted above a ticked step: every step before the current one is done.
    stages = page.locator("[data-stage]").evaluate_all(
        "els => els.map(e => [e.dataset.stage, e.dataset.done, !!e.dataset.current])"
    )
    at = next(n for n, (_s, _d, cur) in enumerate(stages) if cur)
    assert all(done == "1" for _s, done, _c in stages[: at + 1])
    assert all(done == "0" for _s, done, _c in stages[at + 1 :])
    assert_fits(page)
    assert_accessible(page)
    page.screenshot(path=str(artifacts / "worker-tracking-reopened.png"), full_page=True)

    # Large system fonts: 200% text still fits the phone's width.
    page.add_style_tag(content="html { font-size: 200% !important; }")
    assert_fits(page)
    context.close()


def test_read_aloud_is_offered_only_where_the_browser_can_speak(browser: Browser, live_server):
    cache.clear()
    base = live_server.url
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    page.goto(f"{base}/report/track/")
    button = page.locator("[data-read-aloud]")
    can_speak = page.evaluate("'speechSynthesis' in window")
    expect(button).to_be_visible() if can_speak else expect(button).to_be_hidden()
    context.close()

    silent = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    silent.add_init_script("delete window.speechSynthesis; delete window.SpeechSynthesisUtterance;")
    page = silent.new_page()
    page.goto(f"{base}/report/track/")
    expect(page.locator("[data-read-aloud]")).to_be_hidden()
    silent.close()
