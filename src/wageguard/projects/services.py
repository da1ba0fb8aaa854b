"""Every change to a project: permission, jurisdiction, validation, audit and the assessment of its
core systems, in one transaction (DESIGN "Workflow").

A project enters from the housing department's list, a page or the API, always through
`register()`, which creates it or updates the one with the same project code: the same list
imported twice changes nothing, and a later list fills in what an earlier one lacked.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core import audit, calendar, dates, files
from wageguard.core.legal import RECORD_LANGUAGE, for_record
from wageguard.core.registry import Registry
from wageguard.core.scoping import check_may
from wageguard.core.workflow import Workflow
from wageguard.org.models import AgencyKind
from wageguard.org.services import agency_for
from wageguard.parties.rules import normalise_name
from wageguard.parties.services import enterprise_for
from wageguard.regions.models import Level, Region
from wageguard.regions.router import route

from . import rules
from .deposits import ledger as deposit_ledger
from .models import (
    DEPARTMENTS,
    DepositMovement,
    Evidence,
    MonthSummary,
    MovementKind,
    Project,
    ProjectHistory,
    ProjectSystem,
    RosterWorker,
    WageAccount,
    WageDeposit,
)
from .rules import Action, AppropriationCycle, DepositForm, Funding, State

WORKFLOW = Workflow(rules.TRANSITIONS, State, Action)
MODEL = "projects.project"

FIELDS = [
    "name",
    "code",
    "site_address",
    "region",
    "agency",
    "department",
    "developer",
    "general_contractor",
    "funding",
    "contract_value",
    "labour_cost_share",
    "appropriation_cycle",
    "contract_signed_on",
    "permit_on",
    "started_on",
    "planned_completion_on",
    "completed_on",
    "settled_on",
    "state",
    "labour_officer",
]
DATE_FIELDS = (
    "contract_signed_on",
    "permit_on",
    "started_on",
    "planned_completion_on",
    "completed_on",
    "settled_on",
)


@dataclass(frozen=True)
class Registered:
    project: Project
    created: bool
    changed: tuple[str, ...]


def _text(data: dict, name: str, label: str, limit: int, *, required: bool) -> str:
    value = str(data.get(name) or "").strip()
    if required and not value:
        raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
    if len(value) > limit:
        raise ValidationError(
            {name: _("%(label)s不能超过 %(n)d 个字") % {"label": label, "n": limit}}
        )
    return value


def _decimal(data: dict, name: str, label: str, high: Decimal | None = None) -> Decimal | None:
    value = data.get(name)
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError({name: _("%(label)s应为数字") % {"label": label}}) from None
    if not number.is_finite() or number < 0 or (high is not None and number > high):
        raise ValidationError({name: _("%(label)s超出合理范围") % {"label": label}})
    return number.quantize(Decimal("0.01"))


def _choice(data: dict, name: str, label: str, choices, default: str = "") -> str:
    value = str(data.get(name) or default).strip()
    if value and value not in choices.values:
        by_label = {str(c.label): c.value for c in choices}
        if value not in by_label:
            raise ValidationError({name: _("%(label)s不在可选范围内") % {"label": label}})
        value = by_label[value]
    return value


def _region_of(data: dict) -> Region:
    """The county of the site: the code given, else the one the address routes to. A project is
    always a county's (Decree 724 art. 38 puts the monitoring platform at the county level)."""
    province = settings.WAGEGUARD_PROVINCE
    code = str(data.get("region") or "").strip()
    if not code:
        result = route(data.get("site_address") or "", province=province)
        code = result.code or ""
    region = Region.objects.filter(code=code).first() if code else None
    if region is None or region.level != Level.COUNTY or not code.startswith(province):
        raise ValidationError(
            {"site_address": _("无法从项目地址确定所在县（市、区），请写明区县或填写辖区代码")}
        )
    return region


