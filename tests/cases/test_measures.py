"""Measures at the boundaries of their rules: two inspectors, the statement before handling and
penalty, 50%-100% compensation, each penalty range's ends, work stoppage only where an article
allows it, drawdown and court only after a lapse, "not complied" only after the deadline; each
measure's document read back with its number and amounts."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from wageguard.cases import services
from wageguard.cases.models import CaseInspector, Decision, EnforcementCase
from wageguard.cases.rules import PENALTIES, VIOLATIONS
from wageguard.cases.services import measures
from wageguard.cases.services.documents import record_service
from wageguard.core.calendar import add_workdays
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

from .conftest import backdate, direct_case, docx_text, serve

pytestmark = pytest.mark.django_db


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def _lapsed(case, user, kind="order", **data) -> Decision:
    """An order (or another measure) issued 20 days ago, served that day, due 5 days ago,
    recorded unpaid; a penalty issued and served 30 days ago, due 15 days from service."""
    backdate(case, 40)
    if kind == "penalty":
        fields = {"issued_on": _days(-30), **data}
    else:
        fields = {"issued_on": _days(-20), "deadline": _days(-5), **data}
    decision = measures.issue_measure(case, user, kind, **fields)
    serve(decision, user)
    decision.refresh_from_db()
    return measures.record_outcome(decision, user, complied=False, on=_days(-4))


def test_order_issues_its_numbered_document(investigating, inspector):
    decision = measures.issue_measure(
        investigating, inspector, "order", deadline=_days(10), content="限期支付拖欠工资"
    )
    year = timezone.localdate().year
    assert decision.amount_due == Decimal("25000.00")  # the case's outstanding arrears
    assert decision.addressee == "成都标记劳务有限公司"
    assert "第二十六条" in decision.article
    assert decision.document.number == f"武人社监令〔{year}〕1号"
    text = docx_text(decision.document)
    assert decision.document.number in text and "25,000.00 元" in text
    assert "成都标记劳务有限公司" in text
    assert AuditEvent.objects.filter(action="case.issue_order").exists()
    assert investigating.history.filter(action="issue_order").exists()
    second = measures.issue_measure(
        investigating, inspector, "order", deadline=_days(10), amount_due=Decimal("1000")
    )
    assert second.document.number == f"武人社监令〔{year}〕2号"
    assert "1,000.00 元" in docx_text(second.document)
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(investigating, inspector, "order", amount_due=Decimal("1000"))
    assert "deadline" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating,
            inspector,
            "order",
            deadline=timezone.localdate(),
            amount_due=Decimal("1"),
        )
    assert "deadline" in exc.value.message_dict


def test_two_inspectors_before_any_measure(inspector, colleague):
    case = services.transition(direct_case(inspector), "start_investigation", inspector)
    CaseInspector.objects.create(case=case, user=inspector, lead=True)
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(case, inspector, "order", deadline=_days(10))
    assert "第十六条" in exc.value.message_dict["kind"][0]
    CaseInspector.objects.create(case=case, user=colleague)
    assert measures.issue_measure(case, inspector, "order", deadline=_days(10)).pk


def test_no_measure_before_investigation_or_elsewhere(inspector, make_user):
    case = direct_case(inspector)
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(case, inspector, "order", deadline=_days(10))
    assert "action" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        measures.issue_measure(
            case, make_user("jj", Role.INSPECTOR, "510104"), "order", deadline=_days(10)
        )


def test_handling_needs_the_statement_and_a_lapsed_order(investigating, inspector):
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "handling", compensation_rate=50, deadline=_days(10)
        )
    message = exc.value.message_dict["kind"][0]
    assert "第十九条" in message and "第二十六条" in message
    from wageguard.cases.services.investigation import record_statement

    record_statement(investigating, inspector, kind="waived", received_on=timezone.localdate())
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "handling", compensation_rate=50, deadline=_days(10)
        )
    assert "第十九条" not in exc.value.message_dict["kind"][0]
    _lapsed(investigating, inspector)
    for rate in (Decimal("49.99"), Decimal("100.01")):
        with pytest.raises(ValidationError) as exc:
            measures.issue_measure(
                investigating, inspector, "handling", compensation_rate=rate, deadline=_days(10)
            )
        assert "50% 至 100%" in exc.value.message_dict["compensation_rate"][0]
    for rate in (Decimal("NaN"), "60", None):
        with pytest.raises(ValidationError) as exc:
            measures.issue_measure(
                investigating, inspector, "handling", compensation_rate=rate, deadline=_days(10)
            )
        assert "compensation_rate" in exc.value.message_dict
    low = measures.issue_measure(
        investigating, inspector, "handling", compensation_rate=50, deadline=_days(10)
    )
    high = measures.issue_measure(
        investigating,
        inspector,
        "handling",
        compensation_rate=Decimal("100"),
        amount_due=Decimal("20000"),
        deadline=_days(10),
    )
    assert low.compensation_amount == Decimal("12500.00")
    assert high.compensation_amount == Decimal("20000.00")
    text = docx_text(low.document)
    assert low.document.number in text and "监决" in low.document.number
    assert "25,000.00 元" in text and "12,500.00 元" in text and "50%" in text


# A violation of each Decree 724 fine's article, named by the order and by the fine.
VIOLATION_OF = {
    "724-54-unit": "724-54-2",
    "724-54-person": "724-54-3",
    "724-55": "724-55-1",
    "724-56": "724-56-4",
    "724-57": "724-57-2",
}


@pytest.mark.parametrize("key", sorted(PENALTIES))
def test_penalty_range_ends(heard, inspector, key):
    penalty = PENALTIES[key]
    extra = {"addressee": "赵六"} if key.endswith("-person") else {}
    if key in VIOLATION_OF:  # arts. 54-57 fine only after the order to correct it lapsed
        extra["violation"] = VIOLATION_OF[key]
        _lapsed(heard, inspector, violation=VIOLATION_OF[key])
    elif key == "423-30-3":  # refusing to correct: after an order lapsed
        _lapsed(heard, inspector)
    cent = Decimal("0.01")
    for amount in (penalty.low - cent, penalty.high + cent):
        with pytest.raises(ValidationError) as exc:
            measures.issue_measure(
                heard, inspector, "penalty", penalty_key=key, fine_amount=amount, **extra
            )
        assert penalty.article in exc.value.message_dict["fine_amount"][0]
    for amount in (penalty.low, penalty.high):
        decision = measures.issue_measure(
            heard, inspector, "penalty", penalty_key=key, fine_amount=amount, **extra
        )
        assert decision.article == penalty.article and decision.fine_amount == amount
        # No payment deadline until served: 15 days from service (APL art. 67).
        assert decision.deadline is None
    text = docx_text(decision.document)
    assert decision.document.number in text and f"{penalty.high:,.2f} 元" in text
    assert penalty.article in text


def test_penalty_needs_statement_and_a_person_named(investigating, inspector):
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "penalty", penalty_key="423-30-1", fine_amount=2000
        )
    assert "第十九条" in exc.value.message_dict["kind"][0]
    from wageguard.cases.services.investigation import record_statement

    record_statement(investigating, inspector, kind="waived", received_on=timezone.localdate())
    _lapsed(investigating, inspector, violation="724-54-1")
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating,
            inspector,
            "penalty",
            penalty_key="724-54-person",
            violation="724-54-1",
            fine_amount=10000,
        )
    assert "addressee" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "penalty", penalty_key="nope", fine_amount=10000
        )
    assert "penalty_key" in exc.value.message_dict
    for fine in ("NaN", "Infinity", "x"):
        with pytest.raises(ValidationError) as exc:
            measures.issue_measure(
                investigating, inspector, "penalty", penalty_key="423-30-1", fine_amount=fine
            )
        assert "fine_amount" in exc.value.message_dict


def test_stoppage_only_where_the_article_allows(investigating, inspector):
    """Decree 724 arts. 55, 57: a stoppage follows the order to correct the same violation,
    lapsed; the employer is heard first (Decree 423 art. 19) and what became of its right to
    ask for a hearing is recorded (Administrative Penalty Law arts. 63 item 4, 64)."""
    from wageguard.cases.services.investigation import record_statement

    stop = {"penalty_key": "724-57", "violation": "724-57-2"}
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(investigating, inspector, "stoppage", **stop)
    message = exc.value.message_dict["kind"][0]
    assert "逾期不改正" in message and "第十九条" in message and "听证" in message
    _lapsed(investigating, inspector, violation="724-57-2")
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "stoppage", penalty_key="724-56", violation="724-56-1"
        )
    assert "第五十五条" in exc.value.message_dict["penalty_key"][0]
    with pytest.raises(ValidationError) as exc:  # a violation of another article
        measures.issue_measure(
            investigating, inspector, "stoppage", penalty_key="724-57", violation="724-55-1"
        )
    assert "第五十五条第（一）项" in exc.value.message_dict["violation"][0]
    # Heard (a statement after the order) but the hearing right not recorded: refused.
    record_statement(investigating, inspector, kind="no_response", received_on=_days(0))
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(investigating, inspector, "stoppage", **stop)
    message = exc.value.message_dict["kind"][0]
    assert "听证" in message and "第六十三条第（四）项" in message and "第十九条" not in message
    # "Not asked for" recorded before the lapsed order (issued 20 days ago) does not count.
    record_statement(investigating, inspector, kind="hearing_not_requested", received_on=_days(-21))
    with pytest.raises(ValidationError):
        measures.issue_measure(investigating, inspector, "stoppage", **stop)
    record_statement(investigating, inspector, kind="hearing_not_requested", received_on=_days(-20))
    decision = measures.issue_measure(
        investigating, inspector, "stoppage", content="停工整改", **stop
    )
    assert decision.article == PENALTIES["724-57"].article
    assert decision.violation == "724-57-2"
    text = docx_text(decision.document)
    assert decision.document.number in text
    assert "建设单位未按约定及时足额向农民工工资专用账户拨付工程款中的人工费用" in text


def test_a_held_hearing_counts_as_heard_for_a_stoppage(investigating, inspector):
    from wageguard.cases.services.investigation import record_statement

    _lapsed(investigating, inspector, violation="724-55-3")
    record_statement(
        investigating, inspector, kind="hearing", received_on=_days(0), content="听证笔录"
    )
    stop = {"penalty_key": "724-55", "violation": "724-55-3"}
    assert measures.issue_measure(investigating, inspector, "stoppage", **stop).pk


def test_hearing_not_requested_alone_is_not_a_statement(investigating, inspector):
    """Not asking for a hearing is no statement or waiver of it: a fine still needs the
    employer heard (Decree 423 art. 19)."""
    from wageguard.cases.services.investigation import record_statement

    record_statement(investigating, inspector, kind="hearing_not_requested", received_on=_days(0))
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "penalty", penalty_key="423-30-1", fine_amount=2000
        )
    assert "第十九条" in exc.value.message_dict["kind"][0]


def test_drawdown_only_after_an_order_lapsed(investigating, inspector):
    bank = "中国工商银行成都武侯支行"
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(investigating, inspector, "drawdown", addressee=bank, amount_due=1)
    assert "第三十二条" in exc.value.message_dict["kind"][0]
    # An order still running is not a lapse.
    measures.issue_measure(investigating, inspector, "order", deadline=_days(10))
    with pytest.raises(ValidationError):
        measures.issue_measure(investigating, inspector, "drawdown", addressee=bank, amount_due=1)
    _lapsed(investigating, inspector)
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(investigating, inspector, "drawdown", amount_due=1)
    assert "addressee" in exc.value.message_dict
    decision = measures.issue_measure(
        investigating, inspector, "drawdown", addressee=bank, amount_due=Decimal("25000")
    )
    # The bank pays within 5 working days of receiving the notice: no deadline until served.
    assert decision.deadline is None
    text = docx_text(decision.document)
    assert bank in text and "25,000.00 元" in text and "保支" in decision.document.number
    assert "自收到本通知书之日起五个工作日内" in text
    with pytest.raises(ValidationError) as exc:
        measures.record_outcome(decision, inspector, complied=False, on=_days(0))
    assert "尚未登记送达" in exc.value.message_dict["complied"][0]
    serve(decision, inspector, on=_days(0))
    decision.refresh_from_db()
    assert decision.deadline == add_workdays(_days(0), 5).date


def _served(decision: Decision, day: dt.date) -> Decision:
    decision.document.served_on = day
    decision.document.save(update_fields=["served_on"])
    return decision


def test_court_only_after_a_decision_not_complied(heard, inspector):
    court = "成都市武侯区人民法院"
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(heard, inspector, "court", addressee=court)
    assert "第五十三条" in exc.value.message_dict["kind"][0]
    assert "第四十二条" in exc.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(heard, inspector, "reminder", deadline=_days(10))
    assert "第五十四条" in exc.value.message_dict["kind"][0]


def test_court_timing_through_the_service(heard, inspector):
    """Administrative Enforcement Law arts. 53, 54 with the 6 months to sue (Administrative
    Litigation Law art. 46): a fine served 425 days ago and not paid; the court is asked only
    after the litigation period, 10 days after a served reminder, within 3 months after the
    period, each limit tested the day before, on and after."""
    from wageguard.cases.rules.preconditions import court_window

    court = "成都市武侯区人民法院"
    backdate(heard, 450)
    penalty = measures.issue_measure(
        heard,
        inspector,
        "penalty",
        penalty_key="423-30-1",
        fine_amount=Decimal("8000"),
        issued_on=_days(-430),
    )
    # Served 425 days ago: its 15 days to pay run from then (APL.67), and lapse unpaid.
    record_service(penalty.document, inspector, service_method="direct", served_on=_days(-425))
    penalty.refresh_from_db()
    measures.record_outcome(penalty, inspector, complied=False, on=_days(-400))
    with pytest.raises(ValidationError) as exc:  # no reminder
        measures.issue_measure(heard, inspector, "court", addressee=court, issued_on=_days(-1))
    assert "催告" in exc.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as exc:  # the reminder states its deadline
        measures.issue_measure(heard, inspector, "reminder", issued_on=_days(-300))
    assert "deadline" in exc.value.message_dict
    reminder = measures.issue_measure(
        heard,
        inspector,
        "reminder",
        issued_on=_days(-300),
        deadline=_days(-290),
        content="缴至指定银行",
    )
    assert reminder.fine_amount == Decimal("8000.00") and "监催" in reminder.document.number
    text = docx_text(reminder.document)
    assert penalty.document.number in text and "8,000.00 元" in text and "缴至指定银行" in text
    assert "第三十五条第（四）项" in text and "送达十日后" in text
    _served(reminder, _days(-300))
    window = court_window(_days(-425), _days(-300))
    assert window.first == window.litigation_end + dt.timedelta(days=1)
    for day, ok in (
        (window.first - dt.timedelta(days=1), False),
        (window.first, True),
        (window.last, True),
        (window.last + dt.timedelta(days=1), False),
    ):
        if ok:
            decision = measures.issue_measure(
                heard, inspector, "court", addressee=court, issued_on=day
            )
            assert decision.fine_amount == Decimal("8000.00")
            continue
        with pytest.raises(ValidationError) as exc:
            measures.issue_measure(heard, inspector, "court", addressee=court, issued_on=day)
        assert "第五十三条" in exc.value.message_dict["kind"][0]
    text = docx_text(decision.document)
    assert court in text and "8,000.00 元" in text and penalty.document.number in text
    assert "第四十二条" in decision.article and "第五十三条、第五十四条" in decision.article
    assert "第三十一条" not in decision.article
    # A later reminder, served 3 days before the litigation period ends: 10 days after it.
    late = measures.issue_measure(
        heard,
        inspector,
        "reminder",
        issued_on=window.litigation_end - dt.timedelta(days=3),
        deadline=window.litigation_end,
    )
    _served(late, window.litigation_end - dt.timedelta(days=3))
    moved = court_window(_days(-425), window.litigation_end - dt.timedelta(days=3))
    assert moved.first == moved.reminder_end + dt.timedelta(days=1) > window.first
    for day in (moved.reminder_end - dt.timedelta(days=1), moved.reminder_end):
        with pytest.raises(ValidationError) as exc:
            measures.issue_measure(heard, inspector, "court", addressee=court, issued_on=day)
        assert "第五十四条" in exc.value.message_dict["kind"][0]
    assert measures.issue_measure(
        heard, inspector, "court", addressee=court, issued_on=moved.first
    ).pk


def test_not_complied_only_after_the_deadline(investigating, inspector):
    backdate(investigating, 40)
    order = measures.issue_measure(
        investigating, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    with pytest.raises(ValidationError) as exc:
        measures.record_outcome(order, inspector, complied=False, on=_days(-5))
    assert "期限届满后" in exc.value.message_dict["on"][0]
    with pytest.raises(ValidationError) as exc:
        measures.record_outcome(order, inspector, complied=False, on=_days(1))
    assert "on" in exc.value.message_dict
    assert EnforcementCase.objects.get(pk=investigating.pk).order_ignored_or_absconded is None
    serve(order, inspector)
    order = measures.record_outcome(order, inspector, complied=False, on=_days(-4), note="未支付")
    assert order.state == "not_complied"
    case = EnforcementCase.objects.get(pk=investigating.pk)
    assert case.order_ignored_or_absconded is True
    assert services.threshold_for(case).answer == "meets"  # ¥25,000 for 4 months
    with pytest.raises(ValidationError) as exc:
        measures.record_outcome(order, inspector, complied=True, on=_days(0))
    assert "complied" in exc.value.message_dict
    # Compliance can be recorded any time, before the deadline too.
    early = measures.issue_measure(investigating, inspector, "order", deadline=_days(10))
    assert measures.record_outcome(early, inspector, complied=True, on=_days(0)).state == (
        "complied"
    )


@pytest.mark.parametrize("key", sorted(VIOLATION_OF))
def test_decree_724_fines_only_after_an_order_to_correct_lapsed(heard, inspector, key):
    """Decree 724 arts. 54-57: "责令限期改正；逾期不改正的，……处……罚款". No order, an order
    still running or corrected, a lapsed order to pay wages (Decree 423 art. 26) or one to
    correct another item are refused; once the order to correct this violation lapsed
    uncorrected the fine is issued."""
    violation = VIOLATION_OF[key]
    fine = {
        "penalty_key": key,
        "violation": violation,
        "fine_amount": PENALTIES[key].low,
        "addressee": "赵六",
    }
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(heard, inspector, "penalty", **fine)
    assert "逾期不改正" in exc.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as exc:  # no violation named
        measures.issue_measure(heard, inspector, "penalty", **{**fine, "violation": ""})
    assert "violation" in exc.value.message_dict
    running = measures.issue_measure(
        heard, inspector, "order", deadline=_days(10), violation=violation
    )
    with pytest.raises(ValidationError):
        measures.issue_measure(heard, inspector, "penalty", **fine)
    measures.record_outcome(running, inspector, complied=True, on=_days(0))
    with pytest.raises(ValidationError):  # corrected: nothing to fine
        measures.issue_measure(heard, inspector, "penalty", **fine)
    _lapsed(heard, inspector)  # an order to pay wages, lapsed: not this violation
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(heard, inspector, "penalty", **fine)
    assert VIOLATIONS[violation].citation in exc.value.message_dict["kind"][0]
    other = next(v for v in VIOLATIONS if v != violation and v[:6] == violation[:6])
    _lapsed(heard, inspector, violation=other)
    with pytest.raises(ValidationError):
        measures.issue_measure(heard, inspector, "penalty", **fine)
    _lapsed(heard, inspector, violation=violation)
    decision = measures.issue_measure(heard, inspector, "penalty", **fine)
    assert (decision.penalty_key, decision.violation) == (key, violation)
    assert str(VIOLATIONS[violation].conduct) in docx_text(decision.document)


def test_an_order_to_correct_names_its_violation(investigating, inspector):
    """Issue 9 item 18: an order to pay wages cites Decree 423 art. 26 (never Decree 724 art.
    52); an order to correct a violation of Decree 724 arts. 54-57 cites that article and item,
    and its document names the violation."""
    pay = measures.issue_measure(investigating, inspector, "order", deadline=_days(10))
    assert pay.article == "《劳动保障监察条例》第二十六条" and pay.violation == ""
    assert "第五十二条" not in docx_text(pay.document)
    fix = measures.issue_measure(
        investigating, inspector, "order", deadline=_days(10), violation="724-55-1"
    )
    assert fix.article == "《保障农民工工资支付条例》第五十五条第（一）项"
    text = docx_text(fix.document)
    assert fix.article in text and "未按规定开设或者使用农民工工资专用账户的违法行为" in text
    assert "加付赔偿金" not in text
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "order", deadline=_days(10), violation="724-99-1"
        )
    assert "violation" in exc.value.message_dict


def test_retaliation_is_ordered_corrected_not_fined(heard, inspector):
    """Decree 423 art. 30 fines items (1)-(3); retaliation (item 4) gets an order to correct."""
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            heard, inspector, "penalty", penalty_key="423-30-4", fine_amount=2000
        )
    message = exc.value.message_dict["penalty_key"][0]
    assert "第三十条第（四）项" in message and "不予罚款" in message
    order = measures.issue_measure(
        heard, inspector, "order", deadline=_days(10), violation="423-30-4"
    )
    assert order.article == "《劳动保障监察条例》第三十条第（四）项"
    assert "打击报复举报人、投诉人的违法行为" in docx_text(order.document)


def test_obstruction_fine_needs_no_order(heard, inspector):
    """Decree 423 art. 30 items (1), (2) punish obstructing the inspection itself: no order
    comes first; item (3), refusing to correct, follows a lapsed order."""
    for key in ("423-30-1", "423-30-2"):
        decision = measures.issue_measure(
            heard, inspector, "penalty", penalty_key=key, fine_amount=2000
        )
        assert decision.article == PENALTIES[key].article
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            heard, inspector, "penalty", penalty_key="423-30-3", fine_amount=2000
        )
    assert "第三十条第（三）项" in exc.value.message_dict["kind"][0]


def test_a_hearing_before_the_order_does_not_cover_a_later_penalty(investigating, inspector):
    """Decree 423 art. 19: the statement must be received on or after the latest measure's
    day, for a penalty and for the case's decision alike."""
    from wageguard.cases.services.investigation import record_statement

    backdate(investigating, 40)
    record_statement(investigating, inspector, kind="waived", received_on=_days(-30))
    measures.issue_measure(
        investigating, inspector, "order", issued_on=_days(-20), deadline=_days(-5)
    )
    fine = {"penalty_key": "423-30-1", "fine_amount": 2000}
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(investigating, inspector, "penalty", **fine)
    assert (
        f"{_days(-30):%Y-%m-%d}）早于最近作出的措施（{_days(-20):%Y-%m-%d}"
        in (exc.value.message_dict["kind"][0])
    )
    with pytest.raises(ValidationError) as exc:
        services.transition(investigating, "decide", inspector)
    assert "第十九条" in exc.value.message_dict["action"][0]
    record_statement(investigating, inspector, kind="no_response", received_on=_days(-20))
    penalty = measures.issue_measure(investigating, inspector, "penalty", **fine)
    assert penalty.kind == "penalty"
    # The case's decision rests on the penalty's own hearing.
    assert services.transition(investigating, "decide", inspector).state == "decided"


