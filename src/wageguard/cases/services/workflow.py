"""The case workflow: the one `transition` through the table of allowed moves, and what the
steps check before a case is decided or closed."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User

from ..models import (
    EnforcementCase,
)
from ..rules import (
    OPEN_DECISION_STATES,
    PAY_ORDERS,
    WORKFLOW,
    Action,
    DecisionState,
    TransferResponse,
    case_due,
    yuan,
)
from ..rules.preconditions import (
    DECIDE_CASE,
    extension_refusal,
    inspectors_problem,
    statement_problem,
)
from .common import AUDIT_FIELDS, check_can, clean_text, history


@transaction.atomic
def transition(case: EnforcementCase, action: str, user: User, **data) -> EnforcementCase:
    """The only way a case changes state; `data` carries the action's fields (note, reason)."""
    case = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    check_can(user, action, case.region_id)
    target = WORKFLOW.next_or_error(case.state, action)
    before_state = case.state
    before = audit.snapshot(case, AUDIT_FIELDS)
    today = timezone.localdate()
    note = str(data.get("note") or "").strip()
    extra: dict = {}

    refused = extension_refusal(
        action,
        extended=case.extended,
        requested=case.extension_requested_at is not None,
        due_date=case.due_date,
        today=today,
    )
    if refused:
        raise ValidationError({"action": refused})
    if action == Action.REQUEST_EXTENSION:
        reason = str(data.get("reason") or "").strip()
        if not reason:
            raise ValidationError({"reason": _("请说明案情复杂需要延期的理由")})
        case.extension_requested_at, case.extension_reason = timezone.now(), reason
        extra["reason"] = reason
    elif action == Action.APPROVE_EXTENSION:
        due = case_due(case.filed_on, extended=True)
        case.extended, case.due_date, case.due_provisional = True, due.date, due.provisional
        extra["due_date"] = due.date
    elif action == Action.DECIDE:
        problems = decide_problems(case)
        if problems:
            raise ValidationError({"action": "；".join(problems)})
        case.decided_on = today
    elif action == Action.CLOSE:
        case.closing_report = clean_text(data.get("report"), "report", _("结案报告"), 20000)
        exception = clean_text(
            data.get("exception_reason"), "exception_reason", _("例外结案理由"), 5000, False
        )
        blockers = closing_blockers(case)
        if blockers and not exception:
            raise ValidationError(
                {
                    "exception_reason": _(
                        "尚有未了结事项：%(blockers)s。如确需结案，请填写例外结案理由"
                    )
                    % {"blockers": "；".join(blockers)}
                }
            )
        case.closing_exception = exception if blockers else ""
        case.closed_on = today
        extra.update(blockers=blockers, exception_reason=case.closing_exception)

    case.state = target
    case.save()
    history(case, action, user, before_state, note=note, **extra)
    audit.record(
        f"case.{action}",
        obj=case,
        actor=user,
        before=before,
        after=audit.snapshot(case, AUDIT_FIELDS),
        reason=note or str(extra.get("reason", "") or extra.get("exception_reason", "")),
    )
    return case


def decide_problems(case: EnforcementCase) -> list[str]:
    """What stands between the case and its decision: two inspectors (Decree 423 art. 16) and
    the employer heard after the latest measure (art. 19). Read through the case's relations
    (`.all()`), so the case page, which prefetches them, asks it for free; the one list the
    service refuses with and `cases.actions.available_actions` asks before offering 作出处理决定."""
    heard = [s.received_on for s in case.statements.all()]
    made = sorted(
        (d for d in case.decisions.all() if d.state != DecisionState.WITHDRAWN),
        key=lambda d: d.pk,
    )
    problems = (
        inspectors_problem(len(case.inspectors.all())),
        statement_problem(DECIDE_CASE, heard, [(d.kind, d.issued_on) for d in made]),
    )
    return [p for p in problems if p]


def hearing_dates(case: EnforcementCase) -> tuple[list[dt.date], list[tuple[str, dt.date]]]:
    """What preconditions.statement_problem compares: the days the employer's statements (or
    waivers, or unanswered notices) were received, and the (kind, issued_on) of the measures
    not withdrawn, in the order they were made."""
    heard = list(case.statements.values_list("received_on", flat=True))
    made = case.decisions.exclude(state=DecisionState.WITHDRAWN).order_by("id")
    return heard, list(made.values_list("kind", "issued_on"))


def closing_blockers(case: EnforcementCase) -> list[str]:
    """What still stands open on a case, each named: measures issued and not yet complied or
    lapsed, transfers the police have not answered, workers not fully paid (issue 4: a case
    does not close over these without a recorded reason)."""
    out = [
        f"{d.get_kind_display()}{f' {d.document.number}' if d.document_id else ''} 尚待履行"
        for d in case.decisions.filter(state__in=OPEN_DECISION_STATES).select_related("document")
    ]
    out += [
        f"移送{t.police_agency}（{t.transferred_on:%Y-%m-%d}）尚待公安机关回复"
        for t in case.transfers.filter(response=TransferResponse.PENDING)
    ]
    out += [
        f"劳动者 {w.worker_name} 尚欠 {yuan(w.amount_owed - w.amount_recovered)} 元"
        for w in case.workers.all()
        if w.amount_recovered < w.amount_owed
    ]
    return out


def lapsed_pay_deadline(case: EnforcementCase) -> dt.date | None:
    """The latest deadline of an order to pay (责令改正 naming no other violation, or 处理决定)
    recorded not complied, the refusal the threshold and the credit list rest on; read through
    `case.decisions.all()`, so a prefetch serves a page of cases."""
    return max(
        (
            d.deadline
            for d in case.decisions.all()
            if d.kind in PAY_ORDERS
            and not d.violation  # an order to correct another violation orders no payment
            and d.state == DecisionState.NOT_COMPLIED
            and d.deadline
        ),
        default=None,
    )