def clean(data: dict[str, Any]) -> dict[str, Any]:
    """Typed, validated fields of a project from what a page, a file row or the API gave; every
    error names its field."""
    out: dict[str, Any] = {
        "name": _text(data, "name", _("项目名称"), 200, required=True),
        "code": _text(data, "code", _("项目编码"), 40, required=True).upper(),
        "site_address": _text(data, "site_address", _("项目地址"), 300, required=True),
        "labour_officer": _text(data, "labour_officer", _("劳资专管员"), 50, required=False),
        "funding": _choice(data, "funding", _("投资类型"), Funding, Funding.PRIVATE),
        "appropriation_cycle": _choice(
            data, "appropriation_cycle", _("人工费用拨付周期"), AppropriationCycle
        ),
        "contract_value": _decimal(
            data, "contract_value", _("合同金额"), Decimal("99999999999999")
        ),
        "labour_cost_share": _decimal(data, "labour_cost_share", _("人工费用比例"), Decimal(100)),
    }
    department = str(data.get("department") or AgencyKind.HOUSING).strip()
    labels = {str(k.label): k.value for k in DEPARTMENTS}
    department = labels.get(department, department)
    if department not in {k.value for k in DEPARTMENTS}:
        raise ValidationError({"department": _("行业主管部门不在可选范围内")})
    out["department"] = department
    for name in DATE_FIELDS:
        value = data.get(name)
        if value in (None, ""):
            out[name] = None
            continue
        if isinstance(value, dt.datetime):
            value = value.date()
        if not isinstance(value, dt.date):
            try:
                value = dt.date.fromisoformat(dates.require_ascii_digits(str(value).strip()))
            except ValueError:
                raise ValidationError({name: _("日期格式应为 2026-01-31")}) from None
        try:
            dates.SCHEDULE.check(value)
        except dates.DateOutOfRange as exc:
            raise ValidationError({name: str(exc)}) from None
        out[name] = value
    for early, late in (
        ("started_on", "completed_on"),
        ("completed_on", "settled_on"),
        ("started_on", "planned_completion_on"),
    ):
        if out[early] and out[late] and out[late] < out[early]:
            raise ValidationError({late: _("日期不能早于开工或竣工日期")})
    out["region"] = _region_of(data)
    for role, label in (("developer", _("建设单位")), ("general_contractor", _("施工总承包单位"))):
        name = _text(data, f"{role}_name", label, 200, required=True)
        code = str(data.get(f"{role}_credit_code") or "").strip()
        out[f"{role}_name"], out[f"{role}_credit_code"] = name, code
    return out


def register(user: Any, data: dict[str, Any], *, source: str = "page") -> Registered:
    """Create the project with this code, or update the existing one with what is given. A state
    is never set here: the project's workflow moves it (a list says 在建 only for a new row)."""
    fields = clean(data)
    region = fields.pop("region")
    agency = agency_for(region.code)
    if agency is None:
        raise ValidationError({"site_address": _("系统未配置该地区的人社部门")})
    check_may(user, "add", MODEL, region.code, _("该项目不在您的辖区内"))
    with transaction.atomic():
        parties = {}
        for role in ("developer", "general_contractor"):
            try:
                parties[role] = enterprise_for(
                    fields.pop(f"{role}_name"), fields.pop(f"{role}_credit_code")
                )
            except ValidationError as exc:
                raise _rename(exc, role) from None
        values = {
            **fields,
            **parties,
            "region": region,
            "agency": agency,
            "name_norm": normalise_name(fields["name"]),
        }
        project = Project.objects.select_for_update().filter(code=fields["code"]).first()
        if project is None:
            initial = State.REGISTERED
            if str(data.get("state") or "") in (
                State.UNDER_CONSTRUCTION,
                str(State.UNDER_CONSTRUCTION.label),
            ):
                initial = State.UNDER_CONSTRUCTION
            project = Project.objects.create(**values, state=initial)
            audit.record(
                "project.register",
                obj=project,
                after=audit.snapshot(project, FIELDS),
                reason=source,
                actor=user,
            )
            ProjectHistory.write(project, "register", user, "", note=_source(source))
            assess(project)
            return Registered(project, True, tuple(values))
        if not user.in_jurisdiction(project.region_id):
            raise ValidationError({"code": _("该项目编码已由其他辖区登记")})
        before = audit.snapshot(project, FIELDS)
        changed = []
        for name, value in values.items():
            if value in (None, "") and getattr(project, name) not in (None, ""):
                continue  # a list that leaves a column blank does not erase what is known
            if getattr(project, name) != value:
                setattr(project, name, value)
                changed.append(name)
        if changed:
            project.save()
            audit.record(
                "project.update",
                obj=project,
                before=before,
                after=audit.snapshot(project, FIELDS),
                reason=source,
                actor=user,
            )
            ProjectHistory.write(
                project,
                "update",
                user,
                project.state,
                note=_source(source),
                data={"changed": changed},
            )
            assess(project)
        return Registered(project, False, tuple(changed))


SOURCES = {"page": _l("页面登记"), "import": _l("文件导入"), "api": _l("接口推送")}


def _source(source: str) -> str:
    return for_record(SOURCES.get(source, source))