def test_drawdown_pays_named_workers_at_most_what_is_owed(investigating, inspector):
    """Decree 724 art. 32: the amount is checked against the outstanding arrears; the notice
    names each worker with the amount the bank pays into their own account (arts. 28, 31)."""
    from wageguard.cases.services.investigation import add_worker

    add_worker(
        investigating, inspector, worker_name="赵七", amount_owed=Decimal("5000"), months_unpaid=2
    )
    _lapsed(investigating, inspector)
    bank = "中国工商银行成都武侯支行"
    with pytest.raises(ValidationError) as exc:
        measures.issue_measure(
            investigating, inspector, "drawdown", addressee=bank, amount_due=Decimal("30000.01")
        )
    assert "30,000.00 元" in exc.value.message_dict["amount_due"][0]
    whole = measures.issue_measure(investigating, inspector, "drawdown", addressee=bank)
    assert whole.amount_due == Decimal("30000.00")  # the outstanding arrears when not given
    text = docx_text(whole.document)
    assert "1. 王五：25,000.00 元" in text and "2. 赵七：5,000.00 元" in text
    assert "本人在实名制管理信息中登记的银行账户" in text
    part = measures.issue_measure(
        investigating, inspector, "drawdown", addressee=bank, amount_due=Decimal("20000")
    )
    text = docx_text(part.document)
    assert "王五：16,666.67 元" in text and "赵七：3,333.33 元" in text
    assert part.document.context["payments"][1] == {"name": "赵七", "amount": "3,333.33 元"}


