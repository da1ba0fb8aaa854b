"""Case API actions under /api/v1/cases/{id}/...: the workflow, the investigation record,
measures and their outcomes, transfers to the police. Each reads the case through `restrict`
(another jurisdiction's case is a 404) and changes it only through the services, which check
the role's permission (403) and the rules (422 naming the field)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Form, Router, Schema, UploadedFile

from wageguard.clues.rules import RecoveryMethod

from .. import services
from ..models import Decision, EnforcementCase, InterviewRole, PoliceTransfer, StatementKind
from ..rules import (
    Action,
    Conduct,
    DecisionKind,
    PartyRole,
    PersonRole,
    TransferResponse,
)
from ..services import investigation as investigate
from ..services import measures, transfer
from .schemas import (
    FollowUpOut,
    MeasureOut,
    TransferOut,
    follow_up_out,
    measure_out,
    transfer_out,
)

actions_router = Router(tags=["cases"])


def _case(request: HttpRequest, case_id: int) -> EnforcementCase:
    return get_object_or_404(EnforcementCase.objects.restrict(request.user, "view"), pk=case_id)


def _data(payload: Schema) -> dict:
    return {k: v for k, v in payload.dict().items() if v is not None}


class CreatedOut(Schema):
    id: int
    case_id: int


class StateOut(Schema):
    id: int
    number: str
    state: str
    due_date: dt.date
    extended: bool
    decided_on: dt.date | None
    closed_on: dt.date | None
    closing_report: str
    closing_exception: str


# --- workflow -------------------------------------------------------------------------------


class TransitionIn(Schema):
    action: Literal[tuple(Action.values)]  # type: ignore[valid-type]
    note: str | None = Field(None, max_length=2000)
    reason: str | None = Field(None, max_length=2000, description="申请延期的理由")
    report: str | None = Field(None, max_length=20000, description="结案报告（结案时必填）")
    exception_reason: str | None = Field(
        None, max_length=5000, description="尚有未履行措施、未回复移送或未清偿明细时的例外结案理由"
    )


@actions_router.post(
    "/{int:case_id}/transition", response=StateOut, url_name="case_transition", summary="案件流转"
)
def case_transition(request: HttpRequest, case_id: int, payload: TransitionIn):
    """开始调查、申请/批准延期、作出处理决定（须两名以上承办人并已听取陈述申辩）、结案（须结案
    报告；有未了结事项时须填写例外结案理由，逐项列明）。"""
    case = _case(request, case_id)
    data = _data(payload)
    action = data.pop("action")
    case = services.transition(case, action, request.user, **data)
    return StateOut(
        id=case.pk,
        number=case.number,
        state=case.state,
        due_date=case.due_date,
        extended=case.extended,
        decided_on=case.decided_on,
        closed_on=case.closed_on,
        closing_report=case.closing_report,
        closing_exception=case.closing_exception,
    )


# --- investigation --------------------------------------------------------------------------


class InspectorsIn(Schema):
    inspector_ids: list[int] = Field(..., max_length=20)
    lead_id: int | None = None


class InspectorsOut(Schema):
    case_id: int
    inspectors: list[int]
    lead_id: int | None


@actions_router.post(
    "/{int:case_id}/inspectors",
    response=InspectorsOut,
    url_name="case_inspectors",
    summary="指定承办监察员",
)
def case_inspectors(request: HttpRequest, case_id: int, payload: InspectorsIn):
    """替换本案承办人：本机构两名以上监察员或分管领导（《劳动保障监察条例》第十六条）。"""
    rows = investigate.assign_inspectors(
        _case(request, case_id), request.user, payload.inspector_ids, payload.lead_id
    )
    return InspectorsOut(
        case_id=case_id,
        inspectors=[r.user_id for r in rows],
        lead_id=next((r.user_id for r in rows if r.lead), None),
    )


class InterviewIn(Schema):
    interviewee: str = Field(..., max_length=50)
    interviewee_role: Literal[tuple(InterviewRole.values)]  # type: ignore[valid-type]
    held_at: dt.datetime
    place: str = Field("", max_length=200)
    inspector_ids: list[int] = Field(..., max_length=20)
    summary: str = Field(..., max_length=20000)


@actions_router.post(
    "/{int:case_id}/interviews", response=CreatedOut, url_name="case_interviews", summary="询问笔录"
)
def case_interviews(request: HttpRequest, case_id: int, payload: InterviewIn):
    """登记询问笔录，询问人须为两名以上本案承办人。"""
    row = investigate.record_interview(_case(request, case_id), request.user, **payload.dict())
    return CreatedOut(id=row.pk, case_id=case_id)


class EvidenceOut(Schema):
    id: int
    case_id: int
    original_name: str
    content_type: str
    size: int
    sha256: str


@actions_router.post(
    "/{int:case_id}/evidence", response=EvidenceOut, url_name="case_evidence", summary="上传证据"
)
def case_evidence(
    request: HttpRequest,
    case_id: int,
    kind: Form[str] = "",
    description: Form[str] = "",
    upload: File[UploadedFile] = None,
):
    """multipart/form-data：kind、description，可附 upload（JPEG、PNG 或 PDF，按文件内容识别，
    不超过 10 MB）。"""
    row = investigate.add_evidence(
        _case(request, case_id), request.user, kind=kind, description=description, upload=upload
    )
    return EvidenceOut(
        id=row.pk,
        case_id=case_id,
        original_name=row.original_name,
        content_type=row.content_type,
        size=row.size,
        sha256=row.sha256,
    )


class LedgerCheckIn(Schema):
    checked_on: dt.date
    ledger_kept: bool
    period: str = Field("", max_length=50)
    findings: str = Field(..., max_length=10000)


@actions_router.post(
    "/{int:case_id}/ledger-checks",
    response=CreatedOut,
    url_name="case_ledger_checks",
    summary="工资支付台账检查",
)
def case_ledger_checks(request: HttpRequest, case_id: int, payload: LedgerCheckIn):
    row = investigate.record_ledger_check(_case(request, case_id), request.user, **payload.dict())
    return CreatedOut(id=row.pk, case_id=case_id)


class StatementIn(Schema):
    kind: Literal[tuple(StatementKind.values)]  # type: ignore[valid-type]
    received_on: dt.date
    speaker: str = Field("", max_length=100)
    content: str = Field("", max_length=20000)
    adopted: bool | None = None
    response: str = Field("", max_length=5000)


@actions_router.post(
    "/{int:case_id}/statements", response=CreatedOut, url_name="case_statements", summary="陈述申辩"
)
def case_statements(request: HttpRequest, case_id: int, payload: StatementIn):
    """记录用人单位的陈述申辩（或放弃、逾期未陈述申辩）；处理决定和行政处罚前必须记录
    （《劳动保障监察条例》第十九条）。"""
    row = investigate.record_statement(_case(request, case_id), request.user, **payload.dict())
    return CreatedOut(id=row.pk, case_id=case_id)


class WorkerIn(Schema):
    worker_name: str = Field(..., max_length=50)
    id_number: str = Field("", max_length=18)
    amount_owed: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    months_unpaid: int | None = Field(None, ge=0, le=600)


@actions_router.post(
    "/{int:case_id}/workers", response=CreatedOut, url_name="case_workers", summary="增加欠薪明细"
)
def case_workers(request: HttpRequest, case_id: int, payload: WorkerIn):
    row = investigate.add_worker(_case(request, case_id), request.user, **_data(payload))
    return CreatedOut(id=row.pk, case_id=case_id)


class RecoveryIn(Schema):
    amount_recovered: Decimal = Field(..., ge=0, max_digits=14, decimal_places=2)
    recovered_on: dt.date
    method: Literal[tuple(RecoveryMethod.values)]  # type: ignore[valid-type]


class RecoveryOut(Schema):
    id: int
    case_id: int
    amount_owed: Decimal
    amount_recovered: Decimal
    recovered_on: dt.date | None
    method: str


@actions_router.post(
    "/{int:case_id}/workers/{int:worker_id}/recovery",
    response=RecoveryOut,
    url_name="case_worker_recovery",
    summary="登记追回工资",
)
def case_worker_recovery(request: HttpRequest, case_id: int, worker_id: int, payload: RecoveryIn):
    """该劳动者累计已追回金额、日期和方式；同步到来源线索的同名（同身份证号）明细。"""
    row = investigate.record_recovery(
        _case(request, case_id), request.user, worker_id, **payload.dict()
    )
    return RecoveryOut(
        id=row.pk,
        case_id=case_id,
        amount_owed=row.amount_owed,
        amount_recovered=row.amount_recovered,
        recovered_on=row.recovered_on,
        method=row.method,
    )


class PartyIn(Schema):
    role: Literal[tuple(PartyRole.values)]  # type: ignore[valid-type]
    name: str = Field(..., max_length=200)
    credit_code: str = Field("", max_length=18)
    legal_representative: str = Field("", max_length=50)
    address: str = Field("", max_length=300)


@actions_router.post(
    "/{int:case_id}/parties", response=CreatedOut, url_name="case_parties", summary="增加当事单位"
)
def case_parties(request: HttpRequest, case_id: int, payload: PartyIn):
    """用人单位、建设单位、施工总承包单位或分包单位；用人单位角色同时更新本案用人单位。"""
    row = investigate.add_party(_case(request, case_id), request.user, **payload.dict())
    return CreatedOut(id=row.pk, case_id=case_id)


class PersonIn(Schema):
    role: Literal[tuple(PersonRole.values)]  # type: ignore[valid-type]
    name: str = Field(..., max_length=50)
    id_number: str = Field("", max_length=18)
    enterprise_id: int | None = None
    position: str = Field("", max_length=50)


@actions_router.post(
    "/{int:case_id}/persons", response=CreatedOut, url_name="case_persons", summary="增加当事人员"
)
def case_persons(request: HttpRequest, case_id: int, payload: PersonIn):
    row = investigate.add_person(_case(request, case_id), request.user, **payload.dict())
    return CreatedOut(id=row.pk, case_id=case_id)


class IncidentIn(Schema):
    occurred_on: dt.date
    note: str = Field(..., max_length=2000, description="事件情况：人数、经过、社会影响")


class IncidentWithdrawIn(Schema):
    reason: str = Field(..., max_length=2000)


class IncidentOut(Schema):
    case_id: int
    mass_incident: bool
    mass_incident_note: str


def _incident_out(case: EnforcementCase) -> IncidentOut:
    return IncidentOut(
        case_id=case.pk,
        mass_incident=case.mass_incident,
        mass_incident_note=case.mass_incident_note,
    )


@actions_router.post(
    "/{int:case_id}/incident",
    response=IncidentOut,
    url_name="case_incident",
    summary="记录群体性事件、极端事件",
)
def case_incident(request: HttpRequest, case_id: int, payload: IncidentIn):
    """拖欠工资引发群体性事件、极端事件，造成严重不良社会影响：经责令支付逾期未支付的即符合
    列入失信名单的条件（第45号令第五条第二项），已作出处理决定的应向社会公布（第29号令第五条
    第六项）。每次事件以“日期，情况”一行记入；结案后也可记录。"""
    case = investigate.record_incident(_case(request, case_id), request.user, **payload.dict())
    return _incident_out(case)


@actions_router.post(
    "/{int:case_id}/incident/withdraw",
    response=IncidentOut,
    url_name="case_incident_withdraw",
    summary="撤销误记的群体性事件、极端事件",
)
def case_incident_withdraw(request: HttpRequest, case_id: int, payload: IncidentWithdrawIn):
    """撤销误记的事件记录，须写明理由；原记录保留在办理记录和审计日志中。"""
    case = investigate.withdraw_incident(_case(request, case_id), request.user, **payload.dict())
    return _incident_out(case)


# --- measures -------------------------------------------------------------------------------


class MeasureIn(Schema):
    kind: Literal[tuple(DecisionKind.values)]  # type: ignore[valid-type]
    deadline: dt.date | None = None
    amount_due: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    compensation_rate: Decimal | None = Field(None, max_digits=5, decimal_places=2)
    penalty_key: str | None = Field(None, max_length=20)
    fine_amount: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    addressee: str | None = Field(None, max_length=200)
    content: str | None = Field(None, max_length=10000)


@actions_router.post(
    "/{int:case_id}/measures", response=MeasureOut, url_name="case_measures", summary="采取措施"
)
def case_measures(request: HttpRequest, case_id: int, payload: MeasureIn):
    """责令改正（deadline、amount_due）、处理决定（compensation_rate 50–100）、行政处罚
    （penalty_key、fine_amount）、责令停工（penalty_key）、动用工资保证金（addressee 银行、
    amount_due）、申请强制执行（addressee 法院）。每项生成带文号的文书，并列明适用条款。"""
    data = _data(payload)
    kind = data.pop("kind")
    decision = measures.issue_measure(_case(request, case_id), request.user, kind, **data)
    return measure_out(decision)


class OutcomeIn(Schema):
    complied: bool
    on: dt.date
    note: str = Field("", max_length=5000)


@actions_router.post(
    "/{int:case_id}/measures/{int:measure_id}/outcome",
    response=MeasureOut,
    url_name="case_measure_outcome",
    summary="登记履行情况",
)
def case_measure_outcome(request: HttpRequest, case_id: int, measure_id: int, payload: OutcomeIn):
    """已履行，或履行期限届满后登记逾期未履行（责令支付逾期未支付即“经责令支付仍不支付”）。"""
    case = _case(request, case_id)
    decision = get_object_or_404(Decision.objects.select_related("case"), pk=measure_id, case=case)
    return measure_out(measures.record_outcome(decision, request.user, **payload.dict()))


# --- transfers ------------------------------------------------------------------------------


class TransferIn(Schema):
    police_agency: str = Field(..., max_length=200)
    conduct: Literal[tuple(Conduct.values)]  # type: ignore[valid-type]
    checklist: list[str] = Field(default_factory=list, max_length=20)
    reason: str = Field("", max_length=2000)


@actions_router.post(
    "/{int:case_id}/transfers", response=TransferOut, url_name="case_transfers", summary="移送公安"
)
def case_transfers(request: HttpRequest, case_id: int, payload: TransferIn):
    """入罪标准判断为 meets 时移送；depends_on_provincial_figure 须在 reason 中写明本局确认的
    本省标准；does_not_meet 不能移送。逃匿情形须提交证据清单（法释〔2013〕3号第二、四条）。"""
    row = transfer.transfer_to_police(_case(request, case_id), request.user, **payload.dict())
    return transfer_out(row)


def _transfer(request: HttpRequest, case_id: int, transfer_id: int) -> PoliceTransfer:
    case = _case(request, case_id)
    return get_object_or_404(
        PoliceTransfer.objects.select_related("case"), pk=transfer_id, case=case
    )


class ResponseIn(Schema):
    response: Literal[  # type: ignore[valid-type]
        tuple(v for v in TransferResponse.values if v != TransferResponse.PENDING)
    ]
    on: dt.date
    reason: str = Field("", max_length=5000)
    next_follow_up: dt.date | None = None


@actions_router.post(
    "/{int:case_id}/transfers/{int:transfer_id}/response",
    response=TransferOut,
    url_name="case_transfer_response",
    summary="登记公安机关回复",
)
def case_transfer_response(
    request: HttpRequest, case_id: int, transfer_id: int, payload: ResponseIn
):
    """已接收、已立案或不予立案（须写明理由）。"""
    row = transfer.record_police_response(
        _transfer(request, case_id, transfer_id), request.user, **payload.dict()
    )
    return transfer_out(row)


class FollowUpIn(Schema):
    on: dt.date
    note: str = Field(..., max_length=5000)
    next_follow_up: dt.date | None = None


@actions_router.post(
    "/{int:case_id}/transfers/{int:transfer_id}/follow-ups",
    response=FollowUpOut,
    url_name="case_transfer_follow_ups",
    summary="登记移送跟踪",
)
def case_transfer_follow_ups(
    request: HttpRequest, case_id: int, transfer_id: int, payload: FollowUpIn
):
    row = transfer.add_follow_up(
        _transfer(request, case_id, transfer_id), request.user, **payload.dict()
    )
    return follow_up_out(row)