def _rename(exc: ValidationError, role: str) -> ValidationError:
    """parties names its fields for an employer; on a project they are the developer's or the
    general contractor's."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {key.replace("employer", role): value for key, value in exc.message_dict.items()}
    )


# What each action records on the project besides its state.
ACTION_DATES = {
    Action.START: "started_on",
    Action.COMPLETE: "completed_on",
    Action.SETTLE: "settled_on",
}


def transition(
    project: Project, action: str, user: Any, *, on: dt.date | None = None, note: str = ""
) -> Project:
    """Move a project along its workflow; starting, completing and settling record their day
    (today unless given), because the core systems are judged from those days."""
    check_may(user, "change", MODEL, project.region_id, _("该项目不在您的辖区内"))
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        before_state = project.state
        project.state = WORKFLOW.next_or_error(project.state, action)
        field = ACTION_DATES.get(action)
        if field:
            day = on or timezone.localdate()
            if field == "completed_on" and project.started_on and day < project.started_on:
                raise ValidationError({"on": _("竣工日期不能早于开工日期")})
            setattr(project, field, day)
        project.save()
        audit.record(
            f"project.{action}",
            obj=project,
            before={"state": before_state},
            after={"state": project.state, **({field: getattr(project, field)} if field else {})},
            reason=note,
            actor=user,
        )
        ProjectHistory.write(project, action, user, before_state, note=note)
        assess(project)
        return project


def record_account(
    project: Project, user: Any, *, bank: str, number: str, opened_on: dt.date
) -> WageAccount:
    """The general contractor opened the project's dedicated wage account (Decree 724 art. 26)."""
    check_may(user, "change", MODEL, project.region_id, _("该项目不在您的辖区内"))
    bank, number = (bank or "").strip(), "".join((number or "").split())
    if not bank:
        raise ValidationError({"bank": _("请填写开户银行")})
    if not number.isdigit() or not 8 <= len(number) <= 40:
        raise ValidationError({"number": _("账号应为 8 至 40 位数字")})
    if opened_on > timezone.localdate():
        raise ValidationError({"opened_on": _("开户日期不能晚于今天")})
    with transaction.atomic():
        account, _created = WageAccount.objects.update_or_create(
            project=project, defaults={"bank": bank, "number": number, "opened_on": opened_on}
        )
        audit.record(
            "project.account",
            obj=project,
            after={"bank": bank, "number": account.masked_number, "opened_on": opened_on},
            actor=user,
        )
        ProjectHistory.write(
            project, "account", user, project.state, note=f"{bank} {account.masked_number}"
        )
        assess(project)
    return account


def record_deposit(project: Project, user: Any, **data: Any) -> WageDeposit:
    """A deposit lodged, a bank guarantee given, or an exemption granted (Decree 724 art. 32). An
    exemption is the official's decision and carries the reason they recorded."""
    check_may(user, "change", MODEL, project.region_id, _("该项目不在您的辖区内"))
    form = data.get("form") or ""
    if form not in DepositForm.values:
        raise ValidationError({"form": _("请选择存储形式")})
    reason = (data.get("exemption_reason") or "").strip()
    if form == DepositForm.EXEMPT and not reason:
        raise ValidationError({"exemption_reason": _("减免须写明理由")})
    if form != DepositForm.EXEMPT and not data.get("lodged_on"):
        raise ValidationError({"lodged_on": _("请填写存储或出具保函的日期")})
    if form == DepositForm.GUARANTEE and not data.get("expires_on"):
        raise ValidationError({"expires_on": _("银行保函须填写到期日")})
    with transaction.atomic():
        deposit = WageDeposit.objects.create(
            project=project,
            form=form,
            amount=data.get("amount"),
            rate=data.get("rate"),
            bank=(data.get("bank") or "").strip(),
            lodged_on=data.get("lodged_on"),
            expires_on=data.get("expires_on"),
            exemption_reason=reason,
            recorded_by=user,
        )
        if form != DepositForm.EXEMPT and deposit.amount:
            # The ledger's first entry: the balance a case may draw on (`deposits.ledger`).
            DepositMovement.objects.create(
                deposit=deposit,
                kind=MovementKind.LODGED,
                amount=deposit.amount,
                on=deposit.lodged_on,
                recorded_by=user,
            )
        audit.record("project.deposit", obj=project, after=audit.snapshot(deposit), actor=user)
        assess(project)
    return deposit


