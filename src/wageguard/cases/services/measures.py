"""Measures on a case (责令改正、处理决定、行政处罚、责令停工、动用工资保证金、催告、申请强制执行)
and whether they were complied with. Each measure is issued as its numbered Word document.

The preconditions are pure rules (cases.rules.preconditions.measure_problems, each citing its
article); this module reads the case, asks them, and writes the decision, its document, history
and audit in one transaction.
"""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wageguard.core import audit, legal
from wageguard.org.models import User

from .. import documents
from ..models import Decision, EnforcementCase, StatementKind
from ..rules import (
    DECISION_ARTICLES,
    PAY_ORDERS,
    PENALTIES,
    VIOLATIONS,
    DecisionKind,
    DecisionState,
    DocumentKind,
    additional_compensation,
    check_penalty,
    order_article,
    retaliation_problem,
)
from ..rules.preconditions import (
    CourtWindow,
    court_problem,
    court_window,
    drawdown_problem,
    drawdown_shares,
    measure_problems,
    outcome_problem,
    violation_problem,
)
from . import common
from .workflow import hearing_dates

ISSUE = "issue"
_AUDIT = [
    "kind",
    "state",
    "issued_on",
    "deadline",
    "article",
    "penalty_key",
    "violation",
    "amount_due",
    "compensation_rate",
    "compensation_amount",
    "fine_amount",
    "addressee",
    "document",
    "outcome_on",
]


# What `_fields` gives the document but the decision row does not keep: the drawdown's amount
# per worker, and the reminder's account of the decision it enforces and its citations (the
# document's context, stored with it, keeps them).
DOCUMENT_ONLY = (
    "payments",
    "enforced_number",
    "enforced_title",
    "enforced_on",
)


def _deadline(data: dict, issued_on: dt.date, required: bool = True) -> dt.date | None:
    if not data.get("deadline"):
        if required:
            raise ValidationError({"deadline": _("请填写履行期限")})
        return None
    deadline = common.clean_date(data["deadline"], "deadline", _("履行期限"), past=False)
    if deadline <= issued_on:
        raise ValidationError({"deadline": _("履行期限应晚于作出日期")})
    return deadline


def _amount_due(case: EnforcementCase, data: dict) -> Decimal:
    """The amount ordered; the case's outstanding arrears when not given."""
    if data.get("amount_due") in (None, ""):
        outstanding = sum((w.amount_owed - w.amount_recovered for w in case.workers.all()), 0)
        if outstanding <= 0:
            raise ValidationError({"amount_due": _("请填写应支付金额（本案劳动者明细无尚欠金额）")})
        return Decimal(outstanding).quantize(Decimal("0.01"))
    return common.clean_amount(data["amount_due"], "amount_due", _("应支付金额"), positive=True)


