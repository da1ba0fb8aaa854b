"""Every change to a typical case: permission, jurisdiction (the bureau that decided the case),
the transition table, the personal-data check, history and audit in one transaction, and the
drafter's notice once it has committed (DESIGN: Workflow)."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wageguard.cases.models import Decision, EnforcementCase, personal_names
from wageguard.cases.rules import PersonRole, yuan
from wageguard.core import audit
from wageguard.core.scoping import check_may
from wageguard.org.models import User
from wageguard.org.services import notify
from wageguard.parties.rules import personal_data_hits

from ..queue import DECIDED_STATES, proposed_text
from .models import TypicalCase, TypicalCaseHistory
from .rules import (
    BASIS,
    EDITABLE_STATES,
    OWN_AGENCY_ONLY,
    PERMISSION,
    PRIVACY,
    TEXT_FIELDS,
    TEXT_LIMIT,
    TITLE_LIMIT,
    WORKFLOW,
    Action,
    Known,
    State,
    describe,
    findings,
)

MODEL = "publication.typicalcase"
_FIELDS = list(TypicalCase.AUDIT_FIELDS)
_LABELS = {
    "title": gettext_lazy("标题"),
    "summary": gettext_lazy("案情简介"),
    "lessons": gettext_lazy("典型意义"),
}


def _outside() -> str:
    return _("该典型案例不在您的辖区内")


def case_for_check(case_id: int) -> EnforcementCase:
    """The case with everything `known_of` and the proposal read, in a fixed number of queries."""
    return (
        EnforcementCase.objects.select_related("region", "agency", "employer", "clue")
        .prefetch_related(
            "workers",
            "transfers",
            Prefetch("decisions", Decision.objects.select_related("document")),
            "persons__person",
            "interviews",
            "statements",
        )
        .get(pk=case_id)
    )


def known_of(case: EnforcementCase) -> Known:
    """Who on the case may not be named, and their ID and phone numbers on file: the workers,
    the reporter, interviewees, speakers and every person but the legal representative (whose ID
    number is still personal data)."""
    ids = [w.id_number for w in case.workers.all()]
    ids += [p.person.id_number for p in case.persons.all()]
    phones: list[str] = []
    if case.clue is not None:
        ids.append(case.clue.id_number)
        phones.append(case.clue.phone)
    legal = {p.person.name for p in case.persons.all() if p.role == PersonRole.LEGAL_REPRESENTATIVE}
    return Known(
        names=tuple(n for n in personal_names(case) if n not in legal),
        id_numbers=tuple(i for i in ids if i),
        phones=tuple(p for p in phones if p),
    )


def check_text(case: EnforcementCase, data: dict[str, str]) -> None:
    """Refuses public text holding personal data of the case, or any ID, mobile, landline or
    bank card number or e-mail address: one error per field, naming the field and what was found
    (masked). Nothing is redacted silently: the editor rewrites it."""
    known = known_of(case)
    errors: dict[str, str] = {}
    for name in TEXT_FIELDS:
        text = data.get(name) or ""
        found = findings(text, known, personal_data_hits(text, known.names))
        if found:
            errors[name] = _(
                "“%(field)s”将向社会公开，不得包含个人信息，发现：%(found)s（%(law)s）"
            ) % {"field": _LABELS[name], "found": describe(found), "law": PRIVACY}
    if errors:
        raise ValidationError(errors)


def _require_decided(case: EnforcementCase) -> None:
    """Only a decided case is told: until then the violation is not established and the unit
    may not be named (Decree 724 art. 47)."""
    if case.state not in DECIDED_STATES:
        raise ValidationError(
            {
                "case": _("只能从已作出处理决定或已结案的案件编写典型案例（%(law)s）")
                % {"law": BASIS}
            }
        )


def _clean(data: dict) -> dict[str, str]:
    out = {name: str(data.get(name) or "").strip() for name in TEXT_FIELDS}
    if not out["title"]:
        raise ValidationError({"title": _("请填写标题")})
    if not out["summary"]:
        raise ValidationError({"summary": _("请填写案情简介")})
    if len(out["title"]) > TITLE_LIMIT:
        raise ValidationError({"title": _("不超过 %(limit)s 个字") % {"limit": TITLE_LIMIT}})
    for name in ("summary", "lessons"):
        if len(out[name]) > TEXT_LIMIT:
            raise ValidationError({name: _("不超过 %(limit)s 个字") % {"limit": TEXT_LIMIT}})
    return out


def _own_bureau(user: User, agency_id: int, agency_name: str) -> None:
    if not user.is_superuser and user.agency_id != agency_id:
        raise PermissionDenied(
            _("典型案例由作出处理决定的机关（%(agency)s）编写和发布") % {"agency": agency_name}
        )


def proposed(case: EnforcementCase) -> dict[str, str]:
    """The text first offered for a case: amounts and measures, never a person's name (the
    case's own 案情摘要 is left out: it is written for the file and names the workers)."""
    workers = [w for w in case.workers.all() if w.amount_owed > 0]
    owed = sum((w.amount_owed for w in workers), Decimal(0))
    text = proposed_text(case)
    unit = text["unit_name"]
    return {
        "title": f"{unit}拖欠农民工工资案"[:TITLE_LIMIT],
        "summary": (
            f"{unit}拖欠 {len(workers)} 名农民工工资共计 {yuan(owed)} 元。{text['handling']}"
        )[:TEXT_LIMIT],
        "lessons": "",
    }


