"""The inbox's 显示 button in Chromium: masked by default, one row revealed in place (htmx) or by
re-rendering the page (no JavaScript), each reveal audited (issue 10 finding 4)."""

import pytest
from playwright.sync_api import Browser, Page, expect

from tests import factories
from wageguard.core.models import AuditEvent
from wageguard.parties.rules import mask_phone

from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def two_clues(demo):
    people = factories.people()
    return [factories.clue_intake(factories.clue_submission(people)).clue for _ in range(2)]


def test_inspector_reveals_one_row_in_place(page: Page, live_server, two_clues, artifacts):
    shown, other = two_clues
    login(page, live_server.url, "wuhou-inspector")
    page.goto(f"{live_server.url}/clues/")
    inbox = page.get_by_test_id("inbox")
    expect(inbox).to_contain_text(mask_phone(shown.phone))
    expect(inbox).not_to_contain_text(shown.phone)
    row = inbox.locator(f'tr[data-clue="{shown.pk}"]')
    row.get_by_role("button", name="显示").click()
    expect(row.get_by_test_id("reporter-phone")).to_have_text(shown.phone)
    expect(row.get_by_test_id("revealed")).to_be_visible()
    # Swapped in place: still the inbox, the other row still masked.
    assert page.url.rstrip("/").endswith("/clues")
    expect(inbox.locator(f'tr[data-clue="{other.pk}"]')).to_contain_text(mask_phone(other.phone))
    expect(inbox).not_to_contain_text(other.phone)
    event = AuditEvent.objects.get(action="clue.reveal")
    assert event.actor_username == "wuhou-inspector"
    assert event.after["clear_ids"] == [shown.pk]
    page.screenshot(path=str(artifacts / "inbox-reveal.png"), full_page=True)


def test_reveal_works_without_javascript(browser: Browser, live_server, two_clues):
    shown, other = two_clues
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    login(page, live_server.url, "wuhou-inspector")
    page.goto(f"{live_server.url}/clues/?sort=received")
    row = page.locator(f'tr[data-clue="{shown.pk}"]')
    row.get_by_role("button", name="显示").click()
    row = page.locator(f'tr[data-clue="{shown.pk}"]')
    expect(row.get_by_test_id("reporter-phone")).to_have_text(shown.phone)
    expect(page.get_by_test_id("inbox")).not_to_contain_text(other.phone)
    event = AuditEvent.objects.get(action="clue.reveal")
    assert event.after["clear_ids"] == [shown.pk]
    assert event.after["filter"] == {"sort": "received"}
    context.close()


def test_auditor_gets_no_reveal_button(page: Page, live_server, two_clues):
    login(page, live_server.url, "auditor")
    page.goto(f"{live_server.url}/clues/")
    expect(page.get_by_test_id("inbox")).to_contain_text(mask_phone(two_clues[0].phone))
    expect(page.get_by_role("button", name="显示")).to_have_count(0)
