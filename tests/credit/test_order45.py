"""Order 45 as the text has it (issue 9 items 5-9 and 17): the decision limit from the order's
deadline with its approved extension (art. 8), supervision of overdue listings, early removal
counted on the list (art. 12) and barred by recurrence or criminal proceedings (art. 13) read
from the records, the 15-working-day review (art. 14), relief before listing as a recorded
choice (art. 7), revocation (art. 16) and restoration (art. 15). Each limit is tested the day
before, on and after; each bar and exception through the service, the API and the page."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from tests import factories
from wageguard.cases.models import Decision
from wageguard.cases.services.investigation import record_recovery
from wageguard.clues.models import Clue
from wageguard.core.models import AuditEvent
from wageguard.credit import public, rules, services, supervision
from wageguard.credit.models import CreditListing, CreditListingHistory
from wageguard.org.models import Notification
from wageguard.org.rules import Role

from .conftest import make_case

pytestmark = pytest.mark.django_db
D = dt.date
UNIT = "成都失信示例建筑有限公司"
CODE = "91510100MA61R8XQ4E"


def docx_text(document) -> str:
    with document.file.open("rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in doc.paragraphs)


def recover(case, user, on: dt.date) -> None:
    for worker in case.workers.all():
        record_recovery(
            worker,
            user,
            amount=worker.amount_owed - worker.amount_recovered,
            recovered_on=on,
            method="employer",
        )


PROPOSED_ON, PAID_ON, APPLIED_ON = D(2026, 9, 25), D(2026, 11, 30), D(2027, 6, 1)


def proposed(clock, inspector, day=PROPOSED_ON):
    """Proposed on 09-25; the case's order to pay lapsed on 09-15 (10 days before)."""
    clock.day = day
    return services.propose(make_case(inspector), inspector)


def listed(clock, inspector, supervisor):
    """Notice served 09-30, listed 10-14 (order deadline 09-15)."""
    listing = proposed(clock, inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 14)
    return services.transition(listing, "decide", supervisor)


def applied(clock, inspector, supervisor, paid_on=PAID_ON, day=APPLIED_ON):
    listing = listed(clock, inspector, supervisor)
    clock.day = paid_on
    recover(listing.case, inspector, paid_on)
    clock.day = day
    return services.transition(listing, "apply_removal", inspector, commitment=True)


# --- item 5: the decision within 20 working days of the order's deadline (art. 8) -----------


def test_decision_due_runs_from_the_orders_deadline(clock, inspector):
    listing = proposed(clock, inspector)
    # Order deadline 09-15: 20 working days across National Day end 10-19; known at proposal,
    # before any notice (the old rule counted notice + defence + 10 working days).
    assert listing.order_deadline == D(2026, 9, 15)
    assert listing.decision_due == D(2026, 10, 19)
    assert listing.order == Decision.objects.get(case=listing.case)
    clock.day = D(2026, 10, 9)
    listing = services.transition(listing, "notify", inspector)
    assert listing.decision_due == D(2026, 10, 19)


@pytest.mark.parametrize(
    ("day", "late"), [(D(2026, 10, 16), False), (D(2026, 10, 19), False), (D(2026, 10, 20), True)]
)
def test_decision_late_boundaries(clock, inspector, supervisor, day, late):
    listing = proposed(clock, inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = day
    listing = services.transition(listing, "decide", supervisor)
    assert listing.history.get(action="decide").data["late"] is late


@pytest.mark.parametrize(
    ("approved", "ok"), [(D(2026, 10, 16), True), (D(2026, 10, 19), True), (D(2026, 10, 20), False)]
)
def test_extension_approved_within_the_first_period(clock, inspector, supervisor, approved, ok):
    listing = proposed(clock, inspector)
    clock.day = approved
    data = {"approved_on": approved, "reason": "涉及多个分包单位，情况复杂"}
    if not ok:
        with pytest.raises(ValidationError) as err:
            services.transition(listing, "extend_decision", supervisor, **data)
        assert "approved_on" in err.value.message_dict and "第八条" in str(err.value)
        return
    listing = services.transition(listing, "extend_decision", supervisor, **data)
    # +20 working days: 10-20 .. 11-16.
    assert listing.decision_extended and listing.decision_due == D(2026, 11, 16)
    assert (listing.decision_extended_on, listing.decision_extended_by) == (approved, supervisor)
    row = listing.history.get(action="extend_decision")
    assert row.data["previous_decision_due"] == "2026-10-19"
    assert row.data["approved_by"] and row.data["reason"] == "涉及多个分包单位，情况复杂"
    event = AuditEvent.objects.get(action="credit.extend_decision", object_id=str(listing.pk))
    assert event.after["decision_due"] == "2026-11-16"


def test_extension_once_and_by_the_head(clock, inspector, supervisor):
    listing = proposed(clock, inspector)
    with pytest.raises(PermissionDenied):
        services.transition(listing, "extend_decision", inspector, reason="复杂")
    listing = services.transition(listing, "extend_decision", supervisor, reason="复杂")
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "extend_decision", supervisor, reason="再延长")
    assert "第八条" in str(err.value)


