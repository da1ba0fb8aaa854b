"""axe-core in the browser on the public pages every visitor meets first: the landing page,
the report form, the tracking form and the staff login; none scrolls sideways on a phone. The
worker's and the inspector's own pages are checked inside their journeys (test_worker_journey,
test_inspector_day)."""

import pytest
from playwright.sync_api import Browser, Page

from wageguard.org.bootstrap import create_agencies

from .axe import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser: Browser):
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, locale="zh-CN", timezone_id="Asia/Shanghai"
    )
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", ["/", "/report/", "/report/track/", "/login/"])
def test_public_pages_are_accessible_on_a_phone(phone: Page, live_server, path):
    create_agencies("51")
    phone.goto(f"{live_server.url}{path}")
    assert_accessible(phone)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways on a 375px phone: {width}px"