def add_evidence(
    project: Project,
    user: Any,
    *,
    system: str,
    file: UploadedFile,
    dated: dt.date | None = None,
    note: str = "",
) -> Evidence:
    """A photo or file showing a system in place (the notice board's photo is what art. 34's
    status is judged on). The file is checked by its bytes, as every upload is."""
    check_may(user, "change", MODEL, project.region_id, _("该项目不在您的辖区内"))
    if system not in rules.System.values:
        raise ValidationError({"system": _("请选择核心制度")})
    evidence = Evidence(
        project=project, system=system, dated=dated, note=(note or "")[:200], uploaded_by=user
    )
    files.save_file(evidence, file, "file")
    try:
        with transaction.atomic():
            evidence.save()
            audit.record(
                "project.evidence",
                obj=project,
                after={"system": system, "name": evidence.original_name, "sha256": evidence.sha256},
                actor=user,
            )
            ProjectHistory.write(
                project, "evidence", user, project.state, note=evidence.original_name
            )
            assess(project)
    except Exception:
        files.discard([evidence])
        raise
    return evidence


def facts_of(project: Project) -> rules.ProjectFacts:
    """What the rules judge one project on."""
    return facts_for([project])[project.pk]


def facts_for(projects: list[Project]) -> dict[int, rules.ProjectFacts]:
    """What the rules judge each project on, in six queries for the whole list: the roster
    counted per project, and the months as `reconcile.summarise` stored them."""
    ids = [p.pk for p in projects]
    accounts = {a.project_id: a for a in WageAccount.objects.filter(project_id__in=ids)}
    deposits: dict[int, list[rules.DepositFacts]] = {}
    rows = list(WageDeposit.objects.filter(project_id__in=ids).order_by("pk"))
    # The ledger and the required amount only where a lodged deposit holds money: a batch
    # without any costs no query for them.
    held = [
        d
        for d in rows
        if d.released_on is None and d.form != DepositForm.EXEMPT and d.lodged_on and d.amount
    ]
    ledger = deposit_ledger.totals([d.pk for d in held]) if held else {}
    for d in rows:
        found = ledger.get(d.pk)
        deposits.setdefault(d.project_id, []).append(
            rules.DepositFacts(
                form=d.form,
                lodged_on=d.lodged_on,
                expires_on=d.expires_on,
                exemption_reason=d.exemption_reason,
                released_on=d.released_on,
                covered=found.balance + found.owed if found else None,
                balance=found.balance if found else None,
                topup_due_on=d.topup_due_on,
            )
        )
    holding = {d.project_id for d in held}
    required = deposit_ledger.required_for(
        [p for p in projects if p.pk in holding and p.contract_value is not None]
    )
    boards = set(
        Evidence.objects.filter(project_id__in=ids, system=rules.System.NOTICE_BOARD)
        .values_list("project_id", flat=True)
        .distinct()
    )
    roster = {
        row["project_id"]: row
        for row in RosterWorker.objects.filter(project_id__in=ids)
        .values("project_id")
        .annotate(size=Count("pk"), signed=Count("pk", filter=Q(contract_signed=True)))
        .order_by()
    }
    months: dict[int, list[rules.PayrollMonth]] = {}
    for m in MonthSummary.objects.filter(project_id__in=ids).order_by("month"):
        months.setdefault(m.project_id, []).append(
            rules.PayrollMonth(m.month, m.on_attendance, m.on_payroll, m.paid_through_account)
        )
    out = {}
    for project in projects:
        account = accounts.get(project.pk)
        counted = roster.get(project.pk, {})
        account_due = deposit_due = None
        if project.contract_signed_on:
            account_due = calendar.days_period_end(
                project.contract_signed_on, rules.ACCOUNT_WINDOW_DAYS
            ).date
        deposit_from = project.permit_on or project.contract_signed_on
        if deposit_from:
            deposit_due = calendar.add_workdays(deposit_from, rules.DEPOSIT_WINDOW_WORKDAYS).date
        out[project.pk] = rules.ProjectFacts(
            state=project.state,
            started_on=project.started_on,
            account_due_on=account_due,
            deposit_due_on=deposit_due,
            completed_on=project.completed_on,
            settled_on=project.settled_on,
            appropriation_cycle=project.appropriation_cycle,
            account=rules.AccountFacts(
                opened_on=account.opened_on,
                closed_on=account.closed_on,
                notice_started_on=account.notice_started_on,
            )
            if account
            else None,
            deposits=tuple(deposits.get(project.pk, ())),
            labour_officer=project.labour_officer,
            notice_board_photo=project.pk in boards,
            roster_size=counted.get("size", 0),
            roster_with_contract=counted.get("signed", 0),
            months=tuple(months.get(project.pk, ())),
            required=required.get(project.pk),
        )
    return out


def assess(project: Project, today: dt.date | None = None) -> list[rules.Assessment]:
    """Judge every core system of one project and store the result (on every change)."""
    return assess_many([project], today)[project.pk]


