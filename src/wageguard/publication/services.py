"""Every change to a publication batch: permission, jurisdiction, the transition table, the
publication deadline, history and audit, in one transaction (DESIGN: Workflow)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.cases.models import Decision, EnforcementCase
from wageguard.cases.rules import TransferResponse
from wageguard.core import audit, legal
from wageguard.core.scoping import check_may
from wageguard.org.models import User, jurisdiction_codes
from wageguard.parties.rules import validate_credit_code

from .models import (
    PUBLIC_PREFETCH,
    PublicationBatch,
    PublicationHistory,
    PublicationItem,
    PublicationSettings,
)
from .queue import DECIDED_STATES, MODEL, assess, proposed_text
from .rules import (
    EDITABLE_STATES,
    OWN_AGENCY_ONLY,
    PERMISSION,
    WORKFLOW,
    Action,
    Kind,
    PeriodKind,
    State,
    allowed_period_kinds,
    batch_due,
    current_period,
    period_of,
)

_AUDIT_FIELDS = ["state", "period_kind", "period_label", "due_date", "approved_by", "published_at"]
_ITEM_FIELDS = list(PublicationItem.EDITABLE_FIELDS)
_LIMITS = {"unit_name": 200, "address": 300, "legal_representative": 50}
_TEXT_LIMIT = 5000


def _check_can(user: User, action: str, region_id: str) -> None:
    check_may(user, action, MODEL, region_id, _("该公布批次不在您的辖区内"))


def refusal(batch: PublicationBatch, action: str, user: User) -> str:
    """Why `user` may not take `action` on this batch, "" when they may: the role's verb, the
    jurisdiction, and for approving, returning and publishing the batch's own bureau (Order 29,
    cited by title: the publishing bureau answers for what it publishes)."""
    if not user.can(PERMISSION[action], MODEL):
        return _("您的角色不能执行此操作")
    if not user.in_jurisdiction(batch.region_id):
        return _("该公布批次不在您的辖区内")
    if action in OWN_AGENCY_ONLY and not user.is_superuser and user.agency_id != batch.agency_id:
        return _("应由公布机关（%(agency)s）负责人办理（%(law)s）") % {
            "agency": batch.agency.name,
            "law": legal.title("O29"),
        }
    return ""


def _history(batch: PublicationBatch, action: str, user: User, before: str, note="", **data):
    PublicationHistory.write(batch, action, user, before, note, data=data)


def _editable(batch: PublicationBatch) -> None:
    if batch.state not in EDITABLE_STATES:
        raise ValidationError(
            {
                "batch": _("公布批次%(state)s，不能再修改公布事项")
                % {"state": State(batch.state).label}
            }
        )


@transaction.atomic
def create_batch(
    user: User, period_kind: str, year: int | None = None, part: int | None = None
) -> PublicationBatch:
    """开设公布批次 for the user's bureau: its regular period (a quarter for prefecture and
    county bureaus, a half year for the province, Order 29) or an ad hoc one today.
    Without `year`/`part` the current period is taken."""
    agency = user.agency
    if agency is None or not agency.is_hrss:
        raise PermissionDenied(_("只有人力资源和社会保障部门可以公布重大劳动保障违法行为"))
    _check_can(user, "add", agency.region_id)
    level = agency.region.level
    if period_kind not in allowed_period_kinds(level):
        allowed = "、".join(str(PeriodKind(k).label) for k in allowed_period_kinds(level))
        raise ValidationError(
            {
                "period_kind": _("本级机关的公布周期应为：%(kinds)s（%(law)s）")
                % {"kinds": allowed, "law": legal.title("O29")}
            }
        )
    today = timezone.localdate()
    if period_kind == PeriodKind.AD_HOC or year is None or part is None:
        period = current_period(period_kind, today)
    else:
        try:
            period = period_of(period_kind, int(year), int(part))
        except (TypeError, ValueError):
            raise ValidationError({"part": _("请选择有效的季度或半年")}) from None
        if not 2000 <= period.start.year <= today.year + 1:
            raise ValidationError({"year": _("请填写有效的年度")})
    due = batch_due(
        period,
        PublicationSettings.for_province(agency.region.province_code).publish_within_workdays,
    )
    try:
        with transaction.atomic():
            batch = PublicationBatch.objects.create(
                agency=agency,
                region=agency.region,
                period_kind=period.kind,
                period_label=period.label,
                period_start=period.start,
                period_end=period.end,
                due_date=due.date,
                due_provisional=due.provisional,
                created_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            {"period_kind": _("本机关已开设%(period)s的公布批次") % {"period": period.label}}
        ) from None
    _history(batch, "create", user, "", period=period.label, due_date=due.date)
    audit.record(
        "publication.create", obj=batch, actor=user, after=audit.snapshot(batch, _AUDIT_FIELDS)
    )
    return batch


def _locked(batch: PublicationBatch) -> PublicationBatch:
    return (
        PublicationBatch.objects.select_for_update(of=("self",))
        .select_related("region", "agency")
        .get(pk=batch.pk)
    )


@transaction.atomic
def add_item(
    user: User, batch: PublicationBatch, case: EnforcementCase, kind: str = ""
) -> PublicationItem:
    """列入公布: a case of the bureau's jurisdiction joins a draft batch with the text proposed
    from the case. A case that must be published (rules.must_publish) takes its kind from the
    rule; any other decided case needs the bureau to name the kind (ad hoc publication)."""
    batch = _locked(batch)
    _check_can(user, "add", batch.region_id)
    _editable(batch)
    case = (
        EnforcementCase.objects.select_related("region", "employer", "clue")
        .prefetch_related(
            "workers",
            "transfers",
            Prefetch("decisions", Decision.objects.select_related("document")),
            "persons__person",
            "interviews",
            "statements",
        )
        .get(pk=case.pk)
    )
    if not user.in_jurisdiction(case.region_id) or case.region_id not in jurisdiction_codes(
        batch.region
    ):
        raise PermissionDenied(_("该案件不在本批次公布机关的辖区内"))
    answer = assess(case)
    standing = [t for t in case.transfers.all() if t.response != TransferResponse.NOT_FILED]
    if not (case.state in DECIDED_STATES or standing):
        raise ValidationError(
            {
                "case": _("只公布已经依法查处并作出处理决定的违法行为（%(law)s）")
                % {"law": legal.title("O29")}
            }
        )
    if not answer.required:
        if kind not in Kind.values:
            raise ValidationError(
                {"kind": _("该案件不属于必须公布的情形，请选择违法行为类别后随时公布")}
            )
    else:
        kind = kind if kind in Kind.values else answer.kind
    other = (
        PublicationItem.objects.filter(case=case, batch__agency=batch.agency_id)
        .select_related("batch")
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "case": _("案件 %(number)s 已在 %(period)s 公布批次中")
                % {"number": case.number, "period": other.batch.period_label}
            }
        )
    item = PublicationItem(
        batch=batch,
        case=case,
        kind=kind,
        reason="；".join(answer.reasons[1:]) or "经本机关决定公布",
        edited_by=user,
        **proposed_text(case),
    )
    item.save()
    _history(batch, "add_item", user, batch.state, case=case.number)
    audit.record(
        "publication.add_item",
        obj=batch,
        actor=user,
        after={"case": case.number, **audit.snapshot(item, _ITEM_FIELDS)},
    )
    return item


@transaction.atomic
def remove_item(user: User, item: PublicationItem) -> None:
    batch = _locked(item.batch)
    _check_can(user, "add", batch.region_id)
    _editable(batch)
    before = {"case": item.case.number, **audit.snapshot(item, _ITEM_FIELDS)}
    item.delete()
    _history(batch, "remove_item", user, batch.state, case=before["case"])
    audit.record("publication.remove_item", obj=batch, actor=user, before=before)


def _clean_text(data: dict) -> dict[str, str]:
    out = {}
    for name in ("unit_name", "address", "legal_representative", "facts", "handling"):
        value = str(data.get(name) or "").strip()
        if len(value) > _LIMITS.get(name, _TEXT_LIMIT):
            limit = _LIMITS.get(name, _TEXT_LIMIT)
            raise ValidationError({name: _("不超过 %(limit)s 个字") % {"limit": limit}})
        out[name] = value
    for name, label in (
        ("unit_name", _("违法主体名称")),
        ("facts", _("主要违法事实")),
        ("handling", _("处理情况")),
    ):
        if not out[name]:
            raise ValidationError(
                {
                    name: _("请填写%(label)s（%(law)s）")
                    % {"label": label, "law": legal.title("O29")}
                }
            )
    code = str(data.get("credit_code") or "").strip()
    if code:
        try:
            code = validate_credit_code(code)
        except ValidationError as exc:
            raise ValidationError({"credit_code": exc.messages[0]}) from None
    out["credit_code"] = code
    return out


@transaction.atomic
def edit_item(user: User, item: PublicationItem, **data) -> PublicationItem:
    """Edit the published text of an item; personal data the editor typed is removed when it is
    saved (PublicationItem.save), whatever the editor intended."""
    batch = _locked(item.batch)
    _check_can(user, "add", batch.region_id)
    _editable(batch)
    item = PublicationItem.objects.select_related("case", "case__employer", "case__clue").get(
        pk=item.pk
    )
    before = audit.snapshot(item, _ITEM_FIELDS)
    for name, value in _clean_text(data).items():
        setattr(item, name, value)
    kind = data.get("kind")
    if kind:
        if kind not in Kind.values:
            raise ValidationError({"kind": _("请选择有效的违法行为类别")})
        item.kind = kind
    item.edited_by, item.edited_at = user, timezone.now()
    item.save()
    _history(batch, "edit_item", user, batch.state, case=item.case.number)
    audit.record(
        "publication.edit_item",
        obj=batch,
        actor=user,
        before=before,
        after=audit.snapshot(item, _ITEM_FIELDS),
    )
    return item


@transaction.atomic
def transition(batch: PublicationBatch, action: str, user: User, **data) -> PublicationBatch:
    """The only way a batch changes state: submit (inspector), approve or return (the bureau's
    leader), publish (the leader). Publishing redacts every item once more as it goes out."""
    batch = _locked(batch)
    if action not in Action.values:
        raise ValidationError({"action": _("未知的操作")})
    reason = refusal(batch, action, user)
    if reason:
        raise PermissionDenied(reason)
    target = WORKFLOW.next_or_error(batch.state, action)
    note = str(data.get("note") or "").strip()
    before_state = batch.state
    before = audit.snapshot(batch, _AUDIT_FIELDS)
    now = timezone.now()
    items = list(
        batch.items.select_related("case", "case__employer", "case__clue").prefetch_related(
            *PUBLIC_PREFETCH
        )
    )
    if action == Action.SUBMIT:
        if not items:
            raise ValidationError({"action": _("公布批次中没有公布事项")})
        batch.submitted_at, batch.return_note = now, ""
    elif action == Action.RETURN:
        if not note:
            raise ValidationError({"note": _("请填写退回修改的意见")})
        batch.return_note = note
    elif action == Action.APPROVE:
        batch.approved_by, batch.approved_at = user, now
    elif action == Action.PUBLISH:
        for item in items:
            item.save()
        batch.published_at = now
    batch.state = target
    batch.save()
    _history(batch, action, user, before_state, note=note, items=len(items))
    audit.record(
        f"publication.{action}",
        obj=batch,
        actor=user,
        before=before,
        after=audit.snapshot(batch, _AUDIT_FIELDS),
        reason=note,
    )
    return batch
