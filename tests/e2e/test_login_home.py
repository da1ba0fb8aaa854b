"""A county inspector logs in and sees the Chinese home page; an administrator adds a colleague."""

import re

import pytest
from playwright.sync_api import Page, expect

from wageguard.demo.province import demo_password

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def login(page: Page, base: str, username: str) -> None:
    """Logs in as `username`, whoever was logged in before, and waits for the page after the
    login (a `goto` issued while the login's POST is on its way would cancel it).

    The previous page is left for about:blank before the cookies go: a response still on its way
    for it (the browser's own /favicon.ico request, say) could otherwise set the previous user's
    session cookie again, and the login page, seeing a user logged in, would redirect without
    logging anyone in (LoginView's redirect_authenticated_user): the test then went on as the
    previous user."""
    page.goto("about:blank")
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(demo_password())
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_county_inspector_sees_chinese_home(page: Page, live_server, demo, artifacts):
    login(page, live_server.url, "wuhou-inspector")
    expect(page.get_by_test_id("welcome")).to_contain_text("您好")
    expect(page.locator("body")).to_contain_text("劳动保障监察员")
    expect(page.locator("body")).to_contain_text("武侯区人力资源和社会保障局")
    expect(page).to_have_title(re.compile("根治欠薪综合监管平台"))
    # An inspector has no user administration or audit log: the page offers only what works.
    expect(page.get_by_role("link", name="用户管理")).to_have_count(0)
    expect(page.get_by_role("link", name="审计日志")).to_have_count(0)
    page.screenshot(path=str(artifacts / "home-wuhou-inspector.png"), full_page=True)


def test_home_on_a_phone(browser, live_server, demo, artifacts):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="zh-CN")
    page = context.new_page()
    login(page, live_server.url, "jinjiang-inspector")
    expect(page.get_by_test_id("welcome")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways on a phone: {width}px"
    page.screenshot(path=str(artifacts / "home-phone.png"), full_page=True)
    context.close()


def test_wrong_password_is_refused_in_chinese(page: Page, live_server, demo):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("用户名").fill("wuhou-inspector")
    page.get_by_label("密码").fill("not-the-password")
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("alert")).to_contain_text("用户名")


def test_county_admin_adds_a_clerk(page: Page, live_server, demo):
    login(page, live_server.url, "wuhou-admin")
    page.get_by_test_id("admin-menu").click()
    page.get_by_role("link", name="用户管理").first.click()
    page.get_by_role("link", name="新建用户").click()
    page.get_by_label("用户名").fill("wuhou-clerk-2")
    page.get_by_label("姓名").fill("李四")
    page.get_by_label("所属机构").select_option(label="武侯区人力资源和社会保障局")
    page.get_by_label("角色").select_option(value="clerk")
    page.get_by_label("初始密码").fill("Wuhou-2026-clerk")
    page.get_by_label("确认密码").fill("Wuhou-2026-clerk")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("alert")).to_contain_text("已创建用户 wuhou-clerk-2")