def test_extension_through_the_api_and_page(client, clock, inspector, supervisor):
    listing = proposed(clock, inspector)
    clock.day = D(2026, 10, 12)
    client.force_login(supervisor)
    page = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-action="extend_decision"' in page and 'data-testid="decision-due"' in page
    assert "2026-10-19" in page and 'data-testid="order-deadline">2026-09-15' in page
    r = client.post(
        f"/api/v1/credit-listings/{listing.pk}/transition",
        {"action": "extend_decision", "reason": "情况复杂"},
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["decision_extended"] and body["decision_due"] == "2026-11-16"
    assert body["decision_extension_reason"] == "情况复杂"
    page = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-testid="extension"' in page and "情况复杂" in page


# --- supervision of overdue listings ---------------------------------------------------------


def test_overdue_decisions_go_to_the_prefecture_once(clock, inspector, supervisor, make_user):
    city = make_user("cd-credit-leader", Role.SUPERVISOR, "510100")
    province = make_user("sc-credit-leader", Role.SUPERVISOR, "510000")
    listing = proposed(clock, inspector)
    # Due 10-19: on 10-16 a reminder to the bureau, none above.
    report = supervision.escalate(today=D(2026, 10, 16))
    assert report.reminders == [UNIT] and not report.to_prefecture
    # 10-20: a working day late: the prefecture; a re-run notifies nobody twice.
    assert supervision.escalate(today=D(2026, 10, 19)).to_prefecture == []
    report = supervision.escalate(today=D(2026, 10, 20))
    assert report.to_prefecture == [UNIT] and report.to_province == []
    assert supervision.escalate(today=D(2026, 10, 20)).to_prefecture == []
    assert Notification.objects.filter(user=city).count() == 1
    # 5 working days late (10-26): the province too.
    assert supervision.escalate(today=D(2026, 10, 26)).to_province == [UNIT]
    assert Notification.objects.filter(user=province).count() == 1
    steps = CreditListingHistory.objects.filter(listing=listing, action="supervise")
    assert {s.data["kind"] for s in steps} == {"reminder", "escalation"}
    # An extension is a new due date: the ladder starts again for it (11-16).
    clock.day = D(2026, 10, 19)
    listing = CreditListing.objects.get(pk=listing.pk)
    services.transition(listing, "extend_decision", supervisor, reason="复杂")
    assert supervision.escalate(today=D(2026, 10, 27)).to_prefecture == []
    assert supervision.escalate(today=D(2026, 11, 17)).to_prefecture == [UNIT]


def test_overdue_removal_review_is_supervised(clock, inspector, supervisor, make_user):
    make_user("cd-credit-leader2", Role.SUPERVISOR, "510100")
    listing = applied(clock, inspector, supervisor)
    # Applied 2027-06-01: decided within 15 working days, by 06-22 (06-19 Dragon Boat is a
    # holiday when the calendar knows it; the due date is what the listing stores).
    due = listing.removal_review_due
    assert due == rules.removal_review_due(D(2027, 6, 1)).date
    assert supervision.escalate(today=due).to_prefecture == []
    assert supervision.escalate(today=due + dt.timedelta(days=1)).to_prefecture == [UNIT]


# --- item 6(c): the 15-working-day review of an application (art. 14) ------------------------


@pytest.mark.parametrize("offset", [-1, 0, 1])
def test_removal_review_limit_boundaries(clock, inspector, supervisor, offset):
    listing = applied(clock, inspector, supervisor)
    due = listing.removal_review_due
    day = due + dt.timedelta(days=offset)
    while day.weekday() >= 5:  # a weekend day says nothing new
        day += dt.timedelta(days=offset or 1)
    clock.day = day
    listing = services.transition(listing, "approve_removal", supervisor)
    assert listing.history.get(action="approve_removal").data["late"] is (day > due)


def test_removal_review_due_is_shown(client, clock, inspector, supervisor):
    listing = applied(clock, inspector, supervisor)
    client.force_login(supervisor)
    page = client.get(f"/credit/{listing.pk}/").content.decode()
    assert f'data-testid="removal-review-due">{listing.removal_review_due:%Y-%m-%d}' in page
    api = client.get(f"/api/v1/credit-listings/{listing.pk}").json()
    assert api["removal_review_due"] == f"{listing.removal_review_due:%Y-%m-%d}"


# --- item 6(a): 6 months on the list since the correction (art. 12(2)) -----------------------


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2027, 4, 13), False), (D(2027, 4, 14), False), (D(2027, 4, 15), True)]
)
def test_six_months_on_the_list_when_paid_before_the_listing(clock, inspector, supervisor, day, ok):
    """Paid 09-20 (after the order's 09-15 deadline, before the listing on 10-14): the 6 months
    run from the listing, ending 2027-04-14, so removal from 04-15 (the old rule, 6 months from
    the payment, allowed it from 2027-03-21)."""
    clock.day = D(2026, 9, 20)
    listing = proposed(clock, inspector, day=D(2026, 9, 20))
    recover(listing.case, inspector, D(2026, 9, 20))
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 14)
    listing = services.transition(listing, "decide", supervisor)
    assert rules.removal_allowed_from(D(2026, 9, 20), D(2026, 10, 14)) == D(2027, 4, 15)
    clock.day = day
    if ok:
        listing = services.transition(listing, "apply_removal", inspector, commitment=True)
        assert listing.state == "removal_requested"
        return
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, commitment=True)
    message = err.value.message_dict["corrected_on"][0]
    assert "列入之日（2026-10-14）" in message and "2027-04-15" in message
    assert "第十二条第（二）项" in message


