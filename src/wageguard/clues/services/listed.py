"""Listed supervision (挂牌督办): a prefecture or the province lists a clue with its own deadline,
the handling bureau reports back, the listing level closes the item (销号) or returns the report.

A level lists one clue once while its listing is open: the database refuses a second open row
(`uniq_clue_open_listing`) and the service says so first, naming the field. The same official
submitting the same requirement again (a double click) gets the existing listing back instead.
Reminders before and after the deadline come from the daily job `clues.listed-reminders`, at most
one a day per item (`SupervisionReminder`).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.calendar import add_workdays
from wageguard.core.deadlines import soon_limit
from wageguard.org.models import User
from wageguard.org.rules import Role
from wageguard.org.services import leaders_of, notify
from wageguard.regions.models import Level

from ..models import Clue, ClueSettings, Supervision, SupervisionReminder
from ..rules import ListedReminder, ListedReview, ListedState, State, listed_reminder_due

# A repeat of the same listing by the same official within this window is a double click.
DOUBLE_SUBMIT_SECONDS = 600
# States in which a clue can no longer be listed: its handling is over or lives on elsewhere.
UNLISTABLE_STATES = (State.CLOSED, State.MERGED)
HANDLER_ROLES = (Role.SUPERVISOR, Role.INSPECTOR)
LISTER_ROLES = (Role.SUPERVISOR, Role.TASKFORCE)


def default_due(today: dt.date | None = None) -> dt.date:
    """The province's listed-supervision limit from today, in working days."""
    today = today or timezone.localdate()
    return add_workdays(today, ClueSettings.for_province().supervision_days).date


def _url(clue: Clue) -> str:
    return f"/clues/{clue.pk}/"


def _open_listing(clue: Clue, level: str) -> Supervision | None:
    return (
        Supervision.objects.filter(
            clue=clue, kind=Supervision.Kind.LISTED, level=level, closed_at__isnull=True
        )
        .select_related("by_agency")
        .first()
    )


def _duplicate(existing: Supervision) -> ValidationError:
    return ValidationError(
        {
            "clue": _("%(agency)s已于 %(day)s 对该线索挂牌督办（期限 %(due)s），销号前不能重复挂牌")
            % {
                "agency": existing.by_agency.name,
                "day": f"{timezone.localtime(existing.created_at):%Y-%m-%d}",
                "due": f"{existing.due_date:%Y-%m-%d}",
            }
        }
    )


def check_can_list(clue: Clue, user: User) -> None:
    if not user.can("supervise", "clues.clue") or not user.in_jurisdiction(clue.region_id):
        raise PermissionDenied(_("无权对该线索挂牌督办"))
    if user.agency is None or user.agency.region.level == Level.COUNTY:
        raise PermissionDenied(_("挂牌督办由市级或省级作出"))


@transaction.atomic
def list_for_supervision(
    clue: Clue, user: User, note: str, due_date: dt.date | None = None
) -> Supervision:
    """挂牌督办 by a prefecture or the province: its own deadline (the province's default unless
    the official sets one), reported back by the handling bureau."""
    check_can_list(clue, user)
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("请填写督办要求")})
    clue = Clue.objects.select_for_update().get(pk=clue.pk)
    if clue.state in UNLISTABLE_STATES:
        raise ValidationError(
            {"clue": _("线索%(state)s，不能挂牌督办") % {"state": clue.get_state_display()}}
        )
    today = timezone.localdate()
    if due_date is not None and due_date <= today:
        raise ValidationError({"due_date": _("督办期限须晚于今天")})
    level = user.agency.region.level
    existing = _open_listing(clue, level)
    if existing is not None:
        recent = timezone.now() - existing.created_at < dt.timedelta(seconds=DOUBLE_SUBMIT_SECONDS)
        if existing.created_by_id == user.pk and existing.note == note and recent:
            return existing  # the same submit again: idempotent
        raise _duplicate(existing)
    due = due_date or default_due(today)
    try:
        with transaction.atomic():
            row = Supervision.objects.create(
                clue=clue,
                kind=Supervision.Kind.LISTED,
                by_agency=user.agency,
                level=level,
                created_by=user,
                due_date=due,
                due_by_default=due_date is None,
                note=note,
            )
    except IntegrityError:  # another request listed it between our check and our insert
        existing = _open_listing(clue, level)
        if existing is None:
            raise
        raise _duplicate(existing) from None
    notify(
        _handlers(clue),
        f"挂牌督办：线索 {clue.tracking_code}，{due:%m月%d日} 前报告办理情况",
        _url(clue),
    )
    audit.record(
        "clue.listed_supervision",
        obj=clue,
        actor=user,
        after={"level": level, "due": due, "due_by_default": due_date is None, "note": note},
    )
    return row


def _handlers(clue: Clue) -> list[User]:
    users = leaders_of(clue.agency, HANDLER_ROLES)
    if clue.assignee_id and clue.assignee.is_active and clue.assignee not in users:
        users.append(clue.assignee)
    return users


def _state(row: Supervision) -> str:
    return row.get_listed_state_display()


def _locked(supervision: Supervision) -> Supervision:
    return (
        Supervision.objects.select_for_update()
        .select_related("clue", "by_agency")
        .get(pk=supervision.pk, kind=Supervision.Kind.LISTED)
    )


