"""Transfer to the police (移送公安) of a suspected crime of refusing to pay wages (Criminal Law
art. 276-1; Decree 423 art. 18: "涉嫌犯罪的，应当依法移送司法机关"), the police's answer and the
follow-ups. The case stays open: administrative recovery goes on while the police investigate.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, legal
from wageguard.org.models import User

from .. import documents
from ..models import EnforcementCase, PoliceTransfer, TransferFollowUp
from ..rules import (
    ABSCONDING_EVIDENCE,
    ABSCONDING_OPTIONAL,
    ANSWERED,
    FORMER_EVIDENCE,
    RESPONSE_MOVES,
    Answer,
    Conduct,
    DocumentKind,
    TransferResponse,
    missing_absconding_evidence,
)
from . import common
from .threshold import conduct_for, threshold_for

TRANSFER = "transfer"


def transfer_article() -> str:
    """The basis printed on the transfer letter: the crime, the duty to transfer a suspected
    crime of refusing to pay wages (Decree 724 art. 41; Decree 423 art. 18) and the transfer
    rules (SC310 art. 3)."""
    return legal.for_record(legal.cite("CL.276-1", "724.41", "423.18", "SC310.3"))


_AUDIT = ["police_agency", "threshold_answer", "conduct", "checklist", "response", "response_on"]


def _locked(transfer: PoliceTransfer, user: User) -> tuple[EnforcementCase, PoliceTransfer]:
    case = common.locked_case(transfer.case, user, TRANSFER)
    return case, PoliceTransfer.objects.select_for_update().get(pk=transfer.pk, case=case)


def _checklist(conduct: str, checklist: list[str]) -> list[str]:
    known = {**ABSCONDING_EVIDENCE, **ABSCONDING_OPTIONAL}
    # An item no longer asked for (the posted order is now the case's served order) is dropped.
    items = [c for c in dict.fromkeys(str(c) for c in checklist or []) if c not in FORMER_EVIDENCE]
    unknown = [c for c in items if c not in known]
    if unknown:
        raise ValidationError(
            {"checklist": _("未知的证据清单项：%(join)s") % {"join": "、".join(unknown)}}
        )
    if conduct == Conduct.ABSCONDED:
        missing = missing_absconding_evidence(items)
        if missing:
            raise ValidationError(
                {
                    "checklist": _("逃匿情形移送前还缺少以下证据：%(items)s")
                    % {"items": "；".join(missing)}
                }
            )
    return items


@transaction.atomic
def transfer_to_police(
    case: EnforcementCase,
    user: User,
    *,
    police_agency: str,
    conduct: str,
    checklist: list[str],
    reason: str = "",
) -> PoliceTransfer:
    """Transfers the case when the threshold answer is `meets`; `depends_on_provincial_figure`
    only with the bureau's `reason` (it confirms the province's figure, which the software does
    not know); `does_not_meet` is refused with the rule's reasons. Both forms of the crime need
    an order to pay (责令改正 or 处理决定) that was served and whose deadline lapsed unpaid
    (Criminal Law art. 276-1; SPC2013 art. 4; rules.ordered_and_unpaid): refused on `conduct`,
    naming what is missing, until then. Absconding also needs the evidence checklist (SPC2013
    art. 2), and only for it may the order have been served by posting it at the premises
    (SPC2013 art. 4 para. 2). The transfer letter is issued; the case stays open."""
    case = common.locked_case(case, user, TRANSFER)
    common.require_open(case)
    police_agency = common.clean_text(police_agency, "police_agency", _("接收公安机关"), 200)
    if conduct not in Conduct.values:
        raise ValidationError({"conduct": _("请选择拒不支付的情形（经责令支付仍不支付或逃匿）")})
    items = _checklist(conduct, checklist)
    reason = common.clean_text(reason, "reason", _("确认理由"), 2000, required=False)
    if case.transfers.exclude(response=TransferResponse.NOT_FILED).exists():
        raise ValidationError({"action": _("本案已移送公安机关，公安机关不予立案后才能再次移送")})
    ordered = conduct_for(case, conduct)
    if not ordered.met:
        raise ValidationError(
            {"conduct": _("不能移送公安机关：%(reason)s") % {"reason": ordered.reason}}
        )
    before = {"order_ignored_or_absconded": case.order_ignored_or_absconded}
    if not case.order_ignored_or_absconded:
        case.order_ignored_or_absconded = True
        case.save(update_fields=["order_ignored_or_absconded", "updated_at"])
    result = threshold_for(case, conduct=conduct)
    if result.answer == Answer.DOES_NOT_MEET:
        raise ValidationError(
            {
                "threshold": _("未达到拒不支付劳动报酬罪的入罪标准，不能移送：%(reasons)s")
                % {"reasons": "；".join(result.reasons)}
            }
        )
    reasons = list(result.reasons)
    if result.answer == Answer.DEPENDS:
        if not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "数额介于全国幅度之间，取决于本省数额标准：请写明本局确认本省"
                        "标准并据以移送的理由"
                    )
                }
            )
        reasons.append(f"移送机关确认：{reason}")
    elif reason:
        reasons.append(f"移送机关说明：{reason}")
    transfer = PoliceTransfer.objects.create(
        case=case,
        transferred_on=timezone.localdate(),
        police_agency=police_agency,
        threshold_answer=result.answer,
        threshold_reasons=reasons,
        conduct=conduct,
        checklist=items,
        created_by=user,
    )
    labels = {**ABSCONDING_EVIDENCE, **ABSCONDING_OPTIONAL, **FORMER_EVIDENCE}
    transfer.letter = documents.issue(
        case,
        DocumentKind.TRANSFER,
        user,
        extra={
            "police_agency": police_agency,
            "article": transfer_article(),
            "threshold_answer": result.answer,
            "threshold_reasons": reasons[1:],  # the first is the basis, printed as `article`
            "checklist": [legal.for_record(labels[i]) for i in items],
            "content": legal.for_record(Conduct(conduct).label),
        },
    )
    transfer.save(update_fields=["letter"])
    common.history(
        case,
        "transfer",
        user,
        case.state,
        note=reason,
        transfer=transfer.pk,
        police_agency=police_agency,
        conduct=conduct,
        answer=result.answer,
        letter=transfer.letter.number,
    )
    audit.record(
        "case.transfer",
        obj=transfer,
        actor=user,
        before=before,
        after=audit.snapshot(transfer, _AUDIT) | {"letter": transfer.letter.number},
        reason=reason,
    )
    return transfer


def _follow_up_date(value, on: dt.date) -> dt.date | None:
    if not value:
        return None
    day = common.clean_date(value, "next_follow_up", _("下次跟踪日期"), past=False)
    if day <= on:
        raise ValidationError({"next_follow_up": _("下次跟踪日期应晚于本次日期")})
    return day


@transaction.atomic
def record_police_response(
    transfer: PoliceTransfer,
    user: User,
    *,
    response: str,
    on: dt.date,
    reason: str = "",
    next_follow_up: dt.date | None = None,
) -> PoliceTransfer:
    """公安机关回复: accepted, then filed or not filed (a refusal carries its reason, SC310 art. 8,
    legal.cite("SC310.8")). Recorded also after the case closed."""
    case, transfer = _locked(transfer, user)
    allowed = RESPONSE_MOVES.get(transfer.response, frozenset())
    if response not in allowed:
        raise ValidationError(
            {
                "response": _("当前回复状态（%(display)s）不能登记为该回复")
                % {"display": transfer.get_response_display()}
            }
        )
    on = common.clean_date(on, "on", _("回复日期"), earliest=transfer.transferred_on)
    reason = common.clean_text(
        reason,
        "reason",
        _("不予立案理由"),
        5000,
        required=response == TransferResponse.NOT_FILED,
    )
    before = audit.snapshot(transfer, _AUDIT)
    transfer.response, transfer.response_on = response, on
    transfer.response_reason = reason
    transfer.next_follow_up = None if response in ANSWERED else _follow_up_date(next_follow_up, on)
    transfer.save(update_fields=["response", "response_on", "response_reason", "next_follow_up"])
    common.history(
        case,
        "police_response",
        user,
        case.state,
        note=reason,
        transfer=transfer.pk,
        response=response,
        on=on,
    )
    audit.record(
        "case.police_response",
        obj=transfer,
        actor=user,
        before=before,
        after=audit.snapshot(transfer, _AUDIT),
        reason=reason,
    )
    return transfer


@transaction.atomic
def add_follow_up(
    transfer: PoliceTransfer,
    user: User,
    *,
    on: dt.date,
    note: str,
    next_follow_up: dt.date | None = None,
) -> TransferFollowUp:
    """跟踪: one contact with the police about the transfer, and when to ask again."""
    case, transfer = _locked(transfer, user)
    on = common.clean_date(on, "on", _("跟踪日期"), earliest=transfer.transferred_on)
    row = TransferFollowUp.objects.create(
        transfer=transfer,
        on=on,
        note=common.clean_text(note, "note", _("跟踪情况"), 5000),
        recorded_by=user,
    )
    transfer.next_follow_up = _follow_up_date(next_follow_up, on)
    transfer.save(update_fields=["next_follow_up"])
    common.log(
        case,
        "follow_up",
        user,
        obj=transfer,
        after={"follow_up": row.pk, "on": on, "next_follow_up": transfer.next_follow_up},
    )
    return row
