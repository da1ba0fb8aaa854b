"""Measures on a case (责令改正、处理决定、行政处罚、责令停工、动用工资保证金、申请强制执行) and
whether they were complied with. Each measure is issued as its numbered Word document.

The preconditions are pure rules (cases.rules.preconditions.measure_problems, each citing its
article); this module reads the case, asks them, and writes the decision, its document, history
and audit in one transaction.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, legal
from wageguard.core.calendar import add_workdays
from wageguard.org.models import User

from .. import documents
from ..models import Decision, EnforcementCase
from ..rules import (
    DECISION_ARTICLES,
    PAY_ORDERS,
    PENALTIES,
    DecisionKind,
    DecisionState,
    additional_compensation,
    check_penalty,
)
from ..rules.preconditions import (
    DRAWDOWN_WORKDAYS,
    drawdown_problem,
    drawdown_shares,
    measure_problems,
    outcome_problem,
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
    "amount_due",
    "compensation_rate",
    "compensation_amount",
    "fine_amount",
    "addressee",
    "document",
    "outcome_on",
]


# What `_fields` gives the document but the decision row does not keep: the drawdown's amount
# per worker (the document's context, stored with it, keeps it).
DOCUMENT_ONLY = ("payments",)


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
    out: dict = {"article": DECISION_ARTICLES[kind], "content": content}
    if kind == DecisionKind.ORDER:
        out.update(
            deadline=_deadline(data, issued_on),
            amount_due=_amount_due(case, data),
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
            fine_amount=fine.quantize(Decimal("0.01")),
            addressee=addressee or case.employer_name,
            deadline=None,
        )
    elif kind == DecisionKind.STOPPAGE:
        penalty = _penalty(data, stoppage=True)
        out.update(
            article=penalty.article,
            penalty_key=penalty.key,
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
            deadline=add_workdays(issued_on, DRAWDOWN_WORKDAYS).date,
            payments=[
                {"name": w.worker_name, "amount": share}
                for w, share in zip(owed, shares, strict=True)
                if share > 0
            ],
        )
    elif kind == DecisionKind.COURT:
        if not addressee:
            raise ValidationError({"addressee": _("请填写申请强制执行的人民法院")})
        # The decision to enforce: the latest handling or penalty decision left unpaid.
        enforced = (
            case.decisions.filter(
                kind__in=(DecisionKind.HANDLING, DecisionKind.PENALTY),
                state=DecisionState.NOT_COMPLIED,
            )
            .select_related("document")
            .last()
        )
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


def _prior(case: EnforcementCase) -> list[tuple[str, str]]:
    return list(case.decisions.values_list("kind", "state"))


@transaction.atomic
def issue_measure(case: EnforcementCase, user: User, kind: str, **data) -> Decision:
    """Takes one measure and issues its document. Refused, with every reason and its article,
    when the case has fewer than two inspectors (Decree 423 art. 16), when a handling decision
    or a penalty comes before the employer was heard (art. 19), or when a measure that follows
    an unpaid or uncorrected order comes before that order lapsed (art. 26; Decree 724 arts.
    32, 54-57)."""
    case = common.locked_case(case, user, ISSUE)
    common.require_open(case)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("请选择有效的措施种类")})
    if case.state == "filed":
        raise ValidationError({"action": _("请先开始调查，再采取处理措施")})
    heard_on, measures_on = hearing_dates(case)
    problems = measure_problems(
        kind,
        inspectors=case.inspectors.count(),
        heard_on=heard_on,
        measures_on=measures_on,
        prior=_prior(case),
        penalty_key=str(data.get("penalty_key") or ""),
    )
    if problems:
        raise ValidationError({"kind": "；".join(problems)})
    today = timezone.localdate()
    issued_on = (
        common.clean_date(data["issued_on"], "issued_on", _("作出日期"), earliest=case.filed_on)
        if data.get("issued_on")
        else today
    )
    fields = _fields(case, kind, data, issued_on)
    shown = {k: fields.pop(k) for k in DOCUMENT_ONLY if k in fields}
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
    case here."""
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
    problem = outcome_problem(bool(complied), decision.deadline, on)
    if problem:
        raise ValidationError({"on": problem})
    note = common.clean_text(note, "note", _("履行情况说明"), 5000, required=False)
    before = audit.snapshot(decision, ["state", "outcome_on"])
    decision.state = DecisionState.COMPLIED if complied else DecisionState.NOT_COMPLIED
    decision.outcome_on, decision.outcome_note = on, note
    decision.save(update_fields=["state", "outcome_on", "outcome_note"])
    flagged = not complied and decision.kind in PAY_ORDERS
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
