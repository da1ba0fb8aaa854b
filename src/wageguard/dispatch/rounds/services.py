"""Every change to dispatch rounds and progress reports: permission, jurisdiction, transition,
history, audit and in-app notices in one transaction (DESIGN: Workflow); the figures a report
shows (the dispatch KPIs of its prefecture and period); and the scheduled reminders.

Who may do what (org/rules.py, "dispatch.progressreport"):
- request (create a round, the next round, return a report): a role with "request" at the
  province's own bureau;
- submit: a role with "submit" at the prefecture's own HRSS bureau (the province never writes a
  prefecture's report);
- view: the province sees every report, a prefecture its own; a county sees none (its
  jurisdiction does not hold the prefecture's code).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User
from wageguard.org.rules import Role
from wageguard.org.services import agency_for, leaders_of, notify
from wageguard.regions.models import Level, Region

from ..kpis import KPIS, Figure, Scope, compute
from . import rules
from .models import DispatchRound, ProgressReport, ProgressReportHistory, ProgressReportReminder
from .rules import Action, ReportState

MODEL = "dispatch.progressreport"
FIELDS = ["state", "narrative", "explanations", "computed_at", "submitted_at", "return_note"]
# Who at a prefecture's bureau writes and is reminded: its leaders.
REPORTER_ROLES = (Role.SUPERVISOR,)


# --- who sees what -------------------------------------------------------------------------


def may_view(user: Any) -> bool:
    return bool(user.is_authenticated and user.can("view", MODEL))


def may_request(user: Any) -> bool:
    """The province's bureau with the "request" verb: creates rounds and returns reports."""
    agency = getattr(user, "agency", None) if getattr(user, "agency_id", None) else None
    return bool(
        user.is_authenticated
        and user.can("request", MODEL)
        and agency is not None
        and agency.region.level == Level.PROVINCE
    )


def visible_reports(user: Any) -> QuerySet:
    return ProgressReport.objects.restrict(user, "view")


def visible_rounds(user: Any) -> QuerySet:
    """Rounds with at least one report the user may see: all for the province, those asking
    the user's own prefecture otherwise, none for a county."""
    return DispatchRound.objects.filter(
        pk__in=visible_reports(user).values("round_id")
    ).select_related("campaign")


def prefectures(province: Region) -> list[Region]:
    return list(
        Region.objects.filter(province_code=province.province_code, level=Level.CITY).order_by(
            "code"
        )
    )


# --- rounds --------------------------------------------------------------------------------


def _round_url(r: DispatchRound) -> str:
    return reverse("dispatch:round", kwargs={"pk": r.pk})


def _report_url(report: ProgressReport) -> str:
    return reverse("dispatch:report", kwargs={"pk": report.pk})


def create_round(
    actor: User,
    *,
    title: str,
    start: dt.date,
    end: dt.date,
    due_date: dt.date,
    cadence: str,
    campaign: Any = None,
    previous: DispatchRound | None = None,
) -> DispatchRound:
    """A round and one report per prefecture of the province, each "requested"; the
    prefectures' bureaus are told. Refusals name the field."""
    if not may_request(actor):
        raise PermissionDenied(_("只有省级可以发起调度"))
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写调度主题")})
    if len(title) > 100:
        raise ValidationError({"title": _("不能超过 %(n)s 字") % {"n": 100}})
    if cadence not in rules.Cadence.values:
        raise ValidationError({"cadence": _("请选择调度频次")})
    if start > end:
        raise ValidationError({"end": _("结束日期不得早于开始日期")})
    if due_date < end:
        raise ValidationError({"due_date": _("报送截止日期不得早于统计期间止")})
    province = actor.agency.region
    with transaction.atomic():
        number = previous.number + 1 if previous is not None else 1
        r = DispatchRound.objects.create(
            title=title,
            number=number,
            region=province,
            start=start,
            end=end,
            due_date=due_date,
            cadence=cadence,
            campaign=campaign,
            previous=previous,
            created_by=actor,
            created_by_agency=actor.agency,
        )
        reports = ProgressReport.objects.bulk_create(
            [ProgressReport(round=r, region=p) for p in prefectures(province)]
        )
        audit.record(
            "dispatch.round_create",
            obj=r,
            actor=actor,
            after={**audit.snapshot(r), "reports": len(reports)},
        )
        text = _("省级发起调度“%(round)s”，请于 %(due)s 前报送进展情况") % {
            "round": str(r),
            "due": f"{due_date:%m月%d日}",
        }
        for report in ProgressReport.objects.filter(round=r).select_related("region"):
            ProgressReportHistory.write(report, Action.REQUEST, actor, "")
            bureau = agency_for(report.region_id)
            if bureau is not None and bureau.region_id == report.region_id:
                notify(leaders_of(bureau, REPORTER_ROLES), text, _report_url(report))
    return r


