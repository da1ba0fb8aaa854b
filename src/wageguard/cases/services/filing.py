"""立案: filing a case directly or from a clue being converted."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wageguard.clues.models import Clue
from wageguard.clues.rules import RecoveryMethod
from wageguard.core import audit, legal
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.parties.rules import normalise_name, validate_credit_code
from wageguard.parties.services import enterprise_for
from wageguard.projects.models import Project, ProjectContractor
from wageguard.projects.models import Warning as ProjectWarning
from wageguard.projects.warnings import RULES as WARNING_RULES
from wageguard.regions.models import Region

from ..models import (
    CaseParty,
    CaseWorker,
    EnforcementCase,
    Evidence,
    EvidenceKind,
    next_number,
)
from ..rules import (
    PartyRole,
    case_due,
    months_unpaid,
    yuan,
)
from .common import AUDIT_FIELDS, Source, check_can, clean_worker, history
from .recovery import opening_recoveries


def _create(
    user: User | None,
    *,
    region: Region,
    agency: Agency,
    source: str,
    employer_name: str,
    employer_credit_code: str = "",
    project_name: str = "",
    project: Project | None = None,
    work_address: str = "",
    facts: str = "",
    workers: list[dict],
    clue: Clue | None = None,
    order_ignored_or_absconded: bool | None = None,
    note: str = "",
    filed_on: dt.date | None = None,
    extra: dict | None = None,
) -> EnforcementCase:
    # 立案日期: today, or the day a complaint was accepted (clues: filed on acceptance).
    filed_on = filed_on or timezone.localdate()
    due = case_due(filed_on)
    # A clue may name no registered employer yet; the inspector adds the party later.
    employer = (
        enterprise_for(employer_name, employer_credit_code, region=region)
        if employer_name.strip()
        else None
    )
    serial, number = next_number(agency, "case", filed_on.year)
    case = EnforcementCase.objects.create(
        employer=employer,
        number=number,
        year=filed_on.year,
        serial=serial,
        region=region,
        agency=agency,
        clue=clue,
        source=source,
        employer_name=employer_name,
        employer_name_norm=normalise_name(employer_name),
        employer_credit_code=employer_credit_code,
        project_name=project_name or (project.name if project else ""),
        project=project,
        work_address=work_address,
        facts=facts,
        filed_on=filed_on,
        due_date=due.date,
        due_provisional=due.provisional,
        order_ignored_or_absconded=order_ignored_or_absconded,
        created_by=user,
    )
    lines = CaseWorker.objects.bulk_create([CaseWorker(case=case, **w) for w in workers])
    opening_recoveries(case, lines, user)  # money a clue's lines record as already recovered
    if employer is not None:
        CaseParty.objects.create(case=case, enterprise=employer, role=PartyRole.EMPLOYER)
    history(
        case,
        "file",
        user,
        "",
        note=note,
        source=source,
        clue=clue.pk if clue else None,
        project=project.pk if project else None,
        **(extra or {}),
    )
    audit.record(
        "case.file",
        obj=case,
        actor=user,
        after={**audit.snapshot(case, AUDIT_FIELDS), "number": number, "workers": len(workers)},
    )
    return case


def clue_facts(clue: Clue, workers: list[dict]) -> str:
    """The case's facts (案情摘要) written from the clue's structured data: employer, project,
    number of workers, period and amount. Never the clue's description: that is the reporter's
    own words, which may carry their name or phone, and the facts are printed in documents
    addressed to the employer and proposed for publication (DESIGN: a complainant's identity is
    never shown to the employer or in public output). The description stays on the clue, which
    the case links to."""
    count = len(workers) or clue.workers_owed or 0
    owed = sum((Decimal(w["amount_owed"]) for w in workers), Decimal(0)) or clue.amount_owed
    where = f"在{clue.project_name}" if clue.project_name else ""
    who = f"{count}名劳动者" if count else "劳动者"
    months = sorted({(d.year, d.month) for d in (clue.period_start, clue.period_end) if d})
    period = "至".join(f"{y}年{m}月" for y, m in months)
    amount = f"，共计 {yuan(owed)} 元" if owed else ""
    return f"据反映，{clue.employer_name}{where}拖欠{who}{period}工资{amount}。"


def clue_months(clue: Clue) -> int:
    """Months unpaid of a clue's period: a "YYYY-MM" period is stored as first-of-month dates
    and names whole months (2026-05 to 2026-08 is 4); a period given to the day (either date
    not the 1st) counts whole months elapsed (rules.months_unpaid)."""
    start, end = clue.period_start, clue.period_end
    by_month = bool(start and end and start.day == 1 and end.day == 1)
    return months_unpaid(start, end, by_month=by_month)


def _clue_project(clue: Clue) -> Project | None:
    """The project the clue was linked to (`Clue.project`), if it is still in the clue's county
    (a clue re-routed to another county leaves its project behind)."""
    if clue.project_id is None or clue.project.region_id != clue.region_id:
        return None
    return clue.project


@transaction.atomic
def file_from_clue(clue: Clue, user: User) -> EnforcementCase:
    """立案 from a clue being converted: employer, project, worker lines and the link both ways
    (case.clue, and clue.cases for the clue). Called inside the clue's own transition. The facts
    are written from the clue's data, not copied from its description (`clue_facts`)."""
    check_can(user, "file", clue.region_id)
    months = clue_months(clue)
    workers = [
        {
            "worker_name": line.worker_name,
            "id_number": line.id_number,
            "amount_owed": line.amount_owed,
            "amount_recovered": line.amount_recovered,
            "recovered_on": line.recovered_on,
            "method": line.method if line.method in RecoveryMethod.values else "",
            "months_unpaid": months,
        }
        for line in clue.arrears.all()
    ]
    case = _create(
        user,
        region=clue.region,
        agency=clue.agency,
        source=Source.CLUE,
        employer_name=clue.employer_name,
        employer_credit_code=clue.employer_credit_code,
        project_name=clue.project_name,
        project=_clue_project(clue),
        work_address=clue.work_address,
        facts=clue_facts(clue, workers),
        workers=workers,
        clue=clue,
        note=f"由线索 {clue.tracking_code} 转立案",
        # A complaint was filed for investigation the day it was accepted (Order 25 art. 18):
        # the case keeps that day, so its 60 working days (Decree 423 art. 17) run from it.
        filed_on=clue.filed_on,
    )
    # The clue's attachments become evidence pointing at the same stored files (no copy).
    Evidence.objects.bulk_create(
        [
            Evidence(
                case=case,
                kind=EvidenceKind.PHOTO
                if a.content_type.startswith("image/")
                else EvidenceKind.DOCUMENT,
                description=f"线索附件：{a.original_name}"[:300],
                file=a.file.name,
                original_name=a.original_name,
                content_type=a.content_type,
                size=a.size,
                sha256=a.sha256,
                uploaded_at=a.uploaded_at,
            )
            for a in clue.attachments.order_by("id")
        ]
    )
    return case