@transaction.atomic
def report_back(supervision: Supervision, user: User, report: str) -> Supervision:
    """The handling bureau reports what it did; the listing level then closes or returns it."""
    clue = supervision.clue
    if not user.can("change", "clues.clue") or not user.in_jurisdiction(clue.region_id):
        raise PermissionDenied(_("无权报告该督办事项"))
    report = report.strip()
    if not report:
        raise ValidationError({"report": _("请填写办理情况")})
    row = _locked(supervision)
    if row.listed_state == ListedState.REPORTED and row.report == report:
        return row  # the same report submitted twice
    if row.listed_state != ListedState.LISTED:
        raise ValidationError(
            {"report": _("该督办事项%(state)s，无需再报告") % {"state": _state(row)}}
        )
    row.report, row.reported_at, row.reported_by = report, timezone.now(), user
    row.save(update_fields=["report", "reported_at", "reported_by"])
    notify(
        leaders_of(row.by_agency, LISTER_ROLES),
        f"线索 {clue.tracking_code} 已报告督办办理情况，请审核销号",
        _url(clue),
    )
    audit.record("clue.supervision_report", obj=clue, actor=user, after={"report": report})
    return row


def check_can_review(supervision: Supervision, user: User) -> None:
    """Only the level that listed an item closes or returns it."""
    if not user.can("supervise", "clues.clue") or user.agency_id != supervision.by_agency_id:
        raise PermissionDenied(_("只有挂牌督办的机构可以销号或退回"))


@transaction.atomic
def review(
    supervision: Supervision,
    user: User,
    decision: str,
    note: str = "",
    due_date: dt.date | None = None,
) -> Supervision:
    """The listing level closes a reported item (销号) or returns it to be reported again, with
    a reason and, if it likes, a new deadline."""
    check_can_review(supervision, user)
    row = _locked(supervision)
    note = note.strip()
    if decision not in ListedReview.values:
        raise ValidationError({"decision": _("审核结论须为销号或退回重报")})
    if decision == ListedReview.CLOSE and row.listed_state == ListedState.CLOSED:
        return row  # closed already: a double click
    if row.listed_state != ListedState.REPORTED:
        raise ValidationError(
            {"decision": _("该督办事项%(state)s，不能审核") % {"state": _state(row)}}
        )
    clue = row.clue
    if decision == ListedReview.CLOSE:
        row.closed_at, row.closed_by, row.review_note = timezone.now(), user, note
        row.save(update_fields=["closed_at", "closed_by", "review_note"])
        text = f"线索 {clue.tracking_code} 的挂牌督办事项已销号"
    else:
        if not note:
            raise ValidationError({"note": _("请填写退回理由")})
        if due_date is not None and due_date <= timezone.localdate():
            raise ValidationError({"due_date": _("督办期限须晚于今天")})
        row.reported_at, row.reported_by, row.review_note = None, None, note
        row.returned_count += 1
        fields = ["reported_at", "reported_by", "review_note", "returned_count"]
        if due_date is not None:
            row.due_date, row.due_by_default = due_date, False
            fields += ["due_date", "due_by_default"]
        row.save(update_fields=fields)
        text = (
            f"线索 {clue.tracking_code} 的督办报告被退回：{note}；"
            f"请于 {row.due_date:%m月%d日} 前重新报告"
        )
    notify(_handlers(clue), text, _url(clue))
    audit.record(
        f"clue.supervision_{decision}",
        obj=clue,
        actor=user,
        after={"supervision": row.pk, "note": note, "due": row.due_date},
    )
    return row


@dataclass
class Reminders:
    before: list[int] = field(default_factory=list)
    overdue: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [
            f"listed supervision reminders: {len(self.before)}",
            f"listed supervision overdue: {len(self.overdue)}",
        ]


def remind(today: dt.date | None = None, dry_run: bool = False) -> Reminders:
    """Reminds handling bureaus of listed items awaiting their report: from the due-soon margin
    before the deadline, and each day after it (the listing level hears of the first overdue
    day). Safe to run at any time: one reminder per item and day."""
    today = today or timezone.localdate()
    limit = soon_limit(today, ClueSettings.for_province().due_soon_days)
    out = Reminders()
    waiting = Supervision.objects.filter(
        kind=Supervision.Kind.LISTED,
        closed_at__isnull=True,
        reported_at__isnull=True,
        due_date__lte=limit,
    ).select_related("clue__agency", "clue__assignee", "by_agency")
    for row in waiting.iterator(chunk_size=500):
        kind = listed_reminder_due(row.due_date, today, limit, False, False)
        if kind is None:
            continue
        bucket = out.before if kind == ListedReminder.BEFORE else out.overdue
        if dry_run:
            if not SupervisionReminder.objects.filter(supervision=row, day=today).exists():
                bucket.append(row.pk)
            continue
        if _send(row, kind, today):
            bucket.append(row.pk)
    return out


def _send(row: Supervision, kind: str, today: dt.date) -> bool:
    clue = row.clue
    users = _handlers(clue)
    if kind == ListedReminder.BEFORE:
        text = f"挂牌督办：线索 {clue.tracking_code} 须于 {row.due_date:%m月%d日} 前报告办理情况"
    else:
        text = (
            f"挂牌督办：线索 {clue.tracking_code} 已超过报告期限（{row.due_date:%m月%d日}），"
            "请立即报告办理情况"
        )
    try:
        with transaction.atomic():
            first_overdue = (
                kind == ListedReminder.OVERDUE
                and not row.reminders.filter(kind=ListedReminder.OVERDUE).exists()
            )
            SupervisionReminder.objects.create(
                supervision=row, day=today, kind=kind, sent=len(users)
            )
            notify(users, text, _url(clue))
            if first_overdue:
                notify(
                    leaders_of(row.by_agency, LISTER_ROLES),
                    f"挂牌督办的线索 {clue.tracking_code}（{clue.agency.name}）"
                    f"逾期未报告办理情况（期限 {row.due_date:%m月%d日}）",
                    _url(clue),
                )
    except IntegrityError:  # another run sent today's reminder
        return False
    return True
