"""Issue 3's done-when path on a phone: a worker submits a clue and gets a tracking code and
secret; the 武侯区 inspector accepts, verifies, records a recovery and replies; the worker reads the
reply and rates it; another county's inspector cannot open the clue (page or API).

Every step is a click in Chromium at a phone's size: the worker's public pages and the inspector's
staff pages alike.
"""

import datetime as dt
import struct
import zlib
from decimal import Decimal

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from wageguard.clues.models import Attachment, Clue, Message
from wageguard.clues.rules import RecoveryMethod, State
from wageguard.demo.synthetic import Synthetic, counties_of

from .actions import unfold
from .report_steps import fill_what, fill_where, fill_who, next_step
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}
REPLY = "经核查，用人单位已于本周足额支付拖欠工资 36000 元，请查收。"


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def phone_page(browser: Browser) -> Page:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    return context.new_page()


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"page scrolls sideways on a phone: {width}px"


def submit_clue(page: Page, base: str, artifacts) -> tuple[str, str]:
    """The report in its steps (issue 14); tests/e2e/test_worker_report_steps.py checks each."""
    worker = Synthetic(counties_of("51"), seed=3).person()
    page.goto(f"{base}/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("发生了什么")
    expect(page.get_by_role("link", name="用户管理")).to_have_count(0)
    fill_what(page, photo=tiny_png(), description="项目完工后包工头拖欠三个月工资，多次讨要无果。")
    assert_fits(page)
    page.screenshot(path=str(artifacts / "worker-clue-form.png"), full_page=True)
    next_step(page, "在哪里")
    fill_where(page)
    next_step(page, "您是谁")
    fill_who(page, worker.name, worker.id_number, worker.phone)
    next_step(page, "核对并提交")
    assert_fits(page)
    page.get_by_role("button", name="提交", exact=True).click()

    expect(page.get_by_text("您反映的欠薪线索已收到")).to_be_visible()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    secret = page.get_by_test_id("secret").inner_text().strip()
    expect(page.get_by_test_id("agency")).to_have_text("武侯区人力资源和社会保障局")
    expect(page.get_by_test_id("deadline")).to_contain_text("前")
    expect(page.locator("body")).to_contain_text("短信")
    assert_fits(page)
    page.screenshot(path=str(artifacts / "worker-clue-submitted.png"), full_page=True)
    return code, secret


def act(page: Page, action: str, **fields: str) -> None:
    """Submits one workflow form of the detail page, filling its fields by label."""
    form = unfold(page, action)
    for label, value in fields.items():
        control = form.get_by_label(label)
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value=value)
        else:
            control.fill(value)
    form.get_by_role("button").click()
    expect(page.get_by_role("alert").first).to_be_visible()


def handle_in_wuhou(browser: Browser, base: str, clue: Clue, artifacts) -> None:
    """The 武侯区 inspector handles the clue on the staff pages, on a phone, to the reply."""
    page = phone_page(browser)
    login(page, base, "wuhou-inspector")
    page.goto(f"{base}/clues/")
    page.get_by_role("link", name=clue.tracking_code).click()
    expect(page.locator("h1")).to_contain_text(clue.tracking_code)

    act(page, "accept")
    act(page, "start_verification")
    worker = Synthetic(counties_of("51"), seed=5).person()
    page.get_by_text("添加欠薪明细").click()
    adder = page.locator(f'form[action="/clues/{clue.pk}/arrears/"]')
    adder.get_by_label("姓名").fill(worker.name)
    adder.get_by_label("欠薪金额（元）").fill("36000")
    adder.get_by_role("button", name="添加").click()
    expect(page.get_by_test_id("arrears")).to_contain_text(worker.name)
    page.get_by_text("登记追回").click()
    recovery = page.get_by_test_id("arrears").locator("form")
    recovery.get_by_label("已追回金额（元）").fill("36000")
    recovery.get_by_label("追回日期").fill(dt.date.today().isoformat())
    recovery.get_by_label("追回方式").select_option(value=RecoveryMethod.EMPLOYER)
    recovery.get_by_role("button", name="保存").click()
    expect(page.get_by_test_id("arrears")).to_contain_text("36000")
    act(page, "resolve", 化解方式="paid_in_full")
    act(page, "reply", 答复内容=REPLY)
    clue.refresh_from_db()
    assert clue.state == State.REPLIED and clue.reply_text == REPLY
    assert clue.history.filter(actor__username="wuhou-inspector", action="reply").exists()
    page.screenshot(path=str(artifacts / "worker-clue-inspector.png"), full_page=True)
    page.context.close()


def assert_hidden_from_jinjiang(browser: Browser, base: str, clue: Clue) -> None:
    page = phone_page(browser)
    login(page, base, "jinjiang-inspector")
    expect(page.get_by_test_id("welcome")).to_be_visible()
    api = page.goto(f"{base}/api/v1/clues/{clue.pk}")
    assert api is not None and api.status == 404
    assert clue.tracking_code not in api.text()
    staff_page = page.goto(f"{base}/clues/{clue.pk}/")
    assert staff_page is not None and staff_page.status in (403, 404)
    assert clue.tracking_code not in page.content()
    page.context.close()


def read_and_rate(page: Page, base: str, code: str, secret: str, artifacts) -> None:
    # The browser was closed meanwhile (the session cookie ends with it), so the clue it had
    # just sent is no longer remembered: the worker types the code and password.
    page.context.clear_cookies()
    page.goto(f"{base}/report/track/")
    page.get_by_label("查询码").fill(code)
    page.get_by_label("查询密码").fill("WRONG999")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_test_id("track-error")).to_contain_text("查询码或密码不正确")

    page.get_by_label("查询码").fill(code)
    page.get_by_label("查询密码").fill(secret)
    page.get_by_role("button", name="查询").click()
    assert "?" not in page.url and secret not in page.url
    expect(page.get_by_test_id("reply")).to_have_text(REPLY)
    expect(page.locator('[data-stage="replied"]')).to_have_attribute("data-done", "1")
    assert_fits(page)
    page.screenshot(path=str(artifacts / "worker-clue-reply.png"), full_page=True)

    page.get_by_label("基本满意", exact=True).check()
    page.get_by_label("已解决").check()
    page.get_by_label("意见").fill("工资已到账，谢谢。")
    page.get_by_role("button", name="提交评价").click()
    expect(page.get_by_test_id("rated")).to_contain_text("基本满意")
    page.screenshot(path=str(artifacts / "worker-clue-rated.png"), full_page=True)


def test_worker_clue_from_phone_to_rating(
    browser: Browser, live_server, demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "files"
    cache.clear()
    base = live_server.url
    worker_page = phone_page(browser)

    code, secret = submit_clue(worker_page, base, artifacts)
    clue = Clue.objects.get(tracking_code=code)
    assert clue.region_id == "510107" and clue.check_secret(secret)
    assert Attachment.objects.get(clue=clue).content_type == "image/png"
    assert code in Message.objects.filter(clue=clue).first().text

    handle_in_wuhou(browser, base, clue, artifacts)
    assert_hidden_from_jinjiang(browser, base, clue)
    read_and_rate(worker_page, base, code, secret, artifacts)

    clue.refresh_from_db()
    assert clue.rating == 4 and clue.rating_comment == "工资已到账，谢谢。"
    assert clue.state == State.REPLIED and clue.reopened_count == 0
    assert clue.arrears.get().amount_recovered == Decimal("36000")
    worker_page.context.close()
