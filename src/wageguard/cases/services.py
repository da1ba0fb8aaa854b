"""Every state change of a case: permission, jurisdiction, transition table, deadline, history and
audit, in one transaction (DESIGN: Workflow)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from wageguard.clues.models import Clue
from wageguard.clues.rules import RecoveryMethod
from wageguard.core import audit
from wageguard.core.memo import memo
from wageguard.core.scoping import check_may
from wageguard.org.models import Agency, AgencyKind, User
from wageguard.parties.rules import normalise_name, validate_credit_code, validate_id_number
from wageguard.parties.services import enterprise_for
from wageguard.regions.models import Region

from .models import (
    CaseHistory,
    CaseParty,
    CaseWorker,
    CriminalThresholdSetting,
    EnforcementCase,
    Evidence,
    EvidenceKind,
    next_number,
)
from .preconditions import (
    DECIDE_CASE,
    extension_problem,
    inspectors_problem,
    statement_problem,
)
from .rules import (
    OPEN_DECISION_STATES,
    PAY_ORDERS,
    WORKFLOW,
    Action,
    DecisionState,
    PartyRole,
    State,
    ThresholdResult,
    TransferResponse,
    WorkerArrears,
    case_due,
    criminal_threshold,
    months_unpaid,
    unpaid_at,
    unpaid_basis,
    yuan,
)

MODEL = "cases.enforcementcase"
MAX_AMOUNT = Decimal("999999999999.99")
_AUDIT_FIELDS = [
    "state",
    "region",
    "agency",
    "due_date",
    "extended",
    "decided_on",
    "closed_on",
    "order_ignored_or_absconded",
    "employer",
    "closing_exception",
]


class Source:
    CLUE = "clue"
    INSPECTION = "inspection"
    OTHER = "other"


def _history(case: EnforcementCase, action: str, actor: User | None, before: str, note="", **data):
    CaseHistory.write(case, action, actor, before, note, data=data)


def log(
    case: EnforcementCase, action: str, user: User, *, obj=None, after: dict, note: str = ""
) -> None:
    """A change on a case that keeps its state: one history row on the case's timeline and one
    audit event (on `obj`, the record changed, when there is one)."""
    _history(case, action, user, case.state, note=note, **after)
    audit.record(f"case.{action}", obj=obj or case, actor=user, after=after, reason=note)


def locked_case(case: EnforcementCase, user: User, action: str) -> EnforcementCase:
    """The case re-read under a row lock, after the permission and jurisdiction checks, so two
    inspectors acting at once are serialised and checks see committed rows."""
    _check_can(user, action, case.region_id)
    return EnforcementCase.objects.select_for_update().get(pk=case.pk)


def require_open(case: EnforcementCase) -> None:
    if case.state == State.CLOSED:
        raise ValidationError({"action": "案件已结案，不能再补充调查或采取措施"})


def clean_text(data_value, field: str, label: str, limit: int, required: bool = True) -> str:
    text = str(data_value or "").strip()
    if required and not text:
        raise ValidationError({field: f"请填写{label}"})
    if len(text) > limit:
        raise ValidationError({field: f"{label}不能超过 {limit} 个字"})
    return text


def clean_date(
    value, field: str, label: str, *, past: bool = True, earliest: dt.date | None = None
) -> dt.date:
    """A date from a date or an ISO string; `past` refuses a day after today (a record of what
    happened), `earliest` a day before it (e.g. the filing date)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError({field: f"{label}应为日期（如 2026-05-01）"}) from None
    if not isinstance(value, dt.date):
        raise ValidationError({field: f"请填写{label}"})
    if past and value > timezone.localdate():
        raise ValidationError({field: f"{label}不能晚于今天"})
    if earliest is not None and value < earliest:
        raise ValidationError({field: f"{label}不能早于 {earliest:%Y-%m-%d}"})
    return value


def clean_amount(value, field: str, label: str, *, positive: bool = False) -> Decimal:
    amount = _amount(value, field, label)
    if positive and amount <= 0:
        raise ValidationError({field: f"{label}应大于 0"})
    return amount


def _amount(value, field: str, label: str) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ValidationError({field: f"{label}应为金额"}) from None
    if not amount.is_finite() or amount < 0 or amount > MAX_AMOUNT:
        raise ValidationError({field: f"{label}应在 0 至 {MAX_AMOUNT:,.2f} 元之间"})
    return amount.quantize(Decimal("0.01"))


