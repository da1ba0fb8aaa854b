"""Case API: the criminal-threshold rule for any staff member, and the jurisdiction's cases."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.db.models import Prefetch
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from wageguard.core.api.errors import ApiError
from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import InputSchema, SearchDate
from wageguard.core.deadlines import Clock, Sla
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name
from wageguard.regions.models import Level, Region

from .. import filters, services
from ..actions import available_actions
from ..models import CaseRecovery, CaseWorker, CriminalThresholdSetting, EnforcementCase
from ..rules import State, WorkerArrears, criminal_threshold
from .schemas import CaseRecordOut, CaseRecoveryOut, record_parts, recovery_out

rules_router = Router(tags=["rules"])
router = Router(tags=["cases"])

AnswerOut = Literal["meets", "does_not_meet", "depends_on_provincial_figure", "not_yet"]


class ThresholdWorkerIn(InputSchema):
    amount: Decimal = Field(
        ..., ge=0, max_digits=14, decimal_places=2, description="欠薪金额（元）"
    )
    months_unpaid: int = Field(..., ge=0, le=600, description="被拖欠月数")


class ThresholdIn(InputSchema):
    province: str = Field(..., min_length=2, max_length=2, description="省级代码，如 51")
    workers: list[ThresholdWorkerIn] = Field(..., max_length=100000)
    ordered_and_unpaid: bool | None = Field(
        None,
        description="经政府有关部门责令支付仍不支付（CL.276-1；SPC2013.4）：责令支付文书已送达"
        "（行为人逃匿的，可张贴送达并拍照录像），指定期限届满仍不支付。true/false，未知为 null。"
        "以转移财产、逃匿等方法逃避支付的，同样须经责令支付。",
    )


class ThresholdOut(Schema):
    answer: AnswerOut = Field(
        ...,
        description="meets、does_not_meet、depends_on_provincial_figure（取决于本省数额标准），"
        "或 not_yet：数额已达到或可能达到，但尚不能认定经责令支付仍不支付（理由末条写明所缺事项）",
    )
    amount_answer: AnswerOut = Field(..., description="仅数额条件的判断")
    reasons: list[str]
    province_figures_set: bool
    conduct_established: bool | None = Field(
        None,
        description="经政府有关部门责令支付仍不支付：true 已确认（责令支付文书已送达且期限届满"
        "仍未支付），false 已确认不存在，null 尚不能认定（理由末条写明所缺事项；移送公安机关前"
        "须确认）",
    )


class CaseRecoveryItemOut(Schema):
    """One recovery of a worker line (追回记录), as the case detail lists it."""

    id: int
    amount: Decimal
    recovered_on: dt.date | None = Field(..., description="实际支付之日；null 为日期不明")
    method: str
    note: str
    opening: bool
    recorded_by: str
    recorded_at: dt.datetime


class CaseWorkerOut(Schema):
    id: int
    worker_name: str
    id_number: str
    amount_owed: Decimal
    months_unpaid: int
    amount_recovered: Decimal = Field(..., description="累计已追回（各笔追回之和）")
    recovered_on: dt.date | None = Field(
        ..., description="累计追回达到该数额之日；有日期不明的追回时为 null"
    )
    method: str
    recoveries: list[CaseRecoveryItemOut]


class CaseOut(Schema):
    """Read from the case (its `workers`, `agency` and `clue` loaded with it) and `sla`, the
    clock's answer set on it by `_with_sla`."""

    id: int
    number: str
    state: str
    region: str
    agency: str
    source: str
    clue: str | None = Field(None, description="来源线索查询码")
    employer_name: str
    employer_credit_code: str
    project_name: str
    project_id: int | None = Field(None, description="关联的工程项目（/api/v1/projects/{id}）")
    filed_on: dt.date
    due_date: dt.date
    due_provisional: bool
    extended: bool
    sla: Literal["on_time", "due_soon", "overdue"]
    workers: int
    amount_owed: Decimal
    amount_recovered: Decimal

    @staticmethod
    def resolve_region(case: EnforcementCase) -> str:
        return case.region_id

    @staticmethod
    def resolve_agency(case: EnforcementCase) -> str:
        return case.agency.name

    @staticmethod
    def resolve_clue(case: EnforcementCase) -> str | None:
        return case.clue.tracking_code if case.clue_id else None

    @staticmethod
    def resolve_workers(case: EnforcementCase) -> int:
        return len(case.workers.all())

    @staticmethod
    def resolve_amount_owed(case: EnforcementCase) -> Decimal:
        return sum((w.amount_owed for w in case.workers.all()), Decimal(0))

    @staticmethod
    def resolve_amount_recovered(case: EnforcementCase) -> Decimal:
        return sum((w.amount_recovered for w in case.workers.all()), Decimal(0))