def test_removal_wait_rule_uses_the_later_day():
    assert rules.removal_allowed_from(D(2026, 3, 15)) == D(2026, 9, 16)
    assert rules.removal_allowed_from(D(2026, 3, 15), D(2026, 5, 10)) == D(2026, 11, 11)
    assert rules.removal_allowed_from(D(2026, 5, 10), D(2026, 3, 15)) == D(2026, 11, 11)


# --- item 6(b): the bars of art. 13, read from the records -----------------------------------


def _other_case(inspector, day, clock, **kwargs):
    clock.day = day
    return factories.case(inspector, employer_name=UNIT, employer_credit_code=CODE, **kwargs)


@pytest.mark.parametrize(
    ("filed", "barred"),
    [(D(2026, 10, 13), False), (D(2026, 10, 14), True), (D(2026, 12, 1), True)],
)
def test_arrears_recurring_during_the_listing_bar_removal(
    clock, inspector, supervisor, filed, barred
):
    listing = listed(clock, inspector, supervisor)
    other = _other_case(inspector, filed, clock)
    clock.day = D(2026, 11, 30)
    recover(listing.case, inspector, D(2026, 11, 30))
    clock.day = D(2027, 6, 1)
    if not barred:
        listing = services.transition(listing, "apply_removal", inspector, commitment=True)
        assert listing.state == "removal_requested"
        return
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, commitment=True)
    message = err.value.message_dict["recurrence_finding"][0]
    assert other.number in message and "第十三条第（一）项" in message


def test_a_case_found_without_arrears_does_not_bar(clock, inspector, supervisor):
    listing = listed(clock, inspector, supervisor)
    other = _other_case(inspector, D(2026, 12, 1), clock, workers=[])
    other.state = "closed"
    other.save(update_fields=["state"])
    clock.day = D(2026, 11, 30)
    recover(listing.case, inspector, D(2026, 11, 30))
    clock.day = D(2027, 6, 1)
    listing = services.transition(listing, "apply_removal", inspector, commitment=True)
    answer = listing.history.get(action="apply_removal").data["answer"]
    assert answer == "allowed"


