"""Issuing warnings and moving them along their lifecycle (DESIGN "Workflow"): the scan that runs
every enabled rule over projects in batches, and the one `transition()` every page, the API and
the outcome slots go through (permission, jurisdiction, audit, history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core import audit, calendar
from wageguard.core.scoping import check_may
from wageguard.core.workflow import Workflow

from .. import services as project_services
from ..extensions import WARNING_OUTCOMES
from ..models import OPEN_STATES, Project, Warning, WarningHistory, WarningRule, WarningState
from ..models.warnings import LEVEL_RANK
from .rules import DEADLINE_HIGH, DEADLINE_LOW, RULES, Batch, Finding, RuleDef

LABEL = "projects.warning"
S = WarningState


class Action(models.TextChoices):
    ASSIGN = "assign", _l("分派")
    HANDLE = "handle", _l("登记处置情况")
    REFER = "refer", _l("转办")
    VERIFY = "verify", _l("核实处置结果")
    REJECT = "reject", _l("退回重新处置")
    CLOSE = "close", _l("关闭")
    DISMISS = "dismiss", _l("不是问题")


TRANSITIONS: dict[tuple[str, str], str] = {
    (S.ISSUED, Action.ASSIGN): S.ASSIGNED,
    (S.ISSUED, Action.HANDLE): S.HANDLED,
    (S.ISSUED, Action.REFER): S.HANDLED,
    (S.ISSUED, Action.DISMISS): S.DISMISSED,
    (S.ASSIGNED, Action.ASSIGN): S.ASSIGNED,
    (S.ASSIGNED, Action.HANDLE): S.HANDLED,
    (S.ASSIGNED, Action.REFER): S.HANDLED,
    (S.ASSIGNED, Action.DISMISS): S.DISMISSED,
    (S.HANDLED, Action.VERIFY): S.VERIFIED,
    (S.HANDLED, Action.REJECT): S.ASSIGNED,
    (S.HANDLED, Action.DISMISS): S.DISMISSED,
    (S.VERIFIED, Action.CLOSE): S.CLOSED,
}
WORKFLOW = Workflow(TRANSITIONS, WarningState, Action)

# Actions whose note is the reason the record keeps (closing, "not a problem", a return).
NEEDS_REASON = frozenset({Action.CLOSE, Action.DISMISS, Action.REJECT, Action.HANDLE})

SCAN_BATCH = 1000


# --- Rules as the province runs them --------------------------------------------------------


def rules_for_province(province_code: str | None = None) -> dict[str, WarningRule]:
    """Every registered rule's row for the province, the missing ones created with the rule's
    defaults (a rule added in a release starts on, with its defaults, until the province says
    otherwise)."""
    code = province_code or settings.WAGEGUARD_PROVINCE
    rows = {r.code: r for r in WarningRule.objects.filter(province_code=code)}
    missing = [default_row(d, code) for d in RULES if d.code not in rows]
    if missing:
        WarningRule.objects.bulk_create(missing, ignore_conflicts=True)
        rows = {r.code: r for r in WarningRule.objects.filter(province_code=code)}
    return {name: rows[name] for name in RULES.names() if name in rows}


def default_row(definition: RuleDef, province_code: str) -> WarningRule:
    return WarningRule(
        province_code=province_code,
        code=definition.code,
        level=definition.level,
        enabled=True,
        parameters=definition.defaults(),
        deadline_workdays=definition.deadline_workdays,
        explanation=str(definition.explanation),
        article=definition.article,
    )


def parameters_of(row: WarningRule) -> dict[str, Any]:
    definition = RULES.get(row.code)
    return {**definition.defaults(), **{k: v for k, v in row.parameters.items()}}


def change_rule(row: WarningRule, user: Any, data: dict[str, Any]) -> WarningRule:
    """The province administrator turns a rule on or off, sets its level, deadline and
    parameters; each parameter within its legal limits, the whole change audited."""
    if not user.may_change_province_wide("projects.warningrule"):
        raise PermissionDenied(_("只有省级系统管理员可以修改预警规则"))
    definition = RULES.get(row.code)
    parameters = definition.clean_parameters(dict(data.get("parameters") or {}))
    deadline = data.get("deadline_workdays", row.deadline_workdays)
    try:
        deadline = int(deadline)
    except (TypeError, ValueError):
        deadline = -1
    if not DEADLINE_LOW <= deadline <= DEADLINE_HIGH:
        raise ValidationError(
            {
                "deadline_workdays": _("处置时限应在 %(low)d 至 %(high)d 个工作日之间")
                % {"low": DEADLINE_LOW, "high": DEADLINE_HIGH}
            }
        )
    level = data.get("level", row.level)
    if level not in LEVEL_RANK:
        raise ValidationError({"level": _("请选择预警等级")})
    fields = ["enabled", "level", "deadline_workdays", "parameters"]
    with transaction.atomic():
        row = WarningRule.objects.select_for_update().get(pk=row.pk)
        before = audit.snapshot(row, fields)
        row.enabled = bool(data.get("enabled", row.enabled))
        row.level = level
        row.deadline_workdays = deadline
        row.parameters = {k: str(v) if not isinstance(v, int) else v for k, v in parameters.items()}
        row.save()
        audit.record(
            "warning_rule.change",
            obj=row,
            actor=user,
            before=before,
            after=audit.snapshot(row, fields),
        )
    return row


# --- The scan -------------------------------------------------------------------------------


@dataclass
class ScanReport:
    projects: int = 0
    issued: int = 0
    repeated: int = 0


# What the rules and `facts_for` read of a project: a scan of a province loads no more.
SCAN_FIELDS = (
    "pk",
    "state",
    "region_id",
    "agency_id",
    "department",
    "appropriation_cycle",
    "contract_signed_on",
    "permit_on",
    "started_on",
    "completed_on",
    "settled_on",
    "labour_officer",
)


def _batches(projects: Iterable[Project] | QuerySet) -> Iterable[list[Project]]:
    if isinstance(projects, QuerySet):
        projects = projects.only(*SCAN_FIELDS).order_by("pk").iterator(chunk_size=2000)
    rows = iter(projects)
    while batch := list(islice(rows, SCAN_BATCH)):
        yield batch


def scan(
    projects: Iterable[Project] | QuerySet,
    today: dt.date | None = None,
    *,
    facts: dict | None = None,
) -> ScanReport:
    """Run every enabled rule over `projects` and issue or update their warnings: per batch of
    `SCAN_BATCH` projects the facts (four queries), the open warnings of the projects found
    (one), one insert of the new warnings and their history rows, one update of the repeats,
    whatever the batch holds. A finding seen again the same day changes nothing, so the scan
    after an import and the nightly scan may both run."""
    today = today or timezone.localdate()
    report = ScanReport()
    enabled = [(row, RULES.get(row.code)) for row in rules_for_province().values() if row.enabled]
    due_on: dict[int, dt.date] = {}
    for batch in _batches(projects):
        report.projects += len(batch)
        batch_facts = (
            facts
            if facts is not None and all(p.pk in facts for p in batch)
            else project_services.facts_for(batch)
        )
        found: list[tuple[WarningRule, Finding]] = []
        context = Batch(batch, batch_facts, today)
        for row, definition in enabled:
            params = parameters_of(row)
            found += [(row, f) for f in definition.run(context, params)]
        if not found:
            continue
        by_id = {p.pk: p for p in batch}
        with transaction.atomic():
            existing = {
                (w.project_id, w.rule, w.key): w
                for w in Warning.objects.filter(
                    project_id__in={f.project_id for _r, f in found}, state__in=OPEN_STATES
                )
            }
            new, repeats = [], []
            for row, f in found:
                warning = existing.get((f.project_id, row.code, f.key))
                if warning is not None:
                    if warning.last_seen_on < today:
                        warning.last_seen_on = today
                        warning.seen_count += 1
                        warning.summary = f.summary[:300]
                        warning.data = f.data
                        repeats.append(warning)
                    continue
                if row.deadline_workdays not in due_on:
                    due_on[row.deadline_workdays] = calendar.add_workdays(
                        today, row.deadline_workdays
                    ).date
                project = by_id[f.project_id]
                warning = Warning(
                    project=project,
                    rule=row.code,
                    key=f.key,
                    level=row.level,
                    level_rank=LEVEL_RANK[row.level],
                    summary=f.summary[:300],
                    article=row.article,
                    data=f.data,
                    region_id=project.region_id,
                    agency_id=project.agency_id,
                    department=project.department,
                    issued_on=today,
                    due_on=due_on[row.deadline_workdays],
                    last_seen_on=today,
                )
                existing[(f.project_id, row.code, f.key)] = warning
                new.append(warning)
            if new:
                Warning.objects.bulk_create(new)
                now = timezone.now()
                WarningHistory.objects.bulk_create(
                    [
                        WarningHistory(
                            warning=w, at=now, action="issue", to_state=S.ISSUED, note=w.summary
                        )
                        for w in new
                    ]
                )
            if repeats:
                Warning.objects.bulk_update(
                    repeats, ["last_seen_on", "seen_count", "summary", "data"]
                )
        report.issued += len(new)
        report.repeated += len(repeats)
    return report


def after_assess(projects: list[Project], today: dt.date, facts: dict) -> None:
    """Registered into `services.AFTER_ASSESS`: every assessment (a page's change, an import,
    the nightly job) is followed by a scan of the same projects on the same facts."""
    scan(projects, today, facts=facts)


# --- The lifecycle --------------------------------------------------------------------------


def visible(user: Any) -> QuerySet:
    return Warning.objects.restrict(user, "view")


def transition(
    warning: Warning,
    action: str,
    user: Any,
    *,
    note: str = "",
    assignee: Any = None,
    outcome: str = "",
) -> Warning:
    """Move a warning: the role may take the action, the warning is in the user's jurisdiction
    (and, for an industry department, its own), the table allows the move. Closing, "not a
    problem", a return and a handling record keep their reason; a referral hands the warning to
    a clue or case through the slot its app registered and links it back."""
    check_may(user, action, LABEL, warning.region_id, _("该预警不在您的辖区内"))
    if not visible(user).filter(pk=warning.pk).exists():
        raise PermissionDenied(_("该预警不在您的辖区内"))
    note = (note or "").strip()
    if action in NEEDS_REASON and not note:
        raise ValidationError({"note": _("请写明理由或处置情况")})
    with transaction.atomic():
        warning = Warning.objects.select_for_update().get(pk=warning.pk)
        before = warning.state
        warning.state = WORKFLOW.next_or_error(warning.state, action)
        extra: dict[str, Any] = {}
        if action == Action.ASSIGN:
            assignee = assignee or user
            if not (
                assignee.is_active
                and assignee.can(Action.HANDLE, LABEL)
                and assignee.in_jurisdiction(warning.region_id)
            ):
                raise ValidationError({"assignee": _("承办人须为本辖区能处置预警的工作人员")})
            warning.assignee = assignee
            extra["assignee"] = assignee.display_name
        if action == Action.REFER:
            if outcome not in WARNING_OUTCOMES:
                raise ValidationError({"outcome": _("请选择转办去向")})
            slot = WARNING_OUTCOMES.get(outcome)
            if not slot.may(user):
                raise PermissionDenied(_("您的角色不能执行此操作"))
            result = slot.run(warning, user, note)
            warning.outcome, warning.outcome_ref, warning.outcome_url = (
                outcome,
                result.ref[:40],
                result.url[:200],
            )
            extra.update(outcome=outcome, ref=result.ref)
        if warning.state in (S.CLOSED, S.DISMISSED):
            warning.closed_on = timezone.localdate()
            warning.close_reason = note
        warning.save()
        WarningHistory.write(warning, action, user, before, note=note, data=extra)
        audit.record(
            f"warning.{action}",
            obj=warning,
            before={"state": before},
            after={"state": warning.state, **extra},
            reason=note,
            actor=user,
        )
    return warning


# --- Precision ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Precision:
    rule: str
    issued: int
    confirmed: int  # closed after handling: the warning was right
    dismissed: int  # closed as "not a problem"

    @property
    def decided(self) -> int:
        return self.confirmed + self.dismissed

    @property
    def percent(self) -> float | None:
        """confirmed / (confirmed + dismissed); None until a warning of the rule is decided."""
        if not self.decided:
            return None
        return round(self.confirmed * 100 / self.decided, 1)


def precision_by_rule(warnings: QuerySet) -> list[Precision]:
    """Each rule's record over `warnings`, one aggregate query."""
    rows = {
        r["rule"]: r
        for r in warnings.order_by()
        .values("rule")
        .annotate(
            issued=Count("pk"),
            confirmed=Count("pk", filter=Q(state=S.CLOSED)),
            dismissed=Count("pk", filter=Q(state=S.DISMISSED)),
        )
    }
    return [
        Precision(
            name,
            rows.get(name, {}).get("issued", 0),
            rows.get(name, {}).get("confirmed", 0),
            rows.get(name, {}).get("dismissed", 0),
        )
        for name in RULES.names()
    ]