@transaction.atomic
def file_case(user: User, **data) -> EnforcementCase:
    """立案 directly, e.g. from an inspection finding. `region` is the county's code."""
    code = str(data.get("region") or "")
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": _("请选择有效的辖区")})
    check_can(user, "file", region.code)
    agency = Agency.objects.filter(region=region, kind=AgencyKind.HRSS).first()
    if agency is None:
        raise ValidationError({"region": _("该辖区未配置人社部门")})
    employer_name = str(data.get("employer_name") or "").strip()
    if not employer_name or len(employer_name) > 200:
        raise ValidationError({"employer_name": _("请填写用人单位名称（不超过 200 个字）")})
    credit_code = str(data.get("employer_credit_code") or "").strip()
    if credit_code:
        try:
            credit_code = validate_credit_code(credit_code)
        except ValidationError as exc:
            raise ValidationError({"employer_credit_code": exc.messages[0]}) from None
    source = data.get("source") or Source.INSPECTION
    if source not in (Source.INSPECTION, Source.OTHER):
        raise ValidationError({"source": _("案件来源应为 inspection 或 other")})
    workers = [clean_worker(w) for w in data.get("workers") or []]
    project = _project_by_code(region, data.get("project_code"))
    return _create(
        user,
        region=region,
        agency=agency,
        source=source,
        employer_name=employer_name,
        employer_credit_code=credit_code,
        project_name=str(data.get("project_name") or "")[:200],
        project=project,
        work_address=str(data.get("work_address") or "")[:300],
        facts=str(data.get("facts") or "")[:5000],
        workers=workers,
        order_ignored_or_absconded=data.get("order_ignored_or_absconded"),
        note=str(data.get("note") or ""),
    )