def _clue(**over):
    data = factories.staff_clue_data(employer_name=UNIT, employer_credit_code=CODE, **over)
    return factories.clue_intake(data, public=False).clue


def test_an_open_clue_makes_the_answer_unknown_until_recorded(client, clock, inspector, supervisor):
    """A clue against the unit received during the listing and still being verified: the
    records cannot tell, so the application is registered, the page and the API say
    `unknown`, approval is refused naming the field, and the official's finding decides."""
    listing = listed(clock, inspector, supervisor)
    clue = _clue()
    Clue.objects.filter(pk=clue.pk).update(state="verifying")
    clock.day = D(2026, 11, 30)
    recover(listing.case, inspector, D(2026, 11, 30))
    clock.day = D(2027, 6, 1)
    listing = services.transition(listing, "apply_removal", inspector, commitment=True)
    assert listing.history.get(action="apply_removal").data["answer"] == "unknown"
    client.force_login(supervisor)
    page = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-testid="removal-check" data-answer="unknown"' in page
    assert clue.tracking_code in page
    api = client.get(f"/api/v1/credit-listings/{listing.pk}").json()
    assert api["removal_check"]["answer"] == "unknown"
    # Not decided silently: approval without a finding is refused naming the field.
    r = client.post(
        f"/api/v1/credit-listings/{listing.pk}/transition",
        {"action": "approve_removal"},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "recurrence_finding"
    # A finding needs its explanation.
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "approve_removal", supervisor, recurrence_finding="none")
    assert "findings_note" in err.value.message_dict
    # The official records that it recurred: refused, naming the article.
    with pytest.raises(ValidationError) as err:
        services.transition(
            listing,
            "approve_removal",
            supervisor,
            recurrence_finding="recurred",
            findings_note="核查属实，欠 3 人工资",
        )
    assert "第十三条第（一）项" in str(err.value)
    # Or that none did: removed, the finding on the record.
    listing = services.transition(
        listing,
        "approve_removal",
        supervisor,
        recurrence_finding="none",
        findings_note="经核查，线索反映的是列入前的欠薪",
    )
    assert listing.state == "removed" and listing.recurrence_finding == "none"
    event = AuditEvent.objects.get(action="credit.approve_removal", object_id=str(listing.pk))
    assert event.after["recurrence_finding"] == "none"


def test_a_resolved_clue_bars_an_unsubstantiated_one_does_not(clock, inspector, supervisor):
    listing = listed(clock, inspector, supervisor)
    clue = _clue()
    Clue.objects.filter(pk=clue.pk).update(state="unsubstantiated", outcome="unsubstantiated")
    clock.day = D(2026, 11, 30)
    recover(listing.case, inspector, D(2026, 11, 30))
    clock.day = D(2027, 6, 1)
    listing = services.transition(listing, "apply_removal", inspector, commitment=True)
    assert listing.history.get(action="apply_removal").data["answer"] == "allowed"
    Clue.objects.filter(pk=clue.pk).update(state="resolved", outcome="paid_in_full")
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "approve_removal", supervisor)
    assert "recurrence_finding" in err.value.message_dict


@pytest.mark.parametrize(
    ("response", "answer"),
    [("not_filed", "allowed"), ("pending", "unknown"), ("accepted", "unknown")],
)
def test_transfers_the_police_did_not_file(clock, inspector, supervisor, response, answer):
    listing = listed(clock, inspector, supervisor)
    factories.police_transfer(listing.case, on=D(2026, 10, 20), response=response)
    clock.day = D(2026, 11, 30)
    recover(listing.case, inspector, D(2026, 11, 30))
    clock.day = D(2027, 6, 1)
    listing = services.transition(listing, "apply_removal", inspector, commitment=True)
    assert listing.history.get(action="apply_removal").data["answer"] == answer
    if answer == "unknown":
        with pytest.raises(ValidationError) as err:
            services.transition(listing, "approve_removal", supervisor)
        assert "criminal_finding" in err.value.message_dict
        assert "第十三条第（二）项" in err.value.message_dict["criminal_finding"][0]
        listing = services.transition(
            listing,
            "approve_removal",
            supervisor,
            criminal_finding="none",
            findings_note="公安机关书面答复未立案（武公刑〔2027〕5号）",
        )
        assert listing.state == "removed"


