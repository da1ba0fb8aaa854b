"""Every change to assignments (交办) and to the leading group: permission, jurisdiction,
transition, deadline, history, audit and in-app notices, all in one transaction (DESIGN:
Workflow); and the scheduled reminders and overdue escalation.

Who may do what:
- assign: a role with ("add", "campaigns.assignment") at an HRSS bureau, to another department's
  agency of its division or one below it (its jurisdiction);
- answer (答复): a role with ("answer", ...) at the agency the matter was assigned to;
- accept (确认办结) or return (退回重办): ("decide", ...) at the bureau that assigned it;
- keep the leading group of a division: ("change", "campaigns.leadinggroup") at that division's
  HRSS bureau, where the group's office sits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, calendar, files
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.parties.models import Enterprise
from wageguard.projects.models import Project
from wageguard.regions.models import Region

from ..models import LedgerItem
from . import rules
from .models import (
    Assignment,
    AssignmentFile,
    AssignmentHistory,
    AssignmentSettings,
    AssignmentStep,
    GroupContact,
    GroupMember,
    LeadingGroup,
)
from .rules import Action, AssignmentState, Step

MODEL = "campaigns.assignment"
GROUP_MODEL = "campaigns.leadinggroup"
MAX_TEXT = 4000
MAX_FILES = 5
FIELDS = [
    "subject",
    "details",
    "agency",
    "region",
    "assigned_by_agency",
    "assigned_at",
    "workdays",
    "due_date",
    "due_provisional",
    "ledger_item",
    "project",
    "enterprise",
    "state",
    "reply",
    "answered_by",
    "answered_at",
    "decision_note",
    "decided_by",
    "decided_at",
    "escalated_to",
]
# Who at a department gets its notices: its own users who answer.
DEPARTMENT_ROLES = (Role.DEPARTMENT,)
# Who at an HRSS bureau gets notices of answers and escalations: its leaders.
LEADER_ROLES = (Role.SUPERVISOR, Role.TASKFORCE)


def settings_row() -> AssignmentSettings:
    return AssignmentSettings.for_province()


def _url(assignment: Assignment) -> str:
    return f"/campaigns/assignments/{assignment.pk}/"


# --- assigning -----------------------------------------------------------------------------


def may_assign(actor: User) -> bool:
    """An HRSS bureau's user whose role may assign."""
    return bool(
        actor.can("add", MODEL)
        and actor.agency_id is not None
        and actor.agency.kind == AgencyKind.HRSS
    )


def assignable_agencies(actor: User) -> QuerySet:
    """The other departments' agencies `actor`'s bureau may assign to: its division's and those
    below it, active, never an HRSS bureau."""
    if not may_assign(actor):
        return Agency.objects.none()
    return (
        Agency.objects.restrict(actor, "view")
        .filter(active=True)
        .exclude(kind=AgencyKind.HRSS)
        .select_related("region")
        .order_by("region_id", "kind")
    )


def _text(data: dict, name: str, errors: dict, message: str, limit: int = MAX_TEXT) -> str:
    value = (data.get(name) or "").strip()
    if not value:
        errors[name] = message
    elif len(value) > limit:
        errors[name] = _("不能超过 %(n)s 字") % {"n": limit}
    return value


def _visible(model: Any, actor: User, value: Any) -> Any:
    """A linked row only when the actor may see it: an id or an instance, None when absent."""
    if value in (None, ""):
        return None
    pk = getattr(value, "pk", value)
    return model.objects.restrict(actor, "view").filter(pk=pk).first() or False


def _existing(model: Any, value: Any) -> Any:
    """A linked row of public reference data (an enterprise): None when absent, False when
    unknown."""
    if value in (None, ""):
        return None
    return model.objects.filter(pk=getattr(value, "pk", value)).first() or False


