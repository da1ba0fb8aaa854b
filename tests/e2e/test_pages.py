"""Region browser with address routing, the auditor's log, English UI: in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_region_browser_routes_an_address(page: Page, live_server, demo, artifacts):
    login(page, live_server.url, "wuhou-clerk")
    page.get_by_test_id("admin-menu").click()
    page.get_by_role("link", name="行政区划").first.click()
    page.get_by_role("link", name="四川省").click()
    expect(page.get_by_test_id("region-children")).to_contain_text("成都市")
    expect(page.get_by_test_id("region-children").locator("tbody tr")).to_have_count(21)
    page.get_by_label("地址").fill("凉山州会理县鹿厂镇工地")
    page.get_by_role("button", name="路由").click()
    result = page.get_by_test_id("route-result")
    expect(result).to_contain_text("会理市")
    expect(result).to_contain_text("513402")
    page.screenshot(path=str(artifacts / "regions-route.png"), full_page=True)


def test_auditor_browses_the_log_and_opens_an_event(page: Page, live_server, demo, artifacts):
    # A login by someone else is what the auditor should find.
    login(page, live_server.url, "wuhou-inspector")
    page.context.clear_cookies()
    login(page, live_server.url, "auditor")
    page.get_by_test_id("admin-menu").click()
    page.get_by_role("link", name="审计日志").first.click()
    page.get_by_label("操作人用户名").fill("wuhou-inspector")
    page.get_by_role("button", name="筛选").click()
    events = page.get_by_test_id("audit-events")
    expect(events).to_contain_text("auth.login")
    events.get_by_role("link").first.click()
    expect(page.locator("h1")).to_contain_text("auth.login")
    page.screenshot(path=str(artifacts / "audit-event.png"), full_page=True)


def test_inspector_has_no_audit_log(page: Page, live_server, demo):
    login(page, live_server.url, "wuhou-inspector")
    response = page.goto(f"{live_server.url}/audit/")
    assert response is not None and response.status == 403


def test_english_interface(page: Page, live_server, demo):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Language").select_option("en")
    expect(page.get_by_role("heading", name="Staff sign-in")).to_be_visible()
