"""立案: filing a case directly or from a clue being converted."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.clues.models import Clue
from wageguard.clues.rules import RecoveryMethod
from wageguard.core import audit
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.parties.rules import normalise_name, validate_credit_code
from wageguard.parties.services import enterprise_for
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
    work_address: str = "",
    facts: str = "",
    workers: list[dict],
    clue: Clue | None = None,
    order_ignored_or_absconded: bool | None = None,
    note: str = "",
) -> EnforcementCase:
    filed_on = timezone.localdate()
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
        project_name=project_name,
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
    history(case, "file", user, "", note=note, source=source, clue=clue.pk if clue else None)
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
        work_address=clue.work_address,
        facts=clue_facts(clue, workers),
        workers=workers,
        clue=clue,
        note=f"由线索 {clue.tracking_code} 转立案",
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
    return _create(
        user,
        region=region,
        agency=agency,
        source=source,
        employer_name=employer_name,
        employer_credit_code=credit_code,
        project_name=str(data.get("project_name") or "")[:200],
        work_address=str(data.get("work_address") or "")[:300],
        facts=str(data.get("facts") or "")[:5000],
        workers=workers,
        order_ignored_or_absconded=data.get("order_ignored_or_absconded"),
        note=str(data.get("note") or ""),
    )