def next_round(actor: User, previous: DispatchRound) -> DispatchRound:
    """The following round: same title, campaign and cadence, the period and due date shifted
    by the cadence. Only once per round."""
    if not may_request(actor):
        raise PermissionDenied(_("只有省级可以发起调度"))
    if DispatchRound.objects.filter(previous=previous).exists():
        raise ValidationError({"round": _("该轮次的下一轮已经发起")})
    start, end, due = rules.next_period(
        previous.start, previous.end, previous.due_date, previous.cadence
    )
    try:
        return create_round(
            actor,
            title=previous.title,
            start=start,
            end=end,
            due_date=due,
            cadence=previous.cadence,
            campaign=previous.campaign,
            previous=previous,
        )
    except IntegrityError as exc:  # another click created it a moment ago
        raise ValidationError({"round": _("该轮次的下一轮已经发起")}) from exc


# --- figures -------------------------------------------------------------------------------


def _number(value: Any) -> str | None:
    return None if value is None else str(value)


def live_figures(user: Any, report: ProgressReport) -> tuple[list[Figure], dt.datetime]:
    """The dispatch KPIs of the report's prefecture for its round's period (and campaign), as
    `user` may see them: the same computation as the KPI page, without the drill-down."""
    r = report.round
    scope = Scope(report.region, r.start, r.end, r.campaign)
    result = compute(user, scope, drill=False)
    return result.total.figures, result.computed_at


def frozen(figures: list[Figure]) -> list[dict[str, Any]]:
    """Figures as the report keeps them: JSON, the values as decimal strings."""
    return [
        {
            "key": f.kpi.key,
            "label": str(f.kpi.label),
            "unit": str(f.kpi.unit),
            "value": _number(f.value),
            "numerator": _number(f.numerator),
            "denominator": _number(f.denominator),
            "list_url": f.list_url,
        }
        for f in figures
    ]


def kpi_keys() -> list[str]:
    return [k.key for k in KPIS]


def value_of(report: ProgressReport, key: str) -> Decimal | None:
    for row in report.figures:
        if row["key"] == key:
            return None if row["value"] is None else Decimal(row["value"])
    raise KeyError(key)


# --- reports -------------------------------------------------------------------------------


def may_act(actor: Any, report: ProgressReport, action: str) -> bool:
    verb = rules.ACTION_PERMISSION.get(action)
    if verb is None or not actor.is_authenticated or not actor.can(verb, MODEL):
        return False
    if not actor.in_jurisdiction(report.region_id):
        return False
    if action == Action.SUBMIT:
        return getattr(actor, "agency_id", None) is not None and (
            actor.agency.region_id == report.region_id
        )
    return may_request(actor)


def available_actions(actor: Any, report: ProgressReport) -> list[str]:
    return [a for a in rules.WORKFLOW.allowed(report.state) if may_act(actor, report, a)]