def _number(value: Decimal | int | None, field: str, missing: str) -> Decimal:
    """A rate or an amount the form or schema typed; anything else (None, a string) is refused
    with `missing`, never parsed."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise ValidationError({field: missing})
    number = Decimal(value)
    if not number.is_finite():
        raise ValidationError({field: missing})
    return number


def _penalty(data: dict, *, stoppage: bool = False):
    key = str(data.get("penalty_key") or "")
    refused = retaliation_problem(key)
    if refused:
        raise ValidationError({"penalty_key": refused})
    if key not in PENALTIES:
        raise ValidationError({"penalty_key": _("请选择处罚依据的条款")})
    penalty = PENALTIES[key]
    if stoppage and not penalty.work_stoppage:
        articles = "、".join(p.article for p in PENALTIES.values() if p.work_stoppage)
        raise ValidationError(
            {
                "penalty_key": _("%(article)s没有责令停工的规定；可责令停工的条款：%(articles)s")
                % {"article": penalty.article, "articles": articles}
            }
        )
    return penalty


def _fields(case: EnforcementCase, kind: str, data: dict, issued_on: dt.date) -> dict:
    """The decision's own fields for `kind`, each checked and named in the message."""
    addressee = common.clean_text(
        data.get("addressee"), "addressee", _("送达对象"), 200, required=False
    )
    content = common.clean_text(data.get("content"), "content", _("内容"), 10000, required=False)
    out: dict = {"article": str(DECISION_ARTICLES[kind]), "content": content}
    if kind == DecisionKind.ORDER:
        violation = _violation(data)
        # An order to correct a violation orders no payment (unless an amount is given).
        given = data.get("amount_due") not in (None, "")
        out.update(
            article=order_article(violation),
            violation=violation,
            deadline=_deadline(data, issued_on),
            amount_due=_amount_due(case, data) if given or not violation else None,
            addressee=addressee or case.employer_name,
        )
    elif kind == DecisionKind.HANDLING:
        amount = _amount_due(case, data)
        rate = _number(
            data.get("compensation_rate"),
            "compensation_rate",
            _("请填写加付赔偿金比例（50 至 100）"),
        )
        try:
            compensation = additional_compensation(amount, rate)
        except ValidationError as exc:
            raise ValidationError({"compensation_rate": exc.messages[0]}) from None
        out.update(
            deadline=_deadline(data, issued_on),
            amount_due=amount,
            compensation_rate=rate,
            compensation_amount=compensation,
            addressee=addressee or case.employer_name,
        )
    elif kind == DecisionKind.PENALTY:
        penalty = _penalty(data)
        fine = _number(data.get("fine_amount"), "fine_amount", _("请填写罚款金额"))
        try:
            check_penalty(penalty.key, fine)
        except ValidationError as exc:
            raise ValidationError({"fine_amount": exc.messages[0]}) from None
        if penalty.key.endswith("-person") and not addressee:
            raise ValidationError({"addressee": _("对个人的处罚请填写被处罚人姓名")})
        if data.get("deadline"):
            raise ValidationError({"deadline": _penalty_deadline_rule()})
        # No deadline until the decision is served: then 15 days from service (APL.67), set by
        # services.documents.record_service.
        out.update(
            article=penalty.article,
            penalty_key=penalty.key,
            violation=_violation(data) if penalty.correct_first else "",
            fine_amount=fine.quantize(Decimal("0.01")),
            addressee=addressee or case.employer_name,
            deadline=None,
        )
    elif kind == DecisionKind.STOPPAGE:
        penalty = _penalty(data, stoppage=True)
        out.update(
            article=penalty.article,
            penalty_key=penalty.key,
            violation=_violation(data),
            addressee=addressee or case.employer_name,
            deadline=_deadline(data, issued_on, required=False),
        )
    elif kind == DecisionKind.DRAWDOWN:
        if not addressee:
            raise ValidationError({"addressee": _("请填写存储工资保证金的银行")})
        owed = [w for w in case.workers.all() if w.amount_owed > w.amount_recovered]
        outstanding = [w.amount_owed - w.amount_recovered for w in owed]
        amount = _amount_due(case, data)
        problem = drawdown_problem(amount, sum(outstanding, Decimal(0)))
        if problem:
            raise ValidationError({"amount_due": problem})
        shares = drawdown_shares(outstanding, amount)
        out.update(
            addressee=addressee,
            amount_due=amount,
            # The bank pays within 5 working days of receiving the notice: no deadline until
            # it is served (services.documents.record_service sets it, drawdown_deadline).
            deadline=None,
            payments=[
                {"name": w.worker_name, "amount": share}
                for w, share in zip(owed, shares, strict=True)
                if share > 0
            ],
        )
    elif kind == DecisionKind.REMINDER:
        # 催告书 (Administrative Enforcement Law art. 35): the time and manner to perform, the
        # amounts, and the right to state and defend (the document prints the last).
        enforced = enforced_decision(case)
        manner = content or _("将应付款项支付或者缴纳至本机关指定的劳动者本人账户或者银行")
        out.update(
            addressee=addressee or case.employer_name,
            deadline=_deadline(data, issued_on),
            content=manner,
            amount_due=enforced.amount_due if enforced else None,
            compensation_amount=enforced.compensation_amount if enforced else None,
            fine_amount=enforced.fine_amount if enforced else None,
            enforced_number=enforced.document.number if enforced and enforced.document else "",
            enforced_title=str(DocumentKind(enforced.kind).label) if enforced else "",
            enforced_on=enforced.issued_on if enforced else None,
        )
    elif kind == DecisionKind.COURT:
        if not addressee:
            raise ValidationError({"addressee": _("请填写申请强制执行的人民法院")})
        # The decision to enforce: the latest handling or penalty decision left unpaid.
        enforced = enforced_decision(case)
        out.update(
            addressee=addressee,
            amount_due=enforced.amount_due if enforced else None,
            compensation_amount=enforced.compensation_amount if enforced else None,
            fine_amount=enforced.fine_amount if enforced else None,
        )
        if enforced and enforced.document_id and not content:
            out["content"] = f"申请强制执行{enforced.document.number}"
        if data.get("amount_due") not in (None, ""):
            out["amount_due"] = common.clean_amount(
                data["amount_due"], "amount_due", _("申请执行金额"), positive=True
            )
    return out


