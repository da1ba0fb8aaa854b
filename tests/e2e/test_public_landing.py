"""A visitor on a phone (375 px, zh-CN) opens the site root, sees what can be done there and
follows each link: report, track, the credit list, published violations; 12333 is a tap to
call; a list narrowed to nothing says so; a wrong address is a Chinese page."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from wageguard.org.bootstrap import create_agencies

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 375, "height": 740}


def assert_fits(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} scrolls sideways on a phone: {width}px"


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    yield context.new_page()
    context.close()


def test_a_visitor_finds_every_public_service_from_the_root(phone: Page, live_server, artifacts):
    create_agencies("51")
    base = live_server.url
    phone.goto(f"{base}/")
    expect(phone.get_by_role("heading", name="被拖欠工资了？")).to_be_visible()
    expect(phone.get_by_test_id("landing-12333")).to_have_attribute("href", "tel:12333")
    assert_fits(phone)
    phone.screenshot(path=str(artifacts / "public-landing-phone.png"), full_page=True)

    targets = {
        "landing-report": re.compile(r"/report/what/$"),  # /report/ opens the first step
        "landing-track": re.compile(r"/report/track/$"),
        "landing-credit-list": re.compile(r"/public/credit-list/$"),
        "landing-publications": re.compile(r"/public/publications/$"),
        "landing-staff-login": re.compile(r"/login/$"),
    }
    for testid, url in targets.items():
        phone.goto(f"{base}/")
        phone.get_by_test_id(testid).click()
        expect(phone).to_have_url(url)
        expect(phone.locator("h1")).not_to_be_empty()
        if testid != "landing-staff-login":  # the staff layout's width is not this page's
            assert_fits(phone)


def test_a_public_list_narrowed_to_nothing_says_so(phone: Page, live_server, artifacts):
    base = live_server.url
    phone.goto(f"{base}/public/credit-list/")
    expect(phone.get_by_test_id("public-header")).to_be_visible()
    expect(phone.get_by_test_id("list-empty")).to_contain_text("暂无当前有效的名单")
    phone.get_by_label("市（州）").select_option(label="成都市")
    phone.get_by_role("button", name="查询").click()
    expect(phone.get_by_test_id("no-match")).to_contain_text("没有符合条件的记录")
    # The prefecture chosen, its counties are offered.
    phone.get_by_label("县（市、区）").select_option(label="武侯区")
    phone.get_by_role("button", name="查询").click()
    expect(phone).to_have_url(re.compile(r"county=510107"))
    expect(phone.get_by_test_id("no-match")).to_be_visible()
    assert_fits(phone)
    phone.screenshot(path=str(artifacts / "public-credit-list-filtered.png"), full_page=True)
    phone.get_by_test_id("clear-filters").click()
    expect(phone.get_by_test_id("list-empty")).to_be_visible()


def test_a_wrong_address_is_a_chinese_page(phone: Page, live_server, settings):
    settings.DEBUG = False
    response = phone.goto(f"{live_server.url}/public/no-such-page/")
    assert response is not None and response.status == 404
    expect(phone.get_by_test_id("error-title")).to_have_text("页面不存在")
    expect(phone.get_by_test_id("public-header")).to_be_visible()
    assert_fits(phone)