def assign(actor: User, **data: Any) -> Assignment:
    """交办: `agency` (an Agency or its id), `subject`, `details`, optional `workdays` (the
    province's default otherwise), `ledger_item`, `project`, `enterprise`. Refusals name the
    field. The reply deadline is computed once, with core.calendar, and stored."""
    if not may_assign(actor):
        raise PermissionDenied(_("无权交办事项"))
    errors: dict[str, str] = {}
    subject = _text(data, "subject", errors, _("请填写事项"), 200)
    details = _text(data, "details", errors, _("请填写交办内容"))
    agency = data.get("agency")
    pk = getattr(agency, "pk", agency)
    agency = assignable_agencies(actor).filter(pk=pk).first() if pk else None
    if agency is None:
        errors["agency"] = _("承办单位须为本辖区内的其他部门")
    workdays = data.get("workdays")
    if workdays in (None, ""):
        workdays = settings_row().reply_workdays
    if not isinstance(workdays, int) or not (
        rules.MIN_REPLY_WORKDAYS <= workdays <= rules.MAX_REPLY_WORKDAYS
    ):
        errors["workdays"] = _("答复期限须为 %(lo)s 至 %(hi)s 个工作日") % {
            "lo": rules.MIN_REPLY_WORKDAYS,
            "hi": rules.MAX_REPLY_WORKDAYS,
        }
    links = {}
    for name, found, message in (
        (
            "ledger_item",
            _visible(LedgerItem, actor, data.get("ledger_item")),
            _("问题台账条目不存在或不在您的辖区内"),
        ),
        (
            "project",
            _visible(Project, actor, data.get("project")),
            _("工程项目不存在或不在您的辖区内"),
        ),
        ("enterprise", _existing(Enterprise, data.get("enterprise")), _("企业不存在")),
    ):
        if found is False:
            errors[name] = message
        links[name] = found or None
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    due = calendar.add_workdays(timezone.localdate(now), workdays)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            subject=subject,
            details=details,
            agency=agency,
            region_id=agency.region_id,
            assigned_by_agency=actor.agency,
            assigned_by=actor,
            assigned_at=now,
            workdays=workdays,
            due_date=due.date,
            due_provisional=due.provisional,
            **links,
        )
        AssignmentHistory.write(assignment, "assign", actor, "", note=details)
        audit.record(
            "assignment.assign",
            obj=assignment,
            actor=actor,
            after=audit.snapshot(assignment, FIELDS),
        )
        notify(
            leaders_of(agency, DEPARTMENT_ROLES),
            _("%(by)s交办：%(subject)s，请于 %(due)s 前答复")
            % {"by": actor.agency.name, "subject": subject, "due": f"{due.date:%m月%d日}"},
            _url(assignment),
        )
    return assignment


# --- who may act ---------------------------------------------------------------------------


def may_act(actor: User, assignment: Assignment, action: str) -> bool:
    """Whether `actor` may apply `action` to `assignment`, its state aside."""
    verb = rules.ACTION_PERMISSION.get(action)
    if verb is None or not actor.can(verb, MODEL) or actor.agency_id is None:
        return False
    if not actor.in_jurisdiction(assignment.region_id):
        return False
    if action == Action.ANSWER:
        return actor.agency_id == assignment.agency_id
    return actor.agency_id == assignment.assigned_by_agency_id


def available_actions(actor: User, assignment: Assignment) -> list[str]:
    """The actions `actor` may take on `assignment` now, in the table's order."""
    return [a for a in rules.WORKFLOW.allowed(assignment.state) if may_act(actor, assignment, a)]


# --- changes -------------------------------------------------------------------------------


def _locked(assignment: Assignment) -> Assignment | None:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .select_related("agency__region", "assigned_by_agency")
        .filter(pk=assignment.pk)
        .first()
    )


def _note(action: str, note: str | None) -> str:
    note = (note or "").strip()
    if not note and action != Action.ACCEPT:
        message = _("请填写答复内容") if action == Action.ANSWER else _("请填写退回意见")
        raise ValidationError({"note": message})
    if len(note) > MAX_TEXT:
        raise ValidationError({"note": _("不能超过 %(n)s 字") % {"n": MAX_TEXT}})
    return note


def transition(
    actor: User,
    assignment: Assignment,
    action: str,
    note: str = "",
    uploads: Iterable[UploadedFile] = (),
) -> Assignment:
    """The one way an assignment changes: answer (with the reply in `note` and files), accept,
    or return (with a note). Refusals name the field (`action`, `note`, `files`)."""
    if action not in Action.values:
        raise ValidationError({"action": _("未知操作")})
    note = _note(action, note)
    uploads = list(uploads or [])
    if len(uploads) > MAX_FILES:
        raise ValidationError({"files": _("附件最多 %(n)s 个") % {"n": MAX_FILES}})
    if uploads and action != Action.ANSWER:
        raise ValidationError({"files": _("只有答复时可以上传附件")})
    stored: list[AssignmentFile] = []
    try:
        with transaction.atomic():
            locked = _apply(actor, assignment, action, note, uploads, stored)
    except Exception:
        files.discard(stored)
        raise
    return locked