def _penalty_deadline_rule() -> str:
    return _(
        "罚款自收到行政处罚决定书之日起十五日内缴纳（%(basis)s）：登记送达后按送达日期计算，"
        "不能另行指定"
    ) % {"basis": legal.cite("APL.67")}


def _violation(data: dict) -> str:
    key = str(data.get("violation") or "")
    if key and key not in VIOLATIONS:
        raise ValidationError({"violation": _("请选择有效的违法行为")})
    return key


def _prior(case: EnforcementCase) -> list[tuple[str, str, str]]:
    return list(case.decisions.values_list("kind", "state", "violation"))


def _statements(case: EnforcementCase) -> tuple[list[dt.date], list[dt.date]]:
    """The days the employer was heard (statements, waivers, unanswered notices, hearings) and
    the days a hearing was held or its right recorded as not taken up (before a stoppage)."""
    rows = list(case.statements.values_list("kind", "received_on"))
    hearing = {StatementKind.HEARING, StatementKind.HEARING_NOT_REQUESTED}
    heard = [day for kind, day in rows if kind != StatementKind.HEARING_NOT_REQUESTED]
    return heard, [day for kind, day in rows if kind in hearing]


def _enforced(decisions) -> Decision | None:
    lapsed = [
        d
        for d in decisions
        if d.kind in (DecisionKind.HANDLING, DecisionKind.PENALTY)
        and d.state == DecisionState.NOT_COMPLIED
    ]
    return max(lapsed, key=lambda d: (d.issued_on, d.pk), default=None)


def enforced_decision(case: EnforcementCase) -> Decision | None:
    """The decision a reminder and a court application enforce: the latest handling or penalty
    decision recorded not complied with."""
    return _enforced(case.decisions.select_related("document"))


def _reminder_served(decisions, enforced: Decision) -> dt.date | None:
    """When the latest reminder issued for `enforced` (on or after its date) was served."""
    reminders = [
        d
        for d in decisions
        if d.kind == DecisionKind.REMINDER
        and d.state != DecisionState.WITHDRAWN
        and d.issued_on >= enforced.issued_on
    ]
    reminder = max(reminders, key=lambda d: (d.issued_on, d.pk), default=None)
    return reminder.document.served_on if reminder and reminder.document else None


def court_window_from(decisions) -> CourtWindow | None:
    """From when to when a court may be asked to enforce the lapsed decision among a case's
    `decisions` (their documents loaded; the case page passes its prefetched list); None while
    no served decision has lapsed."""
    decisions = list(decisions)
    enforced = _enforced(decisions)
    if enforced is None or enforced.document is None or enforced.document.served_on is None:
        return None
    return court_window(enforced.document.served_on, _reminder_served(decisions, enforced))