def clean_worker(raw: dict) -> dict:
    """One worker line, each field checked and named in the message."""
    name = str(raw.get("worker_name") or "").strip()
    if not name or len(name) > 50:
        raise ValidationError({"worker_name": "请填写劳动者姓名（不超过 50 个字）"})
    id_number = str(raw.get("id_number") or "").strip()
    if id_number:
        try:
            id_number = validate_id_number(id_number)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages[0]}) from None
    owed = _amount(raw.get("amount_owed", ""), "amount_owed", "欠薪金额")
    recovered = _amount(raw.get("amount_recovered") or 0, "amount_recovered", "已追回金额")
    if recovered > owed:
        raise ValidationError({"amount_recovered": "已追回金额不能超过欠薪金额"})
    try:
        months = int(raw.get("months_unpaid") or 0)
    except (TypeError, ValueError):
        raise ValidationError({"months_unpaid": "欠薪月数应为整数"}) from None
    if not 0 <= months <= 600:
        raise ValidationError({"months_unpaid": "欠薪月数应在 0 至 600 之间"})
    method = str(raw.get("method") or "")
    if method and method not in RecoveryMethod.values:
        raise ValidationError({"method": "请选择有效的追回方式"})
    start, end = (
        clean_date(raw[f], f, label, past=False) if raw.get(f) else None
        for f, label in (("period_start", "欠薪期间起"), ("period_end", "欠薪期间止"))
    )
    if start and end and end < start:
        raise ValidationError({"period_end": "欠薪期间止不能早于欠薪期间起"})
    if not raw.get("months_unpaid"):
        months = months_unpaid(start, end)  # whole months of a day-level period
    return {
        "worker_name": name,
        "id_number": id_number,
        "amount_owed": owed,
        "amount_recovered": recovered,
        "months_unpaid": months,
        "period_start": start,
        "period_end": end,
        "recovered_on": raw.get("recovered_on") or None,
        "method": method,
    }


