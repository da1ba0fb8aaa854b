"""The credit-list workflow: proposal only when eligible, notice with its defence period, the
decision by the deciding agency's leader, early removal, expiry; documents read back."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone
from docx import Document

from wageguard.cases.services.investigation import record_recovery
from wageguard.core.models import AuditEvent
from wageguard.credit import rules, services
from wageguard.credit.models import CreditListing, CreditListingHistory, CreditSettings
from wageguard.org.rules import Role

from .conftest import REP_ID, WORKER, WORKER_ID, make_case

pytestmark = pytest.mark.django_db
D = dt.date


def docx_text(document) -> str:
    with document.file.open("rb") as handle:
        doc = Document(io.BytesIO(handle.read()))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def recover(case, user, on: dt.date, amount: str | None = None) -> None:
    """Records each worker of the case paid (in full unless `amount`) on `on`, in place of
    what was recorded before (the record corrected: its recoveries replaced by one)."""
    for worker in case.workers.all():
        worker.recoveries.all().delete()
        worker.amount_recovered, worker.recovered_on = 0, None
        worker.save(update_fields=["amount_recovered", "recovered_on"])
        record_recovery(
            worker,
            user,
            amount=Decimal(amount) if amount else worker.amount_owed,
            recovered_on=on,
            method="employer",
        )


def _listed(clock, inspector, supervisor, case=None):
    clock.day = D(2026, 9, 25)
    case = case or make_case(inspector)
    listing = services.propose(case, inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 14)
    return services.transition(listing, "decide", supervisor)


def test_happy_path_with_documents(clock, inspector, supervisor):
    clock.day = D(2026, 9, 25)
    case = make_case(inspector)
    listing = services.propose(case, inspector)
    assert listing.state == "proposed"
    assert listing.unit_name == "成都失信示例建筑有限公司"
    assert listing.credit_code == "91510100MA61R8XQ4E"
    assert WORKER not in listing.facts and "1名农民工" in listing.facts
    assert [(p.person.name, p.role) for p in listing.persons.all()] == [
        ("王法人", "legal_representative")
    ]
    assert listing.eligibility_reasons[-1].startswith("结论：符合")
    assert not any(WORKER in r for r in listing.eligibility_reasons)

    # Notice delivered the day before National Day: the defence period runs to 10-13.
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    assert listing.state == "notified"
    # The decision is due 20 working days after the order's deadline (09-15), whatever the
    # notice (Order 45 art. 8): 09-16 .. 10-19 across National Day.
    assert (listing.defence_due, listing.decision_due) == (D(2026, 10, 13), D(2026, 10, 19))
    notice = docx_text(listing.notice_document)
    assert listing.notice_document.number in notice and "失告" in listing.notice_document.number
    assert "成都失信示例建筑有限公司" in notice and "2026年10月13日" in notice
    assert "王法人" in notice
    assert WORKER not in notice and WORKER_ID not in notice and REP_ID not in notice

    clock.day = D(2026, 10, 13)
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "decide", supervisor)
    assert "异议期限" in str(err.value) and "第六条" in str(err.value)
    with pytest.raises(PermissionDenied):
        services.transition(listing, "decide", inspector)

    clock.day = D(2026, 10, 14)
    listing = services.transition(listing, "decide", supervisor)
    assert listing.state == "listed"
    assert (listing.listed_on, listing.expires_on) == (D(2026, 10, 14), D(2029, 10, 15))
    decision = docx_text(listing.decision_document)
    assert listing.decision_document.number in decision
    assert "2026年10月14日" in decision and "2029年10月14日" in decision
    assert WORKER not in decision and REP_ID not in decision

    # Early removal: the case records the arrears paid on 11-30, so from 2027-05-31 (the 6
    # months end on 05-30). A ticked box or a date typed by the applicant changes nothing.
    clock.day = D(2026, 11, 30)
    recover(case, inspector, D(2026, 11, 30))
    clock.day = D(2027, 5, 30)
    data = {"arrears_paid": True, "corrected_on": "2026-01-01", "commitment": True}
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, **data)
    assert "corrected_on" in err.value.message_dict
    assert "2026-11-30" in str(err.value) and "2027-05-31" in str(err.value)

    clock.day = D(2027, 5, 31)
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, **{**data, "commitment": False})
    assert list(err.value.message_dict) == ["commitment"]
    listing = services.transition(listing, "apply_removal", inspector, **data)
    assert listing.state == "removal_requested"
    assert (listing.arrears_paid, listing.corrected_on) == (True, D(2026, 11, 30))
    assert listing.removal_review_due == rules.removal_review_due(D(2027, 5, 31)).date
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "refuse_removal", supervisor)
    assert "reason" in err.value.message_dict
    listing = services.transition(listing, "refuse_removal", supervisor, reason="承诺书未签章")
    assert listing.state == "listed"
    # A refusal names its article: art. 14 when the conditions hold and the bureau still refuses.
    assert listing.removal_refused_reason.startswith("承诺书未签章")
    assert "第十四条" in listing.removal_refused_reason

    listing = services.transition(listing, "apply_removal", inspector, **data)
    listing = services.transition(listing, "approve_removal", supervisor)
    assert listing.state == "removed" and listing.removed_on == D(2027, 5, 31)
    removal = docx_text(listing.removal_document)
    assert listing.removal_document.number in removal and "成都失信示例建筑有限公司" in removal
    assert WORKER not in removal
    # The 移出决定书 cites the conditions (art. 12) and the decision on application (art. 14).
    assert "办法》第十二条、第十四条" in removal

    actions = list(
        CreditListingHistory.objects.filter(listing=listing).values_list("action", flat=True)
    )
    assert actions == [
        "propose",
        "notify",
        "decide",
        "apply_removal",
        "refuse_removal",
        "apply_removal",
        "approve_removal",
    ]
    notify = CreditListingHistory.objects.get(listing=listing, action="notify")
    assert notify.data["defence_due"] == "2026-10-13"
    events = AuditEvent.objects.filter(object_type="credit.creditlisting", object_id=listing.pk)
    assert events.count() == 7
    decided = events.get(action="credit.decide")
    assert decided.after["expires_on"] == "2029-10-15"


def test_an_objection_is_checked_before_the_decision(clock, inspector, supervisor):
    """Art. 6: an objection made in time is checked within 5 working days of receipt and the
    result told; the decision waits for the check (and may follow it before the period ends)."""
    clock.day = D(2026, 9, 25)
    listing = services.propose(make_case(inspector), inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 8)
    listing = services.transition(
        listing, "record_defence", inspector, defence_text="我司资金困难，请求从轻"
    )
    # Received 10-08: checked by the 5th working day after, 10-14 (10-10 is a make-up day).
    assert listing.objection_check_due == D(2026, 10, 14)
    with pytest.raises(ValidationError):
        services.transition(listing, "record_defence", inspector)
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "decide", supervisor)
    assert "核实" in str(err.value) and "第六条" in str(err.value)
    listing = services.transition(listing, "check_objection", inspector, result="异议不成立")
    history = listing.history.get(action="check_objection")
    assert history.data["late"] is False and history.data["objection_check_due"] == "2026-10-14"
    assert listing.objection_check_due is None
    listing = services.transition(listing, "decide", supervisor)
    assert listing.state == "listed" and listing.listed_on == D(2026, 10, 8)


@pytest.mark.parametrize(
    ("day", "late"), [(D(2026, 10, 13), False), (D(2026, 10, 14), False), (D(2026, 10, 15), True)]
)
def test_objection_check_limit_boundaries(clock, inspector, day, late):
    clock.day = D(2026, 9, 25)
    listing = services.propose(make_case(inspector), inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 8)
    listing = services.transition(listing, "record_defence", inspector, defence_text="有异议")
    clock.day = day
    listing = services.transition(listing, "check_objection", inspector, result="已核实")
    assert listing.history.get(action="check_objection").data["late"] is late


def test_a_waiver_needs_no_check(clock, inspector, supervisor):
    clock.day = D(2026, 9, 25)
    listing = services.propose(make_case(inspector), inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    clock.day = D(2026, 10, 8)
    listing = services.transition(listing, "record_defence", inspector)
    assert listing.objection_check_due is None
    assert services.transition(listing, "decide", supervisor).state == "listed"


def test_the_objection_period_is_not_a_setting(clock, inspector):
    """Art. 6 fixes the 5 working days: the settings hold no period, and the notice's period
    is 5 working days whatever the province."""
    fields = {f.name for f in CreditSettings._meta.get_fields()}
    assert not fields & {"defence_days", "decision_days", "removal_review_days"}
    clock.day = D(2026, 9, 25)
    listing = services.propose(make_case(inspector), inspector)
    clock.day = D(2026, 9, 30)
    listing = services.transition(listing, "notify", inspector)
    assert listing.defence_due == D(2026, 10, 13)


def test_not_eligible_is_explained(inspector):
    # 12,000 for 4 months: between the national bounds, Sichuan's figure is not set.
    case = make_case(inspector, amount="12000")
    assert services.eligibility_for(case).answer == "depends_on_provincial_figure"
    with pytest.raises(ValidationError) as err:
        services.propose(case, inspector)
    assert "取决于本省数额标准" in err.value.message_dict["case"][0]

    pending = make_case(inspector, missed=False, name="按期未满示例公司")
    result = services.eligibility_for(pending)
    assert result.answer == "not_eligible"
    assert any("未届满" in r for r in result.reasons)

    small = make_case(inspector, amount="3000", name="小额示例公司")
    assert services.eligibility_for(small).answer == "not_eligible"


def test_mass_incident_makes_a_small_case_eligible(inspector):
    case = make_case(inspector, amount="3000", mass_incident=True, name="群体事件示例公司")
    result = services.eligibility_for(case)
    assert result.answer == "eligible"
    assert any("群体性事件" in r for r in result.reasons)


def test_only_one_open_listing_per_case(inspector, eligible_case):
    services.propose(eligible_case, inspector)
    with pytest.raises(ValidationError) as err:
        services.propose(eligible_case, inspector)
    assert "case" in err.value.message_dict


def test_drop_needs_a_reason(inspector, supervisor, eligible_case):
    listing = services.propose(eligible_case, inspector)
    with pytest.raises(PermissionDenied):
        services.transition(listing, "drop", inspector, reason="x")
    with pytest.raises(ValidationError):
        services.transition(listing, "drop", supervisor)
    listing = services.transition(listing, "drop", supervisor, reason="陈述申辩意见成立")
    assert listing.state == "dropped"
    # A dropped proposal no longer blocks a new one.
    assert services.propose(eligible_case, inspector).state == "proposed"


def test_other_jurisdictions_cannot_act(make_user, inspector, eligible_case, clock):
    stranger = make_user("jj-credit-inspector", Role.INSPECTOR, "510104")
    with pytest.raises(PermissionDenied):
        services.propose(eligible_case, stranger)
    listing = services.propose(eligible_case, inspector)
    with pytest.raises(PermissionDenied):
        services.transition(listing, "notify", stranger)
    listing = services.transition(listing, "notify", inspector)
    clock.day = timezone.now().date() + dt.timedelta(days=30)
    city_leader = make_user("cd-credit-leader", Role.SUPERVISOR, "510100")
    with pytest.raises(PermissionDenied) as err:
        services.transition(listing, "decide", city_leader)
    assert "作出决定的机关" in str(err.value)


def test_early_removal_reads_payment_and_correction_from_the_case(clock, inspector, supervisor):
    """Order 45 art. 14: paid = nothing outstanding on the case's worker lines; the 6 months run
    from the last recovery, which cannot precede the missed order's deadline (2026-09-15)."""
    listing = _listed(clock, inspector, supervisor)
    case = listing.case
    clock.day = D(2027, 6, 1)
    apply = {"commitment": True, "arrears_paid": True, "corrected_on": "2026-10-01"}
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, **apply)
    assert list(err.value.message_dict) == ["arrears_paid"]
    assert "25,000.00" in str(err.value)

    recover(case, inspector, D(2026, 10, 1), amount="24999.99")  # one cent short
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, **apply)
    assert list(err.value.message_dict) == ["arrears_paid"] and "0.01" in str(err.value)

    recover(case, inspector, D(2026, 9, 14))  # before the missed deadline: contradicts it
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, **apply)
    assert list(err.value.message_dict) == ["corrected_on"] and "2026-09-15" in str(err.value)

    recover(case, inspector, D(2026, 9, 15))  # on the deadline day: accepted
    listing = services.transition(listing, "apply_removal", inspector, **apply)
    assert listing.corrected_on == D(2026, 9, 15) and listing.arrears_paid

    # Checked again at approval: the recovery was corrected down since the application.
    recover(case, inspector, D(2026, 9, 15), amount="20000")
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "approve_removal", supervisor)
    assert list(err.value.message_dict) == ["arrears_paid"] and "5,000.00" in str(err.value)
    # Paid again, later: the 6 months now run from 2027-01-10, so not before 2027-07-11.
    recover(case, inspector, D(2027, 1, 10))
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "approve_removal", supervisor)
    assert list(err.value.message_dict) == ["corrected_on"] and "2027-07-11" in str(err.value)
    clock.day = D(2027, 7, 11)
    listing = services.transition(listing, "approve_removal", supervisor)
    assert listing.state == "removed" and listing.corrected_on == D(2027, 1, 10)