def test_an_order_to_correct_a_violation_is_not_an_order_to_pay(investigating, inspector):
    """Criminal Law art. 276-1 and Order 45 art. 5 read an order to pay ignored; an order to
    correct a Decree 724 violation lapsed is not one, and orders no amount."""
    from wageguard.cases.services import lapsed_pay_deadline

    order = _lapsed(investigating, inspector, violation="724-54-2")
    assert order.amount_due is None
    case = EnforcementCase.objects.get(pk=investigating.pk)
    assert case.order_ignored_or_absconded is None
    assert lapsed_pay_deadline(case) is None


def test_an_english_page_still_issues_chinese_documents(heard, inspector):
    """core.legal prints English citations on English pages; the decision's stored article and
    its Word document are the official record and stay Chinese."""
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(ValidationError):  # checked in the reader's language
            measures.issue_measure(
                heard, inspector, "penalty", penalty_key="423-30-4", fine_amount=2000
            )
        order = measures.issue_measure(
            heard, inspector, "order", deadline=_days(10), violation="724-55-1"
        )
        fine = measures.issue_measure(
            heard, inspector, "penalty", penalty_key="423-30-2", fine_amount=3000
        )
    assert order.article == "《保障农民工工资支付条例》第五十五条第（一）项"
    assert fine.article == "《劳动保障监察条例》第三十条第（二）项"
    text = docx_text(order.document)
    assert "《保障农民工工资支付条例》第五十五条第（一）项" in text
    assert "未按规定开设或者使用农民工工资专用账户的违法行为" in text
    assert "劳动保障监察责令改正指令书" in text and "Regulations" not in text