def _check_can(user: User, action: str, region_id: str) -> None:
    check_may(user, action, MODEL, region_id, "该案件不在您的辖区内")


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
    CaseWorker.objects.bulk_create([CaseWorker(case=case, **w) for w in workers])
    if employer is not None:
        CaseParty.objects.create(case=case, enterprise=employer, role=PartyRole.EMPLOYER)
    _history(case, "file", user, "", note=note, source=source, clue=clue.pk if clue else None)
    audit.record(
        "case.file",
        obj=case,
        actor=user,
        after={**audit.snapshot(case, _AUDIT_FIELDS), "number": number, "workers": len(workers)},
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
    _check_can(user, "file", clue.region_id)
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
        raise ValidationError({"region": "请选择有效的辖区"})
    _check_can(user, "file", region.code)
    agency = Agency.objects.filter(region=region, kind=AgencyKind.HRSS).first()
    if agency is None:
        raise ValidationError({"region": "该辖区未配置人社部门"})
    employer_name = str(data.get("employer_name") or "").strip()
    if not employer_name or len(employer_name) > 200:
        raise ValidationError({"employer_name": "请填写用人单位名称（不超过 200 个字）"})
    credit_code = str(data.get("employer_credit_code") or "").strip()
    if credit_code:
        try:
            credit_code = validate_credit_code(credit_code)
        except ValidationError as exc:
            raise ValidationError({"employer_credit_code": exc.messages[0]}) from None
    source = data.get("source") or Source.INSPECTION
    if source not in (Source.INSPECTION, Source.OTHER):
        raise ValidationError({"source": "案件来源应为 inspection 或 other"})
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


@transaction.atomic
def transition(case: EnforcementCase, action: str, user: User, **data) -> EnforcementCase:
    """The only way a case changes state; `data` carries the action's fields (note, reason)."""
    case = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    _check_can(user, action, case.region_id)
    target = WORKFLOW.next_or_error(case.state, action)
    before_state = case.state
    before = audit.snapshot(case, _AUDIT_FIELDS)
    today = timezone.localdate()
    note = str(data.get("note") or "").strip()
    extra: dict = {}

    if action in (Action.REQUEST_EXTENSION, Action.APPROVE_EXTENSION):
        late = None if case.extended else extension_problem(case.due_date, today)
        if late:
            raise ValidationError({"action": late})
    if action == Action.REQUEST_EXTENSION:
        if case.extended or case.extension_requested_at:
            raise ValidationError({"action": "本案已申请或已批准延期，办案期限只能延长一次"})
        reason = str(data.get("reason") or "").strip()
        if not reason:
            raise ValidationError({"reason": "请说明案情复杂需要延期的理由"})
        case.extension_requested_at, case.extension_reason = timezone.now(), reason
        extra["reason"] = reason
    elif action == Action.APPROVE_EXTENSION:
        if case.extended:
            raise ValidationError({"action": "本案已批准延期，办案期限只能延长一次"})
        if not case.extension_requested_at:
            raise ValidationError({"action": "承办人尚未申请延期"})
        due = case_due(case.filed_on, extended=True)
        case.extended, case.due_date, case.due_provisional = True, due.date, due.provisional
        extra["due_date"] = due.date
    elif action == Action.DECIDE:
        problems = [
            p
            for p in (
                inspectors_problem(case.inspectors.count()),
                statement_problem(DECIDE_CASE, *hearing_dates(case)),
            )
            if p
        ]
        if problems:
            raise ValidationError({"action": "；".join(problems)})
        case.decided_on = today
    elif action == Action.CLOSE:
        case.closing_report = clean_text(data.get("report"), "report", "结案报告", 20000)
        exception = clean_text(
            data.get("exception_reason"), "exception_reason", "例外结案理由", 5000, False
        )
        blockers = closing_blockers(case)
        if blockers and not exception:
            raise ValidationError(
                {
                    "exception_reason": "尚有未了结事项："
                    + "；".join(blockers)
                    + "。如确需结案，请填写例外结案理由"
                }
            )
        case.closing_exception = exception if blockers else ""
        case.closed_on = today
        extra.update(blockers=blockers, exception_reason=case.closing_exception)

    case.state = target
    case.save()
    _history(case, action, user, before_state, note=note, **extra)
    audit.record(
        f"case.{action}",
        obj=case,
        actor=user,
        before=before,
        after=audit.snapshot(case, _AUDIT_FIELDS),
        reason=note or str(extra.get("reason", "") or extra.get("exception_reason", "")),
    )
    return case


def hearing_dates(case: EnforcementCase) -> tuple[list[dt.date], list[tuple[str, dt.date]]]:
    """What preconditions.statement_problem compares: the days the employer's statements (or
    waivers, or unanswered notices) were received, and the (kind, issued_on) of the measures
    not withdrawn, in the order they were made."""
    heard = list(case.statements.values_list("received_on", flat=True))
    made = case.decisions.exclude(state=DecisionState.WITHDRAWN).order_by("id")
    return heard, list(made.values_list("kind", "issued_on"))


def closing_blockers(case: EnforcementCase) -> list[str]:
    """What still stands open on a case, each named: measures issued and not yet complied or
    lapsed, transfers the police have not answered, workers not fully paid (issue 4: a case
    does not close over these without a recorded reason)."""
    out = [
        f"{d.get_kind_display()}{f' {d.document.number}' if d.document_id else ''} 尚待履行"
        for d in case.decisions.filter(state__in=OPEN_DECISION_STATES).select_related("document")
    ]
    out += [
        f"移送{t.police_agency}（{t.transferred_on:%Y-%m-%d}）尚待公安机关回复"
        for t in case.transfers.filter(response=TransferResponse.PENDING)
    ]
    out += [
        f"劳动者 {w.worker_name} 尚欠 {yuan(w.amount_owed - w.amount_recovered)} 元"
        for w in case.workers.all()
        if w.amount_recovered < w.amount_owed
    ]
    return out


def lapsed_pay_deadline(case: EnforcementCase) -> dt.date | None:
    """The latest deadline of an order to pay (责令改正 or 处理决定) recorded not complied, the
    refusal the threshold and the credit list rest on; read through `case.decisions.all()`, so
    a prefetch serves a page of cases."""
    return max(
        (
            d.deadline
            for d in case.decisions.all()
            if d.kind in PAY_ORDERS and d.state == DecisionState.NOT_COMPLIED and d.deadline
        ),
        default=None,
    )


def threshold_for(
    case: EnforcementCase, named: bool = True, *, province: str | None = None
) -> ThresholdResult:
    """The criminal-threshold answer for a case with its province's figures, counting what each
    worker had unpaid at the latest lapsed order's deadline, else what is outstanding now
    (rules.unpaid_at). `named=False` leaves workers' names out of the reasons (roles without
    need to know); `province` names the province in the reasons, looked up when not given (a
    query: pass it when assessing many cases). Reads `case.workers` and `case.decisions`."""
    code = case.region.province_code
    setting = CriminalThresholdSetting.for_province(code)
    deadline = lapsed_pay_deadline(case)
    return criminal_threshold(
        [
            WorkerArrears(
                unpaid_at(w.amount_owed, w.amount_recovered, w.recovered_on, deadline),
                w.months_unpaid,
                w.worker_name if named else "",
            )
            for w in case.workers.all()
        ],
        individual_figure=setting.individual_amount,
        cumulative_figure=setting.cumulative_amount,
        order_ignored_or_absconded=case.order_ignored_or_absconded,
        province_name=province_name(code) if province is None else province,
        amounts_basis=unpaid_basis(deadline),
    )


@memo(60)
def province_name(code: str) -> str:
    """The province's name for the reasons; kept per process like the other division lookups,
    so assessing a page of cases costs no query per case."""
    region = Region.objects.filter(code=f"{code}0000").only("name").first()
    return region.name if region else "本省"