def test_a_filed_transfer_bars_removal_until_the_proceedings_ended(
    client, clock, inspector, supervisor
):
    listing = listed(clock, inspector, supervisor)
    factories.police_transfer(
        listing.case, on=D(2026, 10, 20), response="filed", response_on=D(2026, 11, 2)
    )
    clock.day = D(2026, 11, 30)
    recover(listing.case, inspector, D(2026, 11, 30))
    clock.day = D(2027, 6, 1)
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, commitment=True)
    message = err.value.message_dict["criminal_finding"][0]
    assert "第十三条第（二）项" in message and "已立案（2026-11-02）" in message
    # Through the API: 422 naming the field and the article.
    client.force_login(inspector)
    r = client.post(
        f"/api/v1/credit-listings/{listing.pk}/transition",
        {"action": "apply_removal", "commitment": True},
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["field"] == "criminal_finding"
    assert "第十三条" in r.json()["message"]
    # The page shows the refusal on the listing before anyone applies.
    page = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-testid="removal-check" data-answer="refused"' in page
    # "Not filed" recorded by the official does not clear a filing; "ended" does.
    CreditListing.objects.filter(pk=listing.pk).update(criminal_finding="none")
    listing.refresh_from_db()
    with pytest.raises(ValidationError):
        services.transition(listing, "apply_removal", inspector, commitment=True)
    CreditListing.objects.filter(pk=listing.pk).update(criminal_finding="ended")
    listing.refresh_from_db()
    listing = services.transition(listing, "apply_removal", inspector, commitment=True)
    assert listing.state == "removal_requested"


def test_a_recorded_conviction_bars_removal():
    bar = rules.criminal_bar([], rules.CriminalFinding.CONVICTED)
    assert bar.answer == rules.Bar.APPLIES
    assert rules.criminal_bar([]).answer == rules.Bar.DOES_NOT_APPLY
    check = rules.early_removal(
        True,
        D(2026, 1, 1),
        True,
        D(2027, 1, 1),
        bars=(
            rules.recurrence_bar([]),
            bar,
        ),
    )
    assert check.answer == "refused" and "criminal_finding" in check.problems


# --- item 7: relief before listing is a recorded choice (art. 7) -----------------------------


def _corrected_and_committed(clock, inspector):
    listing = proposed(clock, inspector)
    recover(listing.case, inspector, D(2026, 9, 25))
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 8)
    return services.transition(
        listing, "record_commitment", inspector, commitment_text="承诺今后按月足额支付工资"
    )


def test_relief_may_leave_off_and_listing_needs_a_reason(client, clock, inspector, supervisor):
    listing = _corrected_and_committed(clock, inspector)
    client.force_login(supervisor)
    page = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-testid="relief" data-answer="may_leave_off"' in page and "第七条" in page
    assert client.get(f"/api/v1/credit-listings/{listing.pk}").json()["relief"]["answer"] == (
        "may_leave_off"
    )
    clock.day = D(2026, 10, 14)
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "decide", supervisor)
    assert "reason" in err.value.message_dict and "第七条" in str(err.value)
    listing = services.transition(
        listing, "decide", supervisor, reason="此前多次拖欠，承诺不足以信"
    )
    assert listing.state == "listed"
    assert (listing.relief_choice, listing.relief_reason) == ("list", "此前多次拖欠，承诺不足以信")


def test_relief_leave_off_is_recorded(clock, inspector, supervisor):
    listing = _corrected_and_committed(clock, inspector)
    listing = services.transition(listing, "drop", supervisor, reason="已全额支付并书面承诺")
    assert listing.state == "dropped" and listing.relief_choice == "leave_off"
    data = listing.history.get(action="drop").data
    assert data["relief"] == "may_leave_off" and "第七条" in data["basis"]


def test_no_relief_without_the_commitment_or_the_payment(clock, inspector, supervisor):
    listing = proposed(clock, inspector)
    recover(listing.case, inspector, D(2026, 9, 25))  # paid, no commitment
    assert rules.relief(True, None).answer == "not_applicable"
    assert rules.relief(False, D(2026, 9, 25)).answer == "not_applicable"
    assert rules.relief(True, D(2026, 9, 25)).answer == "may_leave_off"
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 14)
    listing = services.transition(listing, "decide", supervisor)
    assert listing.state == "listed" and listing.relief_choice == ""