def is_late(report: ProgressReport, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    first = report.first_submitted_at
    return rules.is_late(
        report.state,
        report.round.due_date,
        timezone.localdate(first) if first else None,
        today,
    )


def _locked(report: ProgressReport) -> ProgressReport | None:
    return (
        ProgressReport.objects.select_for_update(of=("self",))
        .select_related("round__campaign", "region")
        .filter(pk=report.pk)
        .first()
    )


def submit(
    actor: User, report: ProgressReport, narrative: str, explanations: dict[str, str] | None = None
) -> ProgressReport:
    """The prefecture's report: the narrative (required), an explanation per KPI (optional),
    and the figures computed now and frozen with `computed_at`."""
    narrative = (narrative or "").strip()
    if not narrative:
        raise ValidationError({"narrative": _("请填写工作进展")})
    if len(narrative) > rules.MAX_NARRATIVE:
        raise ValidationError({"narrative": _("不能超过 %(n)s 字") % {"n": rules.MAX_NARRATIVE}})
    keys = set(kpi_keys())
    clean: dict[str, str] = {}
    for key, text in (explanations or {}).items():
        if key not in keys:
            raise ValidationError({f"explain_{key}": _("未知指标")})
        text = (text or "").strip()
        if len(text) > rules.MAX_EXPLANATION:
            raise ValidationError(
                {f"explain_{key}": _("不能超过 %(n)s 字") % {"n": rules.MAX_EXPLANATION}}
            )
        if text:
            clean[key] = text
    with transaction.atomic():
        locked = _locked(report)
        if locked is None or not may_act(actor, locked, Action.SUBMIT):
            raise PermissionDenied(_("无权报送该市（州）的进展情况"))
        before_state = locked.state
        new_state = rules.WORKFLOW.next_or_error(locked.state, Action.SUBMIT)
        before = audit.snapshot(locked, FIELDS)
        figures, computed_at = live_figures(actor, locked)
        now = timezone.now()
        locked.narrative, locked.explanations = narrative, clean
        locked.figures, locked.computed_at = frozen(figures), computed_at
        locked.submitted_at, locked.submitted_by = now, actor
        locked.first_submitted_at = locked.first_submitted_at or now
        locked.state = new_state
        locked.save()
        ProgressReportHistory.write(locked, Action.SUBMIT, actor, before_state, note=narrative)
        audit.record(
            "dispatch.report_submit",
            obj=locked,
            actor=actor,
            before=before,
            after=audit.snapshot(locked, FIELDS),
        )
        notify(
            leaders_of(locked.round.created_by_agency, (Role.TASKFORCE, Role.SUPERVISOR)),
            _("%(region)s已报送进展情况（%(round)s）")
            % {"region": locked.region.name, "round": str(locked.round)},
            _report_url(locked),
        )
    return locked


def return_report(actor: User, report: ProgressReport, note: str) -> ProgressReport:
    """The province sends a submitted report back with a note; the prefecture submits again."""
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写退回意见")})
    if len(note) > rules.MAX_NOTE:
        raise ValidationError({"note": _("不能超过 %(n)s 字") % {"n": rules.MAX_NOTE}})
    with transaction.atomic():
        locked = _locked(report)
        if locked is None or not may_act(actor, locked, Action.RETURN):
            raise PermissionDenied(_("只有省级可以退回进展情况"))
        before_state = locked.state
        new_state = rules.WORKFLOW.next_or_error(locked.state, Action.RETURN)
        before = audit.snapshot(locked, FIELDS)
        locked.state, locked.return_note = new_state, note
        locked.save()
        ProgressReportHistory.write(locked, Action.RETURN, actor, before_state, note=note)
        audit.record(
            "dispatch.report_return",
            obj=locked,
            actor=actor,
            before=before,
            after=audit.snapshot(locked, FIELDS),
            reason=note,
        )
        bureau = agency_for(locked.region_id)
        if bureau is not None:
            notify(
                leaders_of(bureau, REPORTER_ROLES),
                _("进展情况（%(round)s）被省级退回：%(note)s")
                % {"round": str(locked.round), "note": note},
                _report_url(locked),
            )
    return locked


# --- reminders -----------------------------------------------------------------------------


@dataclass
class Reminders:
    sent: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"progress report reminders: {len(self.sent)}"]


def remind(today: dt.date | None = None, dry_run: bool = False) -> Reminders:
    """Reminds each prefecture that has not reported, one day before the round's due date and
    on the day after it. Safe to run at any time: at most one reminder per report and day."""
    today = today or timezone.localdate()
    out = Reminders()
    days = [today + dt.timedelta(days=1), today - dt.timedelta(days=1)]
    waiting = (
        ProgressReport.objects.filter(round__due_date__in=days)
        .exclude(state=ReportState.SUBMITTED)
        .select_related("round", "region")
    )
    for report in waiting.iterator(chunk_size=500):
        kind = rules.reminder_due(report.round.due_date, today)
        if kind is None:
            continue
        if dry_run:
            if not ProgressReportReminder.objects.filter(report=report, day=today).exists():
                out.sent.append(report.pk)
            continue
        if kind == rules.ReminderKind.BEFORE:
            text = _("进展情况（%(round)s）将于 %(due)s 截止报送，请及时报送")
        else:
            text = _("进展情况（%(round)s）已于 %(due)s 截止，%(region)s尚未报送，请立即报送")
        text = text % {
            "round": str(report.round),
            "due": f"{report.round.due_date:%m月%d日}",
            "region": report.region.name,
        }
        bureau = agency_for(report.region_id)
        users = leaders_of(bureau, REPORTER_ROLES) if bureau is not None else []
        try:
            with transaction.atomic():
                ProgressReportReminder.objects.create(
                    report=report, day=today, kind=kind, sent=len(users)
                )
                notify(users, text, _report_url(report))
                audit.record(f"dispatch.report_{kind}", obj=report, after={"note": text})
        except IntegrityError:  # already reminded today
            continue
        out.sent.append(report.pk)
    return out