def _court_problem(case: EnforcementCase, on: dt.date) -> str | None:
    decisions = list(case.decisions.select_related("document"))
    enforced = _enforced(decisions)
    if enforced is None:
        return None  # prerequisite_problem already says so
    served = enforced.document.served_on if enforced.document else None
    return court_problem(on, served, _reminder_served(decisions, enforced))


def _prepare(case: EnforcementCase, kind: str, data: dict) -> tuple[dt.date, dict, dict]:
    """The measure's date, its decision's fields and what only its document shows, after every
    check `issue_measure` names (shared with `preview_measure`, so the preview refuses what the
    confirmation would)."""
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("请选择有效的措施种类")})
    if case.state == "filed":
        raise ValidationError({"action": _("请先开始调查，再采取处理措施")})
    if kind in (DecisionKind.PENALTY, DecisionKind.STOPPAGE):
        # The article and the violation are the input's own faults: named on their fields
        # before what the case still lacks.
        penalty = _penalty(data, stoppage=kind == DecisionKind.STOPPAGE)
        wrong = violation_problem(kind, penalty.key, _violation(data))
        if wrong:
            raise ValidationError({"violation": wrong})
    _heard, measures_on = hearing_dates(case)
    heard_on, hearings_on = _statements(case)
    problems = measure_problems(
        kind,
        inspectors=case.inspectors.count(),
        heard_on=heard_on,
        measures_on=measures_on,
        prior=_prior(case),
        penalty_key=str(data.get("penalty_key") or ""),
        violation=str(data.get("violation") or ""),
        hearings_on=hearings_on,
    )
    today = timezone.localdate()
    issued_on = (
        common.clean_date(data["issued_on"], "issued_on", _("作出日期"), earliest=case.filed_on)
        if data.get("issued_on")
        else today
    )
    if kind == DecisionKind.COURT and not problems:
        late = _court_problem(case, issued_on)
        if late:
            problems.append(late)
    if problems:
        raise ValidationError({"kind": "；".join(problems)})
    fields = _fields(case, kind, data, issued_on)
    if translation.get_language() != settings.LANGUAGE_CODE:
        # Checked in the reader's language (the messages above); stored and printed as the
        # official record is, in Chinese (the article, the violation, the reminder's wording).
        with translation.override(settings.LANGUAGE_CODE):
            fields = _fields(case, kind, data, issued_on)
    shown = {k: fields.pop(k) for k in DOCUMENT_ONLY if k in fields}
    if fields.get("violation"):
        with translation.override(settings.LANGUAGE_CODE):
            shown["violation_text"] = str(VIOLATIONS[fields["violation"]].conduct)
    return issued_on, fields, shown


def preview_measure(case: EnforcementCase, user: User, kind: str, **data) -> documents.Preview:
    """The document the measure would be issued as, numbered （文号待编）: the same checks as
    `issue_measure`, then nothing written, no number taken, no lock held. The page shows it
    before the official confirms."""
    common.check_can(user, ISSUE, case.region_id)
    common.require_open(case)
    issued_on, fields, shown = _prepare(case, kind, data)
    return documents.preview(case, kind, extra={**fields, **shown, "issued_on": issued_on})