def test_the_eligibility_answer_names_the_discretion(inspector):
    result = services.eligibility_for(make_case(inspector))
    assert result.answer == "eligible" and "可以不予列入" in result.reasons[-1]
    assert "第七条" in result.reasons[-1]


# --- item 9: revocation (art. 16) and restoration (art. 15) ----------------------------------

REVOKE = {
    "revoking_kind": "court",
    "revoking_body": "成都市武侯区人民法院",
    "revoking_document": "（2027）川0107行初12号",
    "order_revoked_on": D(2027, 1, 10),
    "reason": "判决撤销责令改正指令书",
}


def test_revoked_listing_leaves_the_public_list_with_a_note(client, clock, inspector, supervisor):
    listing = listed(clock, inspector, supervisor)
    clock.day = D(2027, 1, 15)
    assert public.current_listings().filter(pk=listing.pk).exists()
    with pytest.raises(PermissionDenied):
        services.transition(listing, "revoke", inspector, **REVOKE)
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "revoke", supervisor, **{**REVOKE, "order_revoked_on": None})
    assert "order_revoked_on" in err.value.message_dict
    listing = services.transition(listing, "revoke", supervisor, **REVOKE)
    assert listing.state == "revoked" and listing.revoked_on == D(2027, 1, 15)
    assert (listing.revoking_body, listing.revoking_document) == (
        "成都市武侯区人民法院",
        "（2027）川0107行初12号",
    )
    event = AuditEvent.objects.get(action="credit.revoke", object_id=str(listing.pk))
    assert event.after["revoking_body"] == "成都市武侯区人民法院"
    assert "第十六条" in listing.history.get(action="revoke").data["basis"]
    assert not public.current_listings().filter(pk=listing.pk).exists()
    page = client.get("/public/credit-list/").content.decode()
    assert 'data-testid="public-listing"' not in page
    assert 'data-testid="revoked-listing"' in page and UNIT in page and "2027-01-15" in page
    api = client.get("/api/v1/public/credit-listings").json()
    assert api["items"] == []
    rows = client.get("/api/v1/public/credit-listings/revoked").json()["items"]
    assert [r["unit_name"] for r in rows] == [UNIT] and rows[0]["revoked_on"] == "2027-01-15"
    # Staff see the revoking act.
    client.force_login(supervisor)
    detail = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-testid="revoked"' in detail and "（2027）川0107行初12号" in detail


def test_an_expired_listing_can_be_revoked(clock, inspector, supervisor):
    listing = listed(clock, inspector, supervisor)
    CreditListing.objects.filter(pk=listing.pk).update(state="expired")
    listing.refresh_from_db()
    clock.day = D(2030, 1, 15)
    listing = services.transition(listing, "revoke", supervisor, **REVOKE)
    assert listing.state == "revoked"


def test_restore_after_fraud_starts_a_new_term(client, clock, inspector, supervisor):
    listing = applied(clock, inspector, supervisor)
    listing = services.transition(listing, "approve_removal", supervisor)
    assert listing.state == "removed"
    clock.day = D(2027, 8, 2)
    assert not public.current_listings().filter(pk=listing.pk).exists()
    with pytest.raises(PermissionDenied):
        services.transition(listing, "restore", inspector, reason="虚假凭证")
    listing = services.transition(
        listing, "restore", supervisor, reason="提供的工资支付凭证系伪造，情节严重"
    )
    # Art. 15: the start and end are counted anew: from 2027-08-02 through 2030-08-02.
    assert listing.state == "listed" and listing.listed_on == D(2027, 8, 2)
    assert listing.expires_on == D(2030, 8, 3) and listing.removed_on is None
    assert listing.restored_on == D(2027, 8, 2)
    data = listing.history.get(action="restore").data
    assert data["previous_listed_on"] == "2026-10-14" and "第十五条" in data["basis"]
    text = docx_text(listing.decision_document)
    assert (
        "第十五条" in text
        and "重新计算" in text
        and "2030年08月02日" in text.replace("2030年8月2日", "2030年08月02日")
    )
    assert public.current_listings().filter(pk=listing.pk).exists()
    row = public.public_row(public.current_listings().get(pk=listing.pk))
    assert row["listed_on"] == D(2027, 8, 2)
    assert AuditEvent.objects.filter(action="credit.restore", object_id=str(listing.pk)).exists()


