"""Issue 4's done-when path in Chromium: a clue becomes a case; the inspector orders payment; the
deadline passes unpaid; the order's service is recorded on the page (issue 9: an order counts
only once served); the threshold check says `meets`; a transfer letter is generated and
downloaded; the credit-list proposal goes through notice, defence and decision; the public page
and the Atom feed show the listing without any personal data of workers.

Only the passing of time is simulated: the order's dates are moved back in the database, as if
it had been issued two weeks ago, so "not complied" can be recorded as the law allows.
"""

import datetime as dt
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from docx import Document
from playwright.sync_api import Browser, Page, expect

from wageguard.cases.models import Decision, EnforcementCase
from wageguard.clues.models import ArrearsLine
from wageguard.clues.services import intake, transition
from wageguard.clues.validation import clean_intake
from wageguard.credit.models import CreditListing
from wageguard.credit.rules import add_months
from wageguard.demo.synthetic import Synthetic, counties_of
from wageguard.org.models import User

from .actions import unfold
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

EMPLOYER = "成都恒远建筑劳务有限公司"
ID_NUMBER = re.compile(r"\d{17}[\dXx]")
MOBILE = re.compile(r"1[3-9]\d{9}")


def clue_with_twelve_workers() -> tuple:
    """A clue under verification in 武侯区: 12 workers unpaid for 4 months, ¥9,000 each, so the
    arrears reach the national upper bound (¥100,000 for 10 or more workers)."""
    inspector = User.objects.get(username="wuhou-inspector")
    clue = intake(
        clean_intake(
            {
                "employer_name": EMPLOYER,
                "work_address": "成都市武侯区人民南路四段 27 号工地",
                "description": "项目完工后劳务公司拖欠 12 名工人四个月工资。",
                "period_start": "2026-05",
                "period_end": "2026-08",
            },
            public=False,
        ),
        actor=inspector,
    ).clue
    people = list(Synthetic(counties_of("51"), seed=11).people(12))
    for person in people:
        ArrearsLine.objects.create(
            clue=clue,
            worker_name=person.name,
            id_number=person.id_number,
            amount_owed=Decimal(9000),
        )
    clue = transition(clue, "accept", inspector)
    clue = transition(clue, "start_verification", inspector)
    return clue, people


def act(page: Page, what: str, **fields: str) -> None:
    """Opens and submits one form of the case page, filling its fields by label."""
    form = unfold(page, what)
    for label, value in fields.items():
        control = form.get_by_label(label, exact=True)
        tag = control.evaluate("e => e.tagName")
        if tag == "SELECT":
            control.select_option(value=value)
        else:
            control.fill(value)
    # The form posts with htmx and its section is swapped in place (a workflow step reloads the
    # page): clear the last notice so that only this action's answer is waited for.
    page.evaluate("document.querySelectorAll('.alert-success').forEach(e => e.remove())")
    form.locator("button[type=submit]").click()
    if what.startswith("issue_"):
        # A measure's document is previewed unnumbered first; confirming takes the number.
        preview = page.get_by_test_id("preview")
        expect(preview.get_by_test_id("preview-number")).to_have_text("（文号待编）")
        preview.get_by_test_id("confirm").click()
    done(page)


def done(page: Page) -> None:
    """Waits for the answer; on a refusal, fails with the messages the page shows."""
    page.wait_for_load_state()
    answer = ".alert-success, .invalid-feedback, .alert-danger, .errorlist"
    page.locator(answer).first.wait_for()
    if not page.locator(".alert-success").count():
        shown = page.locator(".invalid-feedback, .alert-danger, .errorlist").all_inner_texts()
        pytest.fail(f"refused: {shown}")


def credit_step(page: Page, action: str, **fields: str) -> None:
    form = page.locator(f'form[data-action="{action}"]')
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    page.evaluate("document.querySelectorAll('.alert-success').forEach(e => e.remove())")
    form.get_by_role("button").click()
    done(page)