def _project_by_code(region: Region, code: object) -> Project | None:
    """The project a directly filed case names by its code (项目编码, the key the housing
    department's list uses), which must be registered in the case's county."""
    code = str(code or "").strip()
    if not code:
        return None
    project = Project.objects.filter(code=code, region=region).first()
    if project is None:
        raise ValidationError(
            {
                "project_code": _("%(region)s没有登记项目编码为 %(code)s 的工程项目")
                % {"region": region.name, "code": code[:40]}
            }
        )
    return project


def warning_employer(warning: ProjectWarning):
    """Whom a case from a project warning is against: the subcontractor the finding names
    (`data["subcontractor_id"]`, the enterprise of a subcontractor registered on the project),
    else the general contractor, who runs the dedicated account, the payroll and the site
    (Decree 724 arts. 26, 31, 34) and answers first for its subcontractors (art. 30)."""
    named = (warning.data or {}).get("subcontractor_id")
    if isinstance(named, int) and not isinstance(named, bool):
        found = (
            ProjectContractor.objects.filter(project_id=warning.project_id, enterprise_id=named)
            .select_related("enterprise")
            .first()
        )
        if found is not None:
            return found.enterprise
    return warning.project.general_contractor


def warning_facts(warning: ProjectWarning, note: str = "") -> str:
    """The case's facts from the warning: the project, what the rule found and its basis, and
    the official's note. In the record's language whoever filed it: the facts are printed on
    documents. A warning carries no worker's name or number (its key and data are shown to the
    industry department), so nothing personal is copied."""
    project = warning.project
    definition = WARNING_RULES.get(warning.rule) if warning.rule in WARNING_RULES else None
    with translation.override(legal.RECORD_LANGUAGE):
        level = str(warning.get_level_display())
        explanation = str(definition.explanation) if definition else ""
        known = warning.article in legal.ARTICLES
        basis = str(legal.cite(warning.article)) if known else "本省监测规则（非法定条文）"
    text = (
        f"经工程项目监测预警（{level}预警，{warning.issued_on:%Y-%m-%d}发出）发现，"
        f"{project.name}（项目编码 {project.code}）：{warning.summary}。"
    )
    if explanation:
        text += f"预警规则：{explanation}"
    text += f"依据：{basis}。"
    if note.strip():
        text += f"核查情况：{note.strip()}"
    return text[:5000]


@transaction.atomic
def file_from_warning(warning: ProjectWarning, user: User, note: str = "") -> EnforcementCase:
    """立案 from a project warning turned into a case (`projects.extensions.WARNING_OUTCOMES`,
    registered by `cases.warning_outcome`): at the project's county bureau, against the
    employer `warning_employer` names, linked to the project, the facts from the warning
    (`warning_facts`); no worker lines yet, the investigation adds them. The warning's own
    transition records the case's number and link."""
    project = Project.objects.select_related("region", "general_contractor").get(
        pk=warning.project_id
    )
    warning.project = project
    check_can(user, "file", project.region_id)
    agency = Agency.objects.filter(region_id=project.region_id, kind=AgencyKind.HRSS).first()
    if agency is None:
        raise ValidationError({"outcome": _("该项目所在辖区未配置人社部门")})
    employer = warning_employer(warning)
    return _create(
        user,
        region=project.region,
        agency=agency,
        source=Source.WARNING,
        employer_name=employer.name,
        employer_credit_code=employer.credit_code or "",
        project=project,
        work_address=project.site_address,
        facts=warning_facts(warning, note),
        workers=[],
        note=f"由工程项目预警转立案：{warning.summary}"[:2000],
        extra={"warning": warning.pk},
    )