def _apply(
    actor: User,
    assignment: Assignment,
    action: str,
    note: str,
    uploads: list[UploadedFile],
    stored: list[AssignmentFile],
) -> Assignment:
    # Lock the row and decide on its committed state, so two clicks never both apply.
    locked = _locked(assignment)
    if locked is None or not may_act(actor, locked, action):
        raise PermissionDenied(_("无权对该交办事项执行此操作"))
    before_state = locked.state
    new_state = rules.WORKFLOW.next_or_error(locked.state, action)
    before = audit.snapshot(locked, FIELDS)
    now = timezone.now()
    data: dict[str, Any] = {}
    if action == Action.ANSWER:
        for upload in uploads:
            row = AssignmentFile(assignment=locked, uploaded_by=actor)
            files.save_file(row, upload, "files")
            stored.append(row)
            row.save()
        data["files"] = [row.original_name for row in stored]
        locked.reply, locked.answered_by, locked.answered_at = note, actor, now
        recipients = leaders_of(locked.assigned_by_agency, LEADER_ROLES)
        if locked.assigned_by_id not in {u.pk for u in recipients}:
            recipients += list(User.objects.filter(pk=locked.assigned_by_id, is_active=True))
        text = _("%(agency)s已答复交办事项：%(subject)s")
    else:
        locked.decision_note, locked.decided_by, locked.decided_at = note, actor, now
        recipients = leaders_of(locked.agency, DEPARTMENT_ROLES)
        text = (
            _("交办事项已确认办结：%(subject)s")
            if action == Action.ACCEPT
            else _("交办事项被退回重办：%(subject)s")
        )
    locked.state = new_state
    locked.save()
    AssignmentHistory.write(locked, action, actor, before_state, note=note, data=data)
    audit.record(
        f"assignment.{action}",
        obj=locked,
        actor=actor,
        before=before,
        after=audit.snapshot(locked, FIELDS),
        reason=note,
    )
    notify(
        recipients,
        text % {"agency": locked.agency.name, "subject": locked.subject},
        _url(locked),
    )
    return locked


# --- reminders and overdue escalation ------------------------------------------------------


@dataclass
class Report:
    reminders: list[int] = field(default_factory=list)
    escalations: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"assignment reminders: {len(self.reminders)}",
            f"assignments escalated: {len(self.escalations)}",
        ]


def escalation_target(assignment: Assignment) -> Agency:
    """The bureau a level above the assigning one; at the top (the province's department),
    the assigning department itself, whose leaders are told."""
    return assignment.assigned_by_agency.parent or assignment.assigned_by_agency


def _step(
    assignment: Assignment,
    kind: str,
    to: Agency,
    users: list[User],
    text: str,
    now: dt.datetime,
    dry_run: bool,
) -> bool:
    """Takes one step once per assignment, kind and deadline; False when already taken."""
    taken = AssignmentStep.objects.filter(
        assignment=assignment, kind=kind, due_date=assignment.due_date
    )
    if dry_run:
        return not taken.exists()
    try:
        with transaction.atomic():
            AssignmentStep.objects.create(
                assignment=assignment,
                kind=kind,
                due_date=assignment.due_date,
                to_agency=to,
                at=now,
                note=text[:300],
            )
            if kind == Step.ESCALATION:
                Assignment.objects.filter(pk=assignment.pk).update(escalated_to=to)
            notify(users, text, _url(assignment))
            audit.record(
                f"assignment.{kind}",
                obj=assignment,
                after={"to": to.name, "due_date": assignment.due_date, "note": text},
            )
    except IntegrityError:  # another run took it a moment ago
        return False
    return True


def remind_and_escalate(today: dt.date | None = None, dry_run: bool = False) -> Report:
    """Reminds the department of assignments due within the province's reminder margin, and
    escalates those not answered by their deadline to the bureau above the assigning one. Safe
    to run at any time: each step is taken once per deadline."""
    today = today or timezone.localdate()
    now = timezone.now()
    margin = settings_row().reminder_workdays
    soon = calendar.add_workdays(today, margin).date
    report = Report()
    waiting = Assignment.objects.filter(state=AssignmentState.ASSIGNED).select_related(
        "agency", "assigned_by_agency__parent"
    )
    for a in waiting.filter(due_date__gte=today, due_date__lte=soon).iterator(chunk_size=500):
        text = _("交办事项“%(subject)s”将于 %(due)s 到期，请及时答复") % {
            "subject": a.subject,
            "due": f"{a.due_date:%m月%d日}",
        }
        users = leaders_of(a.agency, DEPARTMENT_ROLES)
        if _step(a, Step.REMINDER, a.agency, users, text, now, dry_run):
            report.reminders.append(a.pk)
    for a in waiting.filter(due_date__lt=today).iterator(chunk_size=500):
        to = escalation_target(a)
        text = _("%(agency)s未在 %(due)s 前答复交办事项“%(subject)s”（%(by)s交办），已逾期") % {
            "agency": a.agency.name,
            "subject": a.subject,
            "by": a.assigned_by_agency.name,
            "due": f"{a.due_date:%m月%d日}",
        }
        if _step(a, Step.ESCALATION, to, leaders_of(to, LEADER_ROLES), text, now, dry_run):
            report.escalations.append(a.pk)
    return report


