"""The Wuhou inspector works a red warning in Chromium: inbox, project, handling, state."""

import pytest
from playwright.sync_api import Page, expect

from wageguard.projects import services
from wageguard.projects.models import Warning

from .actions import submit_action
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_inspector_handles_a_red_warning(page: Page, live_server, demo, artifacts):
    project = services.register(
        demo["wuhou-inspector"],
        {
            "name": "武侯区红牌街安置房项目",
            "code": "E2E-WARN-1",
            "site_address": "成都市武侯区红牌楼街道 1 号",
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": "四川华西建工有限公司",
            "contract_signed_on": "2026-01-05",
            "started_on": "2026-01-10",
            "state": "construction",
        },
    ).project
    red = Warning.objects.get(project=project, rule="account_missing")
    login(page, live_server.url, "wuhou-inspector")
    page.goto(f"{live_server.url}/projects/warnings/?level=red")
    row = page.locator(f'tr[data-warning="{red.pk}"]')
    expect(row).to_contain_text("未按期开设农民工工资专用账户")
    row.get_by_test_id("open-warning").click()
    expect(page.get_by_test_id("state")).to_have_text("已发出")
    page.get_by_test_id("project-link").click()
    expect(page.locator("h1")).to_contain_text("武侯区红牌街安置房项目")
    expect(page.get_by_test_id("project-warnings")).to_contain_text("专用账户")
    page.go_back()
    submit_action(
        page,
        "handle",
        lambda form: form.get_by_label("理由或处置情况").fill(
            "已约谈施工总承包单位，限期三日内开设专用账户"
        ),
    )
    expect(page.get_by_test_id("state")).to_have_text("已处置")
    page.screenshot(path=str(artifacts / "warning-handled.png"), full_page=True)
    red.refresh_from_db()
    assert red.state == "handled"