# --- item 17: the articles printed on the documents ------------------------------------------


def test_documents_print_the_articles_of_order_45(clock, inspector, supervisor):
    listing = listed(clock, inspector, supervisor)
    notice = docx_text(listing.notice_document)
    assert "办法》第五条、第六条、第七条" in notice and "可以不予列入" in notice
    assert "五个工作日" in notice
    decision = docx_text(listing.decision_document)
    assert "办法》第五条、第十一条" in decision
    assert "办法》第十二条、第十三条、第十四条" in decision
    assert "自改正之日起被列入失信联合惩戒名单满六个月" in decision


def test_stored_reasons_are_in_the_language_of_the_record(client, clock, inspector):
    from django.utils import translation

    with translation.override("en"):
        listing = proposed(clock, inspector)
    assert listing.eligibility_reasons[0].startswith("依据：《拖欠农民工工资")


def test_feeds_carry_the_revocation_note(client, clock, inspector, supervisor):
    listing = listed(clock, inspector, supervisor)
    clock.day = D(2027, 1, 15)
    feed = client.get("/feeds/publications.json").json()
    ids = [i["id"].rsplit("#", 1)[-1] for i in feed["items"] if "credit-listing" in i["id"]]
    assert ids == [f"credit-listing-{listing.pk}"]
    services.transition(listing, "revoke", supervisor, **REVOKE)
    feed = client.get("/feeds/publications.json").json()
    ids = [i["id"].rsplit("#", 1)[-1] for i in feed["items"] if "credit-listing" in i["id"]]
    assert ids == [f"credit-listing-{listing.pk}-revoked"]
    atom = client.get("/feeds/publications.atom").content.decode()
    assert "已撤销" in atom


def test_revoked_status_filter_and_export(client, clock, inspector, supervisor):
    listing = listed(clock, inspector, supervisor)
    clock.day = D(2027, 1, 15)
    services.transition(listing, "revoke", supervisor, **REVOKE)
    client.force_login(supervisor)
    rows = client.get("/api/v1/credit-listings?status=revoked").json()["items"]
    assert [r["id"] for r in rows] == [listing.pk] and rows[0]["state"] == "revoked"
    assert client.get("/api/v1/credit-listings?status=current").json()["items"] == []
    page = client.get("/credit/?status=revoked").content.decode()
    assert UNIT in page
    exported = b"".join(client.get("/credit/export.csv").streaming_content).decode("utf-8-sig")
    assert "撤销列入决定日期" in exported and "2027-01-15" in exported


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2026, 10, 14), False), (D(2026, 10, 15), False), (D(2026, 10, 16), True)]
)
def test_objection_period_runs_from_the_recorded_service(
    client, clock, inspector, supervisor, day, ok
):
    """Art. 6: 5 working days from receipt of the notice. Issued 09-30 but served 10-09 (the
    document's recorded service): the period runs 10-10 (make-up Saturday), 10-12 .. 10-15."""
    listing = proposed(clock, inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    type(listing.notice_document).objects.filter(pk=listing.notice_document_id).update(
        served_on=D(2026, 10, 9), service_method="direct"
    )
    listing = CreditListing.objects.get(pk=listing.pk)
    assert (listing.served_on, listing.objection_due) == (D(2026, 10, 9), D(2026, 10, 15))
    clock.day = day
    client.force_login(supervisor)
    page = client.get(f"/credit/{listing.pk}/").content.decode()
    assert 'data-testid="served-on">2026-10-09' in page
    assert 'data-testid="defence-due">2026-10-15' in page
    api = client.get(f"/api/v1/credit-listings/{listing.pk}").json()
    assert (api["served_on"], api["defence_due"]) == ("2026-10-09", "2026-10-15")
    if ok:
        assert services.transition(listing, "decide", supervisor).state == "listed"
        return
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "decide", supervisor)
    assert "2026-10-15" in str(err.value) and "第六条" in str(err.value)