@transaction.atomic
def issue_measure(case: EnforcementCase, user: User, kind: str, **data) -> Decision:
    """Takes one measure and issues its document. Refused, with every reason and its article,
    when the case has fewer than two inspectors (Decree 423 art. 16), when a handling decision,
    a penalty or a stoppage comes before the employer was heard (art. 19), when a stoppage
    comes before the hearing the employer may ask for was recorded (Administrative Penalty Law
    arts. 63, 64), when a measure that follows an unpaid or uncorrected order comes before that
    order (for a Decree 724 fine or stoppage: the order to correct the same violation) lapsed
    (art. 26; Decree 724 arts. 32, 54-57), or when a court application comes before the
    litigation period and 10 days after a served reminder passed, or more than 3 months after
    that period (Administrative Enforcement Law arts. 53, 54)."""
    case = common.locked_case(case, user, ISSUE)
    common.require_open(case)
    issued_on, fields, shown = _prepare(case, kind, data)
    decision = Decision.objects.create(
        case=case, kind=kind, issued_on=issued_on, created_by=user, **fields
    )
    decision.document = documents.issue(
        case, kind, user, extra={**fields, **shown, "issued_on": issued_on}
    )
    decision.save(update_fields=["document"])
    common.log(
        case,
        f"issue_{kind}",
        user,
        obj=decision,
        after=audit.snapshot(decision, _AUDIT) | {"number": decision.document.number},
    )
    return decision


@transaction.atomic
def record_outcome(
    decision: Decision, user: User, *, complied: bool, on: dt.date, note: str = ""
) -> Decision:
    """履行情况: complied, or not complied once the deadline has passed. An order to pay or a
    handling decision not complied is what the criminal threshold ("ordered to pay and did not",
    Criminal Law art. 276-1) and the credit list (Order 45 art. 5) read, so it is set on the
    case here; an order to correct another violation (it names one) is not an order to pay."""
    case = common.locked_case(decision.case, user, ISSUE)
    decision = Decision.objects.select_for_update().get(pk=decision.pk, case=case)
    if decision.state != DecisionState.ISSUED:
        raise ValidationError(
            {
                "complied": _("该措施已登记为“%(display)s”，不能再次登记")
                % {"display": decision.get_state_display()}
            }
        )
    on = common.clean_date(on, "on", _("确认日期"), earliest=decision.issued_on)
    if not complied and decision.kind == DecisionKind.PENALTY and decision.deadline is None:
        # The time to pay has not started: it runs from service (APL.67).
        raise ValidationError(
            {
                "complied": _("行政处罚决定书尚未登记送达，缴纳期限尚未起算：%(rule)s")
                % {"rule": _penalty_deadline_rule()}
            }
        )
    if not complied and decision.kind == DecisionKind.DRAWDOWN and decision.deadline is None:
        raise ValidationError(
            {
                "complied": _(
                    "工资保证金支付通知书尚未登记送达：银行自收到通知书之日起五个工作日内支付，"
                    "期限尚未起算"
                )
            }
        )
    problem = outcome_problem(bool(complied), decision.deadline, on)
    if problem:
        raise ValidationError({"on": problem})
    note = common.clean_text(note, "note", _("履行情况说明"), 5000, required=False)
    before = audit.snapshot(decision, ["state", "outcome_on"])
    decision.state = DecisionState.COMPLIED if complied else DecisionState.NOT_COMPLIED
    decision.outcome_on, decision.outcome_note = on, note
    decision.save(update_fields=["state", "outcome_on", "outcome_note"])
    # An order to correct another violation (Decree 724 arts. 54-57) orders no payment.
    flagged = not complied and decision.kind in PAY_ORDERS and not decision.violation
    if flagged and not case.order_ignored_or_absconded:
        case.order_ignored_or_absconded = True
        case.save(update_fields=["order_ignored_or_absconded", "updated_at"])
    common.history(
        case,
        "outcome",
        user,
        case.state,
        note=note,
        decision=decision.pk,
        kind=decision.kind,
        state=decision.state,
        on=on,
    )
    audit.record(
        "case.outcome",
        obj=decision,
        actor=user,
        before=before,
        after={
            **audit.snapshot(decision, ["state", "outcome_on"]),
            "order_ignored_or_absconded": case.order_ignored_or_absconded,
        },
        reason=note,
    )
    return decision
