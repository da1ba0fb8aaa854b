"""Coordination in Chromium at phone size: 武侯区's housing department finds the assignment in
its inbox (and nothing else in the menu), answers it with a file; 武侯区's bureau accepts it."""

import pytest
from playwright.sync_api import Browser, expect

from tests import factories
from wageguard.campaigns.coordination.models import Assignment

from .actions import submit_action
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_a_housing_user_answers_and_the_bureau_accepts(
    browser: Browser, live_server, demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    a = factories.assignment(demo["wuhou-leader"], subject="督促开设工资专用账户")
    factories.assignment(demo["wuhou-leader"], kind="transport", subject="交通事项不应出现")
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login(page, live_server.url, "wuhou-housing")
    page.get_by_role("button", name="菜单").click()
    nav = page.locator("#wg-nav")
    expect(nav).to_contain_text("交办事项")
    for other in ("线索台账", "案件", "工程项目", "专项行动", "行政区划", "机构"):
        expect(nav.get_by_role("link", name=other, exact=True)).to_have_count(0)
    nav.get_by_role("link", name="交办事项").click()
    inbox = page.get_by_test_id("assignments")
    expect(inbox).to_contain_text("督促开设工资专用账户")
    expect(inbox).not_to_contain_text("交通事项不应出现")
    inbox.get_by_role("link", name="督促开设工资专用账户").click()

    def answered(form):
        form.get_by_label("答复内容").fill("已约谈总包单位，专户已于本周开设。")
        form.get_by_label("附件").set_input_files(
            files=[{"name": "开户证明.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )

    submit_action(page, "answer", answered)
    expect(page.get_by_test_id("state")).to_have_text("已答复待确认")
    expect(page.get_by_test_id("files")).to_contain_text("开户证明.pdf")
    page.screenshot(path=str(artifacts / "assignment-answered-phone.png"), full_page=True)
    context.close()

    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login(page, live_server.url, "wuhou-leader")
    page.goto(f"{live_server.url}/campaigns/assignments/{a.pk}/")
    submit_action(page, "accept", lambda form: None)
    expect(page.get_by_test_id("state")).to_have_text("已办结")
    context.close()
    a.refresh_from_db()
    assert a.state == "accepted" and a.files.count() == 1
    assert Assignment.objects.filter(state="assigned").count() == 1
