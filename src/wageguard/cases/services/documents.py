"""送达: how and when each numbered document reached its addressee.

A period the addressee acts in runs from service, never from the day the bureau made the
document: a fine is paid within 15 days of receiving the decision (Administrative Penalty Law
art. 67), an order to pay is "ignored" only once it was served and its deadline ran out (SPC2013
art. 4). So service is recorded after the fact, with its date and method, once per document; a
correction needs a reason and is audited with what it replaced.
"""

import datetime as dt

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, legal
from wageguard.core.calendar import add_workdays, days_period_end
from wageguard.org.models import User

from ..models import CaseDocument, Decision
from ..rules import DecisionKind, DecisionState, ServiceMethod, public_notice_served_on
from ..rules.preconditions import DRAWDOWN_WORKDAYS
from . import common

SERVE = "issue"
# The fine is paid within 15 days of receiving the decision (APL.67).
FINE_PAYMENT_DAYS = 15
_AUDIT = ["served_on", "service_method", "notice_on", "served_to", "service_note"]
# Where the photos or video of a posted (or left) document are named in the note.
RECORDED_WORDS = ("拍照", "照片", "录像", "视频")


def document_date(document: CaseDocument) -> dt.date:
    """The document's own date: its measure's date (a measure may be recorded late), the
    transfer's date, else the day it was made."""
    for relation, field in (("decision", "issued_on"), ("transfer", "transferred_on")):
        try:
            return getattr(getattr(document, relation), field)
        except ObjectDoesNotExist:
            continue
    return timezone.localdate(document.generated_at)


def fine_deadline(served_on: dt.date) -> dt.date:
    """The last day to pay a fine: 15 days from service (APL.67), the day of service not counted
    and a last day on a weekend or holiday moved to the next working day (Civil Code arts. 201,
    203; core.calendar.days_period_end)."""
    return days_period_end(served_on, FINE_PAYMENT_DAYS).date


def drawdown_deadline(served_on: dt.date) -> dt.date:
    """The last day for the bank to pay from the deposit: 5 working days from receiving the
    notice (the notice's own wording, rules.preconditions.DRAWDOWN_WORKDAYS), counted on the
    working-day calendar (core.calendar.add_workdays)."""
    return add_workdays(served_on, DRAWDOWN_WORKDAYS).date


# The measures whose time to perform runs from service, and how it is counted. Orders to pay,
# handling decisions, stoppages and reminders carry the date the bureau set when it made them.
SERVICE_DEADLINES = {
    DecisionKind.PENALTY: fine_deadline,
    DecisionKind.DRAWDOWN: drawdown_deadline,
}


def _note(method: str, note: str) -> str:
    """Posting, leaving and public notice say in the record how it was done."""
    if method == ServiceMethod.POSTED:
        if not note or not any(w in note for w in RECORDED_WORDS):
            raise ValidationError(
                {
                    "service_note": _(
                        "张贴送达须写明张贴地点（住所地、生产经营场所等），并写明已拍照或录像"
                        "记录（%(basis)s）"
                    )
                    % {"basis": legal.cite("SPC2013.4", paragraph=2)}
                }
            )
    elif method == ServiceMethod.LEFT and not note:
        raise ValidationError(
            {
                "service_note": _(
                    "留置送达须写明拒收事由和日期、见证人，或拍照、录像记录送达过程（%(basis)s）"
                )
                % {"basis": legal.cite("CPL.89")}
            }
        )
    elif method == ServiceMethod.ENTRUSTED and not note:
        raise ValidationError(
            {
                "service_note": _("委托送达须写明受委托代为送达的机关（%(basis)s）")
                % {"basis": legal.cite("CPL.91")}
            }
        )
    elif method == ServiceMethod.PUBLIC_NOTICE and not note:
        raise ValidationError(
            {
                "service_note": _("公告送达须写明公告的原因和经过（%(basis)s）")
                % {"basis": legal.cite("CPL.95")}
            }
        )
    return note


@transaction.atomic
def record_service(
    document: CaseDocument,
    user: User,
    *,
    service_method: str,
    served_on: dt.date,
    served_to: str = "",
    service_note: str = "",
    reason: str = "",
) -> CaseDocument:
    """登记送达 of one document: the method, the day (not before the document's date nor in the
    future; for a public notice the day the notice was issued, and the document counts as served
    30 days later, CPL.95), whom it reached (default: the measure's addressee, else the
    employer) and, for posting, leaving or a public notice, how it was done. Recorded once; a
    second recording is a correction and needs `reason`. Serving a penalty decision sets its
    payment deadline, 15 days from service (APL.67), and a drawdown notice the bank's, 5 working
    days from service (SERVICE_DEADLINES). Allowed also after the case closed."""
    case = common.locked_case(document.case, user, SERVE)
    document = CaseDocument.objects.select_for_update().get(pk=document.pk, case=case)
    if service_method not in ServiceMethod.values:
        raise ValidationError({"service_method": _("请选择送达方式")})
    day = common.clean_date(served_on, "served_on", _("送达日期"), earliest=document_date(document))
    note = common.clean_text(service_note, "service_note", _("送达情况说明"), 2000, False)
    note = _note(service_method, note)
    reason = common.clean_text(reason, "reason", _("更正理由"), 2000, required=False)
    correcting = document.served_on is not None
    if correcting and not reason:
        raise ValidationError(
            {
                "reason": _("本文书已于 %(day)s 登记送达；更正送达记录须写明理由")
                % {"day": format(document.served_on, "%Y-%m-%d")}
            }
        )
    decision = Decision.objects.select_for_update().filter(document=document).first()
    if correcting and decision is not None and decision.state != DecisionState.ISSUED:
        raise ValidationError(
            {
                "served_on": _("该措施已登记履行情况（%(state)s），不能再更正送达记录")
                % {"state": decision.get_state_display()}
            }
        )
    addressee = (decision.addressee if decision else "") or case.employer_name
    served_to = common.clean_text(served_to, "served_to", _("受送达人"), 200, required=False)

    before = audit.snapshot(document, _AUDIT)
    if service_method == ServiceMethod.PUBLIC_NOTICE:
        document.notice_on, document.served_on = day, public_notice_served_on(day).date
    else:
        document.notice_on, document.served_on = None, day
    document.service_method = service_method
    document.served_to = served_to or addressee
    document.service_note = note
    document.service_recorded_by = user
    document.save(
        update_fields=[*_AUDIT, "service_recorded_by"],
    )
    after = audit.snapshot(document, _AUDIT)
    if decision is not None and decision.kind in SERVICE_DEADLINES:
        decision.deadline = SERVICE_DEADLINES[decision.kind](document.served_on)
        decision.save(update_fields=["deadline"])
        after["deadline"] = decision.deadline
    common.history(
        case,
        "record_service",
        user,
        case.state,
        note=reason or note,
        document=document.pk,
        number=document.number,
        **after,
    )
    audit.record(
        "case.record_service",
        obj=document,
        actor=user,
        before=before if correcting else None,
        after=after | {"number": document.number},
        reason=reason,
    )
    return document