# --- the leading group ---------------------------------------------------------------------


def group_name(region: Region) -> str:
    return _("%(region)s根治拖欠农民工工资工作领导小组") % {"region": region.name}


def may_keep_group(actor: User, region_id: str) -> bool:
    """The HRSS bureau of the division keeps its group (the group's office sits there)."""
    agency = actor.agency if actor.agency_id else None
    return bool(
        actor.can("change", GROUP_MODEL)
        and agency is not None
        and agency.kind == AgencyKind.HRSS
        and agency.region_id == region_id
    )


def _group_for(actor: User, region: Region) -> LeadingGroup:
    if not may_keep_group(actor, region.code):
        raise PermissionDenied(_("领导小组由本级人社部门维护"))
    group, _created = LeadingGroup.objects.get_or_create(
        region=region, defaults={"name": group_name(region), "office": actor.agency}
    )
    return group


def member_agencies(region: Region) -> QuerySet:
    """The agencies of the division that may sit in its group: every department of it."""
    return Agency.objects.filter(region=region, active=True).order_by("kind")


@transaction.atomic
def add_member(
    actor: User, region: Region, *, agency: Any, role: str, duties: str = ""
) -> GroupMember:
    group = _group_for(actor, region)
    pk = getattr(agency, "pk", agency)
    found = member_agencies(region).filter(pk=pk).first() if pk else None
    errors = {}
    if found is None:
        errors["agency"] = _("成员单位须为本级的部门")
    elif group.members.filter(agency=found).exists():
        errors["agency"] = _("该单位已是成员单位")
    if role not in rules.GroupRole.values:
        errors["role"] = _("请选择小组职务")
    duties = (duties or "").strip()
    if len(duties) > 300:
        errors["duties"] = _("不能超过 %(n)s 字") % {"n": 300}
    if errors:
        raise ValidationError(errors)
    member = GroupMember.objects.create(group=group, agency=found, role=role, duties=duties)
    audit.record(
        "group.member_add",
        obj=group,
        actor=actor,
        after={"agency": found.name, "role": role, "duties": duties},
    )
    return member


@transaction.atomic
def remove_member(actor: User, region: Region, *, member: Any) -> None:
    group = _group_for(actor, region)
    pk = getattr(member, "pk", member)
    found = group.members.select_related("agency").filter(pk=pk).first() if pk else None
    if found is None:
        raise ValidationError({"member": _("成员单位不存在")})
    contacts = found.contacts.count()
    found.delete()
    audit.record(
        "group.member_remove",
        obj=group,
        actor=actor,
        before={"agency": found.agency.name, "role": found.role, "contacts": contacts},
    )


@transaction.atomic
def add_contact(
    actor: User, region: Region, *, member: Any, name: str, post: str, phone: str
) -> GroupContact:
    group = _group_for(actor, region)
    pk = getattr(member, "pk", member)
    found = group.members.filter(pk=pk).first() if pk else None
    errors: dict[str, str] = {}
    if found is None:
        errors["member"] = _("请选择成员单位")
    data = {"name": name, "post": post, "phone": phone}
    name = _text(data, "name", errors, _("请填写姓名"), 50)
    post = _text(data, "post", errors, _("请填写职务"), 100)
    phone = _text(data, "phone", errors, _("请填写联系电话"), 20)
    digits = phone.replace("-", "").replace(" ", "")
    if phone and "phone" not in errors and (not digits.isdigit() or len(digits) < 7):
        errors["phone"] = _("联系电话格式不正确")
    if errors:
        raise ValidationError(errors)
    contact = GroupContact.objects.create(member=found, name=name, post=post, phone=phone)
    # The audit log keeps the contact without the number (core.audit masks personal data).
    audit.record(
        "group.contact_add",
        obj=group,
        actor=actor,
        after={"member": found.agency_id, "name": name, "post": post},
    )
    return contact


@transaction.atomic
def remove_contact(actor: User, region: Region, *, contact: Any) -> None:
    group = _group_for(actor, region)
    pk = getattr(contact, "pk", contact)
    found = GroupContact.objects.filter(member__group=group, pk=pk).first() if pk else None
    if found is None:
        raise ValidationError({"contact": _("联络员不存在")})
    found.delete()
    audit.record(
        "group.contact_remove",
        obj=group,
        actor=actor,
        before={"name": found.name, "post": found.post},
    )
