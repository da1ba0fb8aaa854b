"""Issue 14's worker done-when, whole, on a 375×667 phone: a worker reports in steps and closes the
tab without writing the code down; days later, on a fresh browser, finds the clue again by phone
number + texted code (read from the recorded SMS), reads the bureau's reply, rates it 未解决, and
still sees the reply with the 重新办理 step and its new due date. The two halves have their own
finer tests (test_worker_report_steps.py, test_worker_tracking.py); this one proves they join."""

import re

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from tests import factories
from wageguard.clues import services
from wageguard.clues.models import Clue
from wageguard.clues.rules import Action, State
from wageguard.clues.sms import LogBackend
from wageguard.demo.synthetic import Synthetic, counties_of
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

from .axe import assert_accessible
from .report_steps import fill_what, fill_where, fill_who, next_step

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}
REPLY = "经核查，项目部已支付 2 人工资，余款责令 10 日内支付。"


def phone_context(browser: Browser):
    return browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width}px"


def texted_code(phone: str) -> str:
    """The code as the worker's phone received it: the gateway's outbox (the stored record of
    the text masks the code, as it does the tracking secret)."""
    texts = [text for to, text in LogBackend.outbox if to == phone and "验证码" in text]
    assert texts, "no verification code was texted"
    return re.search(r"验证码为 (\d{6})", texts[-1]).group(1)


def test_worker_reports_loses_the_code_and_finds_the_clue_by_phone(
    browser: Browser, live_server, settings, tmp_path, artifacts
):
    settings.MEDIA_ROOT = tmp_path / "files"
    create_agencies("51")
    cache.clear()
    worker = Synthetic(counties_of("51"), seed=11).person()
    base = live_server.url

    # Reporting, one short step at a time.
    context = phone_context(browser)
    page = context.new_page()
    page.goto(f"{base}/report/")
    fill_what(page, description="包工头拖欠三个月工资，多次讨要无果。")
    next_step(page, "在哪里")
    fill_where(page)
    next_step(page, "您是谁")
    fill_who(page, worker.name, worker.id_number, worker.phone)
    next_step(page, "核对并提交")
    page.get_by_test_id("send").click()
    expect(page.get_by_role("heading", name="您反映的欠薪线索已收到")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    context.close()  # the tab is closed; the code was not written down

    # The bureau handles it and replies.
    clue = Clue.objects.get(tracking_code=code)
    inspector = factories.user("wuhou-journey", Role.INSPECTOR, clue.region_id)
    for action, data in [
        (Action.ACCEPT, {}),
        (Action.START_VERIFICATION, {}),
        (Action.RESOLVE, {"resolution": "paid_in_full"}),
        (Action.REPLY, {"reply_text": REPLY}),
    ]:
        clue = services.transition(clue, action, inspector, **data)

    # A fresh browser: found again by phone number and texted code.
    context = phone_context(browser)
    page = context.new_page()
    page.goto(f"{base}/report/track/")
    page.get_by_label("手机号码").fill(worker.phone)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_test_id("code-sent")).to_contain_text(worker.phone[-4:])
    page.get_by_label("短信验证码").fill(texted_code(worker.phone))
    page.get_by_role("button", name="查看我的线索").click()
    expect(page.get_by_role("heading", name="我的线索")).to_be_visible()
    page.get_by_role("button", name=f"查看进度（{code}）").click()
    expect(page.get_by_test_id("reply")).to_have_text(REPLY)
    assert_accessible(page)
    fits(page)

    # Not resolved: the reply stays, the clue is handled again with a new due date.
    page.get_by_label("不满意", exact=True).check()
    page.get_by_label("未解决").check()
    page.get_by_label("意见").fill("只发了两个人的，我的还没发。")
    page.get_by_role("button", name="提交评价").click()
    clue.refresh_from_db()
    assert clue.state == State.VERIFYING
    due = clue.due_date
    expect(page.get_by_test_id("state-words")).to_contain_text("重新办理")
    expect(page.get_by_test_id("reply")).to_have_text(REPLY)
    expect(page.get_by_test_id("next-due")).to_contain_text(
        f"预计 {due.year}年{due.month}月{due.day}日前答复"
    )
    assert_accessible(page)
    fits(page)
    page.screenshot(path=str(artifacts / "worker-journey-reopened.png"), full_page=True)
    context.close()
