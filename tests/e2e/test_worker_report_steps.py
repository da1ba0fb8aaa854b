"""Issue 14: a worker reports unpaid wages in short steps on a 375×667 phone: one thing per page,
an error shown in a summary that links to its field and then fixed, the answers checked and one
changed, the report sent; the page with the code survives reload and Back, and "查看我的线索"
opens the clue without typing anything. axe-core finds no serious violation on any step."""

import pytest
from django.core.cache import cache
from playwright.sync_api import Browser, Page, expect

from wageguard.clues.models import Attachment, Clue
from wageguard.demo.synthetic import Synthetic, counties_of
from wageguard.org.bootstrap import create_agencies

from .axe import assert_accessible
from .report_steps import fill_what, fill_where, fill_who, next_step
from .test_worker_clue import tiny_png

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 667}


def fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width}px"


def test_worker_reports_in_steps_on_a_phone(
    browser: Browser, live_server, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "files"
    create_agencies("51")
    cache.clear()
    worker = Synthetic(counties_of("51"), seed=3).person()
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    base = live_server.url

    # 1. 发生了什么 — sent without the story: the summary names it and links to it.
    page.goto(f"{base}/report/")
    expect(page.get_by_role("heading", level=1)).to_have_text("发生了什么")
    expect(page.get_by_text("第 1 步，共 4 步")).to_be_visible()
    assert page.locator('a[href="tel:12333"]').count() >= 1
    assert page.locator("input[type=month]").count() == 0
    assert_accessible(page)
    fits(page)
    fill_what(page, photo=tiny_png())
    page.get_by_role("button", name="继续").last.click()
    summary = page.get_by_test_id("error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("请先修改以下问题")
    expect(page.locator("#error-description")).to_contain_text("请填写情况描述")
    expect(page.get_by_label("一共被拖欠多少钱")).to_have_value("36000")  # input kept
    expect(page.get_by_test_id("held-files")).to_contain_text("欠条.png")  # photo kept
    assert_accessible(page)
    fits(page)
    page.screenshot(path=str(artifacts / "report-steps-error.png"), full_page=True)
    summary.get_by_role("link", name="请填写情况描述").click()
    expect(page.get_by_label("请说一说具体情况")).to_be_focused()
    page.get_by_label("请说一说具体情况").fill("项目完工后包工头拖欠三个月工资，多次讨要无果。")

    # Large system fonts: the page still fits the phone's width.
    page.add_style_tag(content="html { font-size: 200% !important; }")
    fits(page)

    # 2. 在哪里
    next_step(page, "在哪里")
    fits(page)
    fill_where(page)
    # Back, then forward again: no "resubmit the form?" anywhere (every POST redirected).
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("发生了什么")
    expect(page.get_by_label("请说一说具体情况")).to_have_value(
        "项目完工后包工头拖欠三个月工资，多次讨要无果。"
    )
    next_step(page, "在哪里")
    fill_where(page)

    # 3. 您是谁
    next_step(page, "您是谁")
    fits(page)
    fill_who(page, worker.name, worker.id_number, worker.phone)

    # 4. 核对并提交, one answer changed through its 修改 link.
    next_step(page, "核对并提交")
    fits(page)
    answers = page.get_by_test_id("answers")
    expect(answers).to_contain_text("2026 年 6 月")
    expect(answers).to_contain_text("欠条.png")
    page.screenshot(path=str(artifacts / "report-steps-check.png"), full_page=True)
    answers.locator('[data-name="employer_name"]').get_by_role("link", name="修改").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("在哪里")
    page.get_by_label("欠您工资的公司或老板").fill("四川鑫达建筑有限公司")
    next_step(page, "核对并提交")
    expect(answers).to_contain_text("四川鑫达建筑有限公司")
    page.get_by_test_id("send").click()

    # Sent: code and password, survives reload and Back, opens the clue.
    expect(page.get_by_role("heading", name="您反映的欠薪线索已收到")).to_be_visible()
    assert_accessible(page)
    fits(page)
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    secret = page.get_by_test_id("secret").inner_text().strip()
    clue = Clue.objects.get(tracking_code=code)
    assert clue.check_secret(secret) and clue.employer_name == "四川鑫达建筑有限公司"
    assert clue.region_id == "510107" and clue.workers_owed == 3
    assert Attachment.objects.get(clue=clue).original_name == "欠条.png"
    page.screenshot(path=str(artifacts / "report-steps-done.png"), full_page=True)
    page.reload()
    expect(page.get_by_test_id("tracking-code")).to_have_text(code)
    page.go_back()
    expect(page.get_by_test_id("tracking-code")).to_have_text(code)
    page.get_by_role("link", name="查看我的线索").click()
    expect(page.locator("body")).to_contain_text(code)
    assert Clue.objects.count() == 1
    context.close()


def test_the_steps_work_without_javascript(browser: Browser, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    create_agencies("51")
    cache.clear()
    worker = Synthetic(counties_of("51"), seed=4).person()
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/report/")
    fill_what(page, photo=tiny_png(), description="老板拖欠两个月工资。")
    page.get_by_role("button", name="继续").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("在哪里")
    page.get_by_label("您在哪里干活").fill("成都市武侯区人民南路四段12号工地")
    page.get_by_label("欠您工资的公司或老板").fill("四川鑫达建筑工程有限公司")
    page.get_by_role("button", name="查看受理机构").click()  # the preview without htmx
    expect(page.get_by_test_id("route-preview")).to_contain_text("武侯区人力资源和社会保障局")
    expect(page.get_by_label("欠您工资的公司或老板")).to_have_value("四川鑫达建筑工程有限公司")
    page.get_by_role("button", name="继续").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("您是谁")
    fill_who(page, worker.name, worker.id_number, worker.phone)
    page.get_by_role("button", name="继续").last.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("核对并提交")
    page.get_by_test_id("send").click()
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    assert Clue.objects.get(tracking_code=code).attachments.count() == 1
    page.get_by_role("link", name="查看我的线索").click()
    expect(page.locator("body")).to_contain_text(code)
    context.close()