def test_clue_to_case_to_police_and_credit_list(
    browser: Browser, live_server, demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "files"
    base = live_server.url
    clue, people = clue_with_twelve_workers()
    page = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    login(page, base, "wuhou-inspector")

    # A clue becomes a case, linked both ways.
    page.goto(f"{base}/clues/{clue.pk}/")
    unfold(page, "convert_to_case").get_by_role("button").click()
    page.get_by_test_id("cases").get_by_role("link").first.click()
    case = EnforcementCase.objects.get(clue=clue)
    expect(page.get_by_test_id("number")).to_have_text(case.number)
    expect(page.get_by_test_id("clue-link")).to_have_text(clue.tracking_code)
    expect(page.get_by_test_id("owed-total")).to_contain_text("108000")

    # Two inspectors investigate (Decree 423 art. 16); the order to pay is issued with its number.
    act(page, "start_investigation")
    colleague = User.objects.get(username="wuhou-inspector2")
    assign = unfold(page, "assign")
    assign.get_by_label(re.compile(colleague.display_name)).check()
    assign.get_by_label(
        re.compile(User.objects.get(username="wuhou-inspector").display_name)
    ).check()
    assign.locator("button[type=submit]").click()
    expect(page.get_by_test_id("inspectors")).to_contain_text(colleague.display_name)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()
    act(page, "issue_order", 履行期限=tomorrow, **{"内容": "限期足额支付拖欠的农民工工资"})
    order = Decision.objects.get(case=case, kind="order")
    expect(page.get_by_test_id("measures")).to_contain_text(order.document.number)
    expect(page.get_by_test_id("measure-article").first).to_contain_text("第二十六条")

    # The deadline passes unpaid.
    past = dt.date.today() - dt.timedelta(days=14)
    EnforcementCase.objects.filter(pk=case.pk).update(filed_on=past - dt.timedelta(days=1))
    Decision.objects.filter(pk=order.pk).update(issued_on=past, deadline=past + dt.timedelta(7))
    page.reload()
    act(page, "outcome", 是否已履行="0", 履行情况说明="逾期分文未付")
    # Not served yet: the order does not count as ignored (Criminal Law art. 276-1; SPC2013
    # art. 4), so the answer is "not yet" and says what is missing.
    expect(page.get_by_test_id("threshold")).to_have_attribute("data-answer", "not_yet")
    expect(page.get_by_test_id("threshold")).to_contain_text("尚未登记送达")
    expect(page.locator(f'[data-document="{order.document_id}"]')).to_contain_text("未送达")
    served = (past + dt.timedelta(days=1)).isoformat()
    act(
        page,
        "record_service",
        送达方式="direct",
        送达日期=served,
        **{"受送达人（签收人）": "张经理"},
    )
    expect(page.locator(f'[data-document="{order.document_id}"]')).to_have_attribute(
        "data-served", "1"
    )
    # The 送达回证, A4, filled from the record.
    with page.expect_download() as download:
        page.locator(f'[data-document="{order.document_id}"]').get_by_test_id("receipt").click()
    receipt = Document(download.value.path())
    assert round(receipt.sections[0].page_width.cm, 1) == 21.0
    cells = [c.text for t in receipt.tables for r in t.rows for c in r.cells]
    assert order.document.number in "".join(cells) and "直接送达" in cells
    page.reload()
    expect(page.get_by_test_id("threshold")).to_have_attribute("data-answer", "meets")
    expect(page.get_by_test_id("threshold-note")).to_contain_text("本省尚未设定")
    page.screenshot(path=str(artifacts / "case-threshold-meets.png"), full_page=True)

    # Transfer to the police: the letter is generated and downloaded.
    act(page, "transfer", 接收公安机关="成都市公安局武侯区分局", 拒不支付情形="order_ignored")
    letter = case.transfers.get().letter
    with page.expect_download() as download:
        page.get_by_test_id("transfers").get_by_role("link", name=letter.number).click()
    saved = tmp_path / "transfer.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in Document(str(saved)).paragraphs)
    tables = "\n".join(c.text for t in Document(str(saved)).tables for r in t.rows for c in r.cells)
    assert letter.number in text and EMPLOYER in text
    assert "108,000.00" in text + tables

    # The credit list: proposal, notice, defence, then the leader's decision.
    page.get_by_test_id("credit-propose").click()
    expect(page.get_by_test_id("eligibility")).to_have_attribute("data-answer", "eligible")
    page.get_by_test_id("propose-form").get_by_role("button").click()
    listing = CreditListing.objects.get(case=case)
    credit_step(page, "notify")
    expect(page.get_by_test_id("documents")).to_contain_text("告知书")
    credit_step(page, "record_defence")
    page.context.close()

    leader = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai").new_page()
    login(leader, base, "wuhou-leader")
    leader.goto(f"{base}/credit/{listing.pk}/")
    credit_step(leader, "decide")
    expect(leader.get_by_test_id("state")).to_have_attribute("data-state", "listed")
    expect(leader.get_by_test_id("documents")).to_contain_text("决定书")
    leader.context.close()
    listing.refresh_from_db()
    assert listing.listed_on == dt.date.today()
    # Civil Code arts. 201-202: the decision day is not counted; off the list the day after the
    # corresponding day 3 years on (decided 2026-11-29: through 2029-11-29, off 2029-11-30).
    assert listing.expires_on == add_months(dt.date.today(), 36) + dt.timedelta(days=1)

    # The public page and the Atom feed show the listing, and nothing of the workers.
    public = browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{base}/public/credit-list/")
    expect(public.locator("body")).to_contain_text(EMPLOYER)
    public.screenshot(path=str(artifacts / "public-credit-list.png"), full_page=True)
    feed = public.request.get(f"{base}/feeds/publications.atom")
    assert feed.ok
    entries = ElementTree.fromstring(feed.body()).findall("{http://www.w3.org/2005/Atom}entry")
    assert any(EMPLOYER in ElementTree.tostring(e, encoding="unicode") for e in entries)
    for text in (public.content(), feed.text()):
        assert not ID_NUMBER.search(text) and not MOBILE.search(text)
        for person in people:
            assert person.name not in text
    public.context.close()
