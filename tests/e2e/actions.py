"""Driving the folded action forms (templates/partials/action_accordion.html) in a browser."""

import re
from collections.abc import Callable

from playwright.sync_api import Locator, Page, expect

SHOWN = re.compile(r"(^|\s)show(\s|$)")


def submit_action(page: Page, name: str, fill: Callable[[Locator], None]) -> None:
    """Unfolds action `name`, lets `fill` fill its form, submits it and waits for the page that
    answers.

    The fold must have finished opening before the form is touched: while Bootstrap's collapse
    still animates, the body is clipped, and a click on the submit button was now and then lost
    (the form stayed filled, nothing was posted). Waiting for the navigation turns a lost click
    into a clear failure here instead of a missing result later.
    """
    toggle = page.get_by_test_id(f"open-{name}")
    try:
        expect(toggle).to_be_visible()
    except AssertionError as missing:
        # Names the page, its text (the user in the menu among it) and what it did offer: this
        # is how a test found running as the previous user was told apart from a missing action.
        raise AssertionError(_offered(page, name)) from missing
    toggle.click()
    expect(page.locator(f"#act-{name}")).to_have_class(SHOWN)
    form = page.get_by_test_id(f"form-{name}")
    fill(form)
    with page.expect_navigation(wait_until="domcontentloaded", timeout=60_000):
        form.locator('button[type="submit"]').click()


def _offered(page: Page, name: str) -> str:
    toggles = page.locator('[data-testid^="open-"], details[data-form]').all()
    offered = [el.get_attribute("data-testid") or el.get_attribute("data-form") for el in toggles]
    text = " ".join(page.locator("body").inner_text().split())[:800]
    return f"action {name!r} is not offered on {page.url}; offered: {offered}; page: {text}"


def unfold(page: Page, name: str) -> Locator:
    """Opens the folded form of action `name` on a clue or case page (a <details>, see
    clues/_action_form.html and cases/_act.html) and returns the form."""
    details = page.locator(f'details[data-form="{name}"]')
    try:
        expect(details).to_have_count(1)
    except AssertionError as missing:
        raise AssertionError(_offered(page, name)) from missing
    if not details.evaluate("e => e.open"):
        details.locator("summary").click()
    form = details.locator("form")
    expect(form).to_be_visible()
    return form