def test_a_paid_line_without_its_date_is_refused(clock, inspector, supervisor):
    listing = _listed(clock, inspector, supervisor)
    listing.case.workers.update(amount_recovered=F("amount_owed"), recovered_on=None)
    clock.day = D(2027, 6, 1)
    with pytest.raises(ValidationError) as err:
        services.transition(listing, "apply_removal", inspector, commitment=True)
    assert list(err.value.message_dict) == ["corrected_on"]
    assert CreditListing.objects.get(pk=listing.pk).state == "listed"


def test_expiry_is_idempotent_and_audited(clock, inspector, supervisor, capsys):
    listing = _listed(clock, inspector, supervisor)
    assert listing.expires_on == D(2029, 10, 15)
    clock.day = D(2029, 10, 14)  # the term's last day: still listed
    assert services.expire_due() == []
    clock.day = D(2029, 10, 15)
    call_command("credit", "expire", "--dry-run")
    assert "[dry run]" in capsys.readouterr().out
    assert CreditListing.objects.get(pk=listing.pk).state == "listed"
    call_command("credit", "expire")
    assert "1" in capsys.readouterr().out
    assert CreditListing.objects.get(pk=listing.pk).state == "expired"
    call_command("credit", "expire")
    assert AuditEvent.objects.filter(action="credit.expire").count() == 1
    event = AuditEvent.objects.get(action="credit.expire")
    assert event.actor_id is None and event.before["state"] == "listed"


def test_watch_list(inspector, make_user):
    case = make_case(inspector, amount="3000", name="关注示例公司")
    with pytest.raises(ValidationError) as err:
        services.add_to_watch_list(case, inspector)
    assert "reason" in err.value.message_dict
    entry = services.add_to_watch_list(case, inspector, reason="多次被投诉")
    assert entry.reasons == ["经办人说明：多次被投诉"]
    with pytest.raises(ValidationError):
        services.add_to_watch_list(case, inspector, reason="again")

    big = make_case(inspector, amount="150000", name="大额示例公司")
    make_case(inspector, amount="1000", name="大额示例公司")
    reasons = services.watch_reasons_for(big)
    assert any("拖欠金额" in r for r in reasons) and any("立案 2 次" in r for r in reasons)
    stranger = make_user("jj-watch", Role.INSPECTOR, "510104")
    with pytest.raises(PermissionDenied):
        services.add_to_watch_list(big, stranger)