@transaction.atomic
def create(user: User, case: EnforcementCase, **data) -> TypicalCase:
    """编写典型案例 from a decided case of the user's own bureau."""
    case = case_for_check(case.pk)
    check_may(user, "add", MODEL, case.region_id, _("该案件不在您的辖区内"))
    _own_bureau(user, case.agency_id, case.agency.name)
    _require_decided(case)
    text = _clean(data)
    check_text(case, text)
    employer = (case.employer.name if case.employer else "") or case.employer_name
    typical = TypicalCase.objects.create(
        case=case,
        region=case.region,
        agency=case.agency,
        employer_name=employer,
        created_by=user,
        edited_by=user,
        **text,
    )
    TypicalCaseHistory.write(typical, "create", user, "", data={"case": case.number})
    audit.record(
        "typical_case.create",
        obj=typical,
        actor=user,
        after={"case": case.number, **audit.snapshot(typical, _FIELDS)},
    )
    return typical


def _locked(typical: TypicalCase) -> TypicalCase:
    return (
        TypicalCase.objects.select_for_update(of=("self",))
        .select_related("agency", "region")
        .get(pk=typical.pk)
    )


@transaction.atomic
def edit(user: User, typical: TypicalCase, **data) -> TypicalCase:
    """Changes a draft's text; refused when it would hold personal data."""
    typical = _locked(typical)
    check_may(user, "add", MODEL, typical.region_id, _outside())
    _own_bureau(user, typical.agency_id, typical.agency.name)
    if typical.state not in EDITABLE_STATES:
        raise ValidationError(
            {"state": _("典型案例%(state)s，不能修改") % {"state": State(typical.state).label}}
        )
    text = _clean(data)
    check_text(case_for_check(typical.case_id), text)
    before = audit.snapshot(typical, _FIELDS)
    for name, value in text.items():
        setattr(typical, name, value)
    typical.edited_by, typical.edited_at = user, timezone.now()
    typical.save()
    TypicalCaseHistory.write(typical, "edit", user, typical.state)
    audit.record(
        "typical_case.edit",
        obj=typical,
        actor=user,
        before=before,
        after=audit.snapshot(typical, _FIELDS),
    )
    return typical


def refusal(typical: TypicalCase, action: str, user: User) -> str:
    """Why `user` may not take `action`, "" when they may: the role's verb, the jurisdiction and
    the case's own bureau."""
    if not user.can(PERMISSION[action], MODEL):
        return _("您的角色不能执行此操作")
    if not user.in_jurisdiction(typical.region_id):
        return _outside()
    if action in OWN_AGENCY_ONLY and not user.is_superuser and user.agency_id != typical.agency_id:
        return _("典型案例由作出处理决定的机关（%(agency)s）编写和发布") % {
            "agency": typical.agency.name
        }
    return ""


@transaction.atomic
def transition(typical: TypicalCase, action: str, user: User, **data) -> TypicalCase:
    """The only way a typical case changes state: publish (the text is checked once more against
    the case as it now stands, and the case must still be decided), withdraw (with a reason: the
    public copy and the feeds drop it at once), redraft (a withdrawn case back to draft)."""
    typical = _locked(typical)
    if action not in Action.values:
        raise ValidationError({"action": _("未知的操作")})
    reason = refusal(typical, action, user)
    if reason:
        raise PermissionDenied(reason)
    target = WORKFLOW.next_or_error(typical.state, action)
    note = str(data.get("note") or "").strip()
    before_state = typical.state
    before = audit.snapshot(typical, _FIELDS)
    now = timezone.now()
    if action == Action.PUBLISH:
        case = case_for_check(typical.case_id)
        _require_decided(case)
        check_text(case, {name: getattr(typical, name) for name in TEXT_FIELDS})
        typical.published_on = data.get("published_on") or timezone.localdate()
        typical.published_by, typical.published_at = user, now
        typical.withdrawn_by, typical.withdrawn_at, typical.withdraw_reason = None, None, ""
    elif action == Action.WITHDRAW:
        if not note:
            raise ValidationError({"note": _("请填写撤回理由")})
        typical.withdrawn_by, typical.withdrawn_at, typical.withdraw_reason = user, now, note
    typical.state = target
    typical.save()
    TypicalCaseHistory.write(typical, action, user, before_state, note=note)
    audit.record(
        f"typical_case.{action}",
        obj=typical,
        actor=user,
        before=before,
        after=audit.snapshot(typical, _FIELDS),
        reason=note,
    )
    drafter = typical.created_by
    if drafter is not None and drafter.pk != user.pk:
        text = _("典型案例“%(title)s”：%(action)s") % {
            "title": typical.title,
            "action": Action(action).label,
        }
        url = f"/publications/typical/{typical.pk}/"
        transaction.on_commit(lambda: notify([drafter], text, url))
    return typical