class CaseFilterIn(InputSchema):
    """The list page's filters (`cases.filters.apply`), the same names and values."""

    state: Literal[("open", *State.values)] | None = Field(  # type: ignore[valid-type]
        None, description="状态；open 为办理中（全部）"
    )
    sla: Literal[tuple(Sla.values)] | None = Field(None, description="时限状态")  # type: ignore[valid-type]
    region: str | None = Field(None, max_length=12, description="辖区代码（县级或其上级）")
    filed_from: SearchDate | None = Field(None, description="立案日期自（含）")
    filed_to: SearchDate | None = Field(None, description="立案日期至（含）")
    transferred: bool | None = Field(None, description="true：仅已移送公安机关的案件")
    q: str | None = Field(None, max_length=100, description="编号或单位名称（从头）、信用代码")
    sort: Literal[tuple(filters.SORTS)] = Field(  # type: ignore[valid-type]
        "-filed", description="排序：due、-due、filed、-filed（默认立案日期倒序）"
    )


class CaseDetailOut(CaseOut, CaseRecordOut):
    work_address: str
    facts: str
    decided_on: dt.date | None
    closed_on: dt.date | None
    order_ignored_or_absconded: bool | None
    worker_lines: list[CaseWorkerOut]
    threshold: ThresholdOut
    available_actions: list[str] = Field(
        ..., description="当前用户现在可对本案执行的操作（cases.actions 中的名称）"
    )


def _province(code: str) -> Region:
    region = Region.objects.filter(code=f"{code}0000", level=Level.PROVINCE).first()
    if not code.isdigit() or region is None:
        raise ApiError(
            422, "validation_error", _("province: 请填写有效的省级代码（如 51）"), "province"
        )
    return region


@rules_router.post(
    "/criminal-threshold",
    response=ThresholdOut,
    url_name="rule_criminal_threshold",
    summary="拒不支付劳动报酬罪数额标准判断",
)
def criminal_threshold_rule(request: HttpRequest, payload: ThresholdIn):
    """按拒不支付劳动报酬罪的规定（CL.276-1）和法释〔2013〕3号（SPC2013.3）判断是否达到“数额
    较大”：本省未设定数额标准时，仅在达到全国幅度上限时答 meets，低于下限时答 does_not_meet，
    其间答 depends_on_provincial_figure。两种情形（转移财产、逃匿，或有能力支付而不支付）都须
    “经政府有关部门责令支付仍不支付”（SPC2013.4）：ordered_and_unpaid 未知时，数额达到或可能
    达到的答 not_yet（amount_answer 为数额条件的判断），conduct_established 为 null，理由写明
    移送前须查明；已知不存在时答 does_not_meet。每个答案附理由。案件的判断（案件详情）由
    本案已送达、期限届满仍未履行的责令改正指令书或处理决定书得出。"""
    province = _province(payload.province)
    setting = CriminalThresholdSetting.for_province(payload.province)
    result = criminal_threshold(
        [WorkerArrears(w.amount, w.months_unpaid) for w in payload.workers],
        individual_figure=setting.individual_amount,
        cumulative_figure=setting.cumulative_amount,
        ordered_and_unpaid=payload.ordered_and_unpaid,
        province_name=province.name,
    )
    return ThresholdOut(
        answer=result.answer,
        amount_answer=result.amount_answer,
        reasons=result.reasons,
        province_figures_set=setting.is_set,
        conduct_established=result.conduct,
    )


def _listing(request: HttpRequest):
    return (
        EnforcementCase.objects.restrict(request.user, "view")
        .select_related("agency", "clue", "region")
        .prefetch_related("workers")
    )