ASSESS_BATCH = 1000

# Run after every assessment with (projects, today, their facts): the warning scan registers
# here (projects.apps), so a change, an import and the nightly job all warn alike.
AFTER_ASSESS: Registry = Registry("after a project assessment")


def assess_many(
    projects: list[Project], today: dt.date | None = None
) -> dict[int, list[rules.Assessment]]:
    """Judge and store many projects at once (nightly over a province, after an import): a
    fixed number of queries per batch of `ASSESS_BATCH`, one upsert of the status rows, so lists
    and rates read stored columns. The stored reasons (and the warnings the hooks issue) are
    written in the record's language, whatever the page language of the user whose change
    caused the assessment."""
    with translation.override(RECORD_LANGUAGE):
        return _assess_many(projects, today)


def _assess_many(
    projects: list[Project], today: dt.date | None
) -> dict[int, list[rules.Assessment]]:
    today = today or timezone.localdate()
    now = timezone.now()
    results: dict[int, list[rules.Assessment]] = {}
    for start in range(0, len(projects), ASSESS_BATCH):
        chunk = projects[start : start + ASSESS_BATCH]
        facts = facts_for(chunk)
        rows, applied, not_applied = [], [], []
        for project in chunk:
            found = rules.assess(facts[project.pk], today)
            results[project.pk] = found
            active = project.state in rules.ACTIVE
            rows += [
                ProjectSystem(
                    project=project,
                    system=r.system,
                    status=r.status,
                    reason=r.reason[:300],
                    article=r.article,
                    region_id=project.region_id,
                    department=project.department,
                    active=active,
                    assessed_at=now,
                )
                for r in found
            ]
            applies = rules.applies_all(found)
            project.applies_all, project.assessed_at = applies, now
            (applied if applies else not_applied).append(project.pk)
        ProjectSystem.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["project", "system"],
            update_fields=[
                "status",
                "reason",
                "article",
                "region",
                "department",
                "active",
                "assessed_at",
            ],
        )
        for ids, value in ((applied, True), (not_applied, False)):
            if ids:
                Project.objects.filter(pk__in=ids).update(applies_all=value, assessed_at=now)
        for hook in AFTER_ASSESS:
            hook(chunk, today, facts)
    return results


def rates_by(projects, key: str) -> list[dict[str, Any]]:
    """制度落实率 of the active projects in `projects`, grouped by `key` (a field such as
    "region__parent" or "department"): projects counted, projects applying every system, and the
    rate; one aggregate query."""
    rows = (
        projects.active()
        .values(key)
        .annotate(total=Count("pk"), applied=Count("pk", filter=Q(applies_all=True)))
        .order_by(key)
    )
    return [{**row, "rate": rules.rate(row["applied"], row["total"])} for row in rows]


def contractor_ids(project: Project) -> list[int]:
    """The general contractor and every subcontractor: whose arrears the general contractor
    answers for first (Decree 724 art. 30)."""
    return [
        project.general_contractor_id,
        *project.contractors.values_list("enterprise_id", flat=True),
    ]


def match_clue(
    region_code: str, project_name: str, employer_credit_code: str, employer_name: str
) -> tuple[Project | None, str]:
    """The project a construction clue names, and how it was found; (None, "") when nothing
    points at one project. Tried in order, each within the clue's county and among projects not
    closed: the employer's credit code as the general contractor or a subcontractor, the
    project's name, the employer's name as a contractor's. Several candidates with nothing to
    tell them apart link none: a wrong link is worse than none, and staff can link by hand."""
    candidates = Project.objects.filter(region_id=region_code).exclude(state=State.CLOSED)
    name_norm = normalise_name(project_name) if project_name else ""
    tries = []
    if employer_credit_code:
        tries.append(
            (
                Q(general_contractor__credit_code=employer_credit_code)
                | Q(contractors__enterprise__credit_code=employer_credit_code),
                _l("施工总承包或分包单位的统一社会信用代码相符"),
            )
        )
    if name_norm:
        tries.append((Q(name_norm=name_norm), _l("项目名称相符")))
    employer_norm = normalise_name(employer_name) if employer_name else ""
    if employer_norm:
        tries.append(
            (
                Q(general_contractor__name_norm=employer_norm)
                | Q(contractors__enterprise__name_norm=employer_norm),
                _l("施工总承包或分包单位名称相符"),
            )
        )
    for condition, how in tries:
        found = list(candidates.filter(condition).distinct()[:5])
        if len(found) > 1 and name_norm:
            found = [p for p in found if p.name_norm == name_norm] or found
        if len(found) == 1:
            return found[0], for_record(how)
    return None, ""