class _Detail:
    """The case with the parts of its detail computed for the viewer (the masked record, the
    threshold, the available actions), read by `CaseDetailOut` like the case itself."""

    def __init__(self, case: EnforcementCase, **parts) -> None:
        self._case = case
        self.__dict__.update(parts)

    def __getattr__(self, name: str):
        return getattr(self._case, name)


def _with_sla(case: EnforcementCase, clock: Clock) -> EnforcementCase:
    case.sla = clock.of(case)
    return case


def _worker_out(w: CaseWorker, sees: bool) -> CaseWorkerOut:
    return CaseWorkerOut(
        id=w.pk,
        worker_name=w.worker_name if sees else mask_name(w.worker_name),
        id_number=w.id_number if sees else mask_id_number(w.id_number),
        amount_owed=w.amount_owed,
        months_unpaid=w.months_unpaid,
        amount_recovered=w.amount_recovered,
        recovered_on=w.recovered_on,
        method=w.method,
        recoveries=[
            CaseRecoveryItemOut(
                id=r.pk,
                amount=r.amount,
                recovered_on=r.recovered_on,
                method=r.method,
                note=r.note,
                opening=r.opening,
                recorded_by=r.recorded_by.display_name if r.recorded_by_id else "",
                recorded_at=r.recorded_at,
            )
            for r in w.recoveries.all()
        ],
    )


@router.get("", response=list[CaseOut], url_name="case_list", summary="案件列表")
@paginate(Pagination)
def list_cases(request: HttpRequest, params: Query[CaseFilterIn]):
    """本辖区案件，与案件台账页面相同的筛选（状态、时限、辖区、搜索、排序），默认按立案日期倒序
    （索引 region, filed_on, id）。count 最多计到 10001，即“超过 10000 条”。"""
    clock = Clock.now(filters.STAGE)
    qs = filters.apply(_listing(request), params.dict(exclude_none=True), clock)
    return MappedPage(qs, lambda c: _with_sla(c, clock), capped=True)


@router.get("/{int:case_id}", response=CaseDetailOut, url_name="case_detail", summary="案件详情")
def detail(request: HttpRequest, case_id: int):
    """案件详情，含劳动者明细、办案期限与 SLA、拒不支付劳动报酬罪数额标准的判断和理由，以及承办人、
    当事单位和人员、调查记录、措施（含适用条款）、文书（文号与下载地址）和移送公安情况。"""
    case = get_object_or_404(
        _listing(request).prefetch_related(
            Prefetch("workers__recoveries", CaseRecovery.objects.select_related("recorded_by")),
            # What available_actions asks before offering 作出处理决定 (decide_problems).
            "statements",
        ),
        pk=case_id,
    )
    services.record_view(request.user, case)
    user = request.user
    sees = sees_personal_data(user)
    # Reasons name workers; roles without need to know get them without names.
    result = services.threshold_for(case, named=sees)
    setting = CriminalThresholdSetting.for_province(case.region.province_code)
    return _Detail(
        _with_sla(case, Clock.now(filters.STAGE)),
        **record_parts(case, user),
        worker_lines=[_worker_out(w, sees) for w in case.workers.all()],
        threshold=ThresholdOut(
            answer=result.answer,
            amount_answer=result.amount_answer,
            reasons=result.reasons,
            province_figures_set=setting.is_set,
            conduct_established=result.conduct,
        ),
        available_actions=available_actions(case, user),
    )


@router.get(
    "/{int:case_id}/recoveries",
    response=list[CaseRecoveryOut],
    url_name="case_recoveries",
    summary="追回记录",
)
@paginate(Pagination)
def list_recoveries(request: HttpRequest, case_id: int, worker: int | None = None):
    """本案各劳动者的追回记录（每笔一条：本次金额、实际支付之日、方式、登记人），按劳动者、
    日期排列；worker 只列该劳动者的。登记一笔追回：POST workers/{worker_id}/recovery。"""
    case = get_object_or_404(EnforcementCase.objects.restrict(request.user, "view"), pk=case_id)
    qs = CaseRecovery.objects.filter(worker__case=case).select_related("worker", "recorded_by")
    if worker is not None:
        qs = qs.filter(worker_id=worker)
    return MappedPage(qs.order_by("worker_id", "recovered_on", "id"), recovery_out)
