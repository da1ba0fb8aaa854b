"""Clue API: the public intake and tracking (no login) and the staff/integration endpoints."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, File, Header, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from wageguard.core import audit
from wageguard.core.api.errors import ApiError
from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.deadlines import Clock
from wageguard.core.throttle import allow
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name, mask_phone

from . import filters, imports, public, services
from .models import Clue
from .rules import Action, Channel
from .validation import clean_intake, clean_received_at

public_router = Router(tags=["public clues"], auth=None)
router = Router(tags=["clues"])

SectorIn = Literal["construction", "other"]
ChannelIn = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
ActionIn = Literal[tuple(Action.values)]  # type: ignore[valid-type]


class ArrearsIn(Schema):
    worker_name: str = Field(..., max_length=50, description="劳动者姓名")
    id_number: str = Field("", description="身份证号码")
    amount_owed: Decimal = Field(
        ..., ge=0, max_digits=14, decimal_places=2, description="欠薪金额（元）"
    )
    amount_recovered: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    recovered_on: dt.date | None = None
    method: str = ""


class PublicClueIn(Schema):
    reporter_name: str = Field(..., max_length=50, description="反映人姓名")
    id_number: str = Field(..., max_length=30, description="身份证号码（校验码校验）")
    phone: str = Field(..., max_length=20, description="手机号码")
    sector: SectorIn = Field("other", description="construction：工程建设领域；other：其他")
    employer_name: str = Field(..., max_length=200, description="用人单位名称")
    employer_credit_code: str = Field("", max_length=30, description="统一社会信用代码（可选）")
    project_name: str = Field("", max_length=200)
    work_address: str = Field(..., max_length=300, description="工作地点，用于确定管辖地")
    period_start: str = Field("", max_length=10, description="YYYY-MM 或 YYYY-MM-DD")
    period_end: str = Field("", max_length=10)
    amount_owed: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    workers_owed: int | None = Field(None, ge=1, le=100000)
    description: str = Field(..., max_length=5000)
    disclose_identity: bool = Field(False, description="是否同意向用人单位披露反映人身份")


class StaffClueIn(PublicClueIn):
    reporter_name: str = Field("", max_length=50)
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=20)
    channel: ChannelIn = Field(..., description="来源渠道")
    received_at: dt.datetime | None = Field(None, description="首次接收时间（他处先接收的线索）")
    external_id: str | None = Field(None, max_length=64, description="外部编号，如全国平台线索编号")
    arrears: list[ArrearsIn] = Field(default_factory=list, max_length=1000)


class IntakeOut(Schema):
    tracking_code: str
    secret: str
    region: str
    due_date: dt.date


class ClueOut(Schema):
    id: int
    tracking_code: str
    state: str
    channel: str
    region: str
    agency: str
    received_at: dt.datetime
    due_date: dt.date | None
    due_provisional: bool
    sla: Literal["on_time", "due_soon", "overdue"]
    urgent: bool
    urgent_reasons: list[str]
    sector: str
    employer_name: str
    employer_credit_code: str
    project_name: str
    work_address: str
    amount_owed: Decimal | None
    workers_owed: int | None
    reporter_name: str
    id_number: str
    phone: str
    assignee: str | None
    reopened_count: int
    merged_into: str | None
    external_id: str | None


class TransitionIn(Schema):
    action: ActionIn
    note: str = Field("", max_length=2000)
    reason: str = Field("", max_length=200)
    resolution: str = ""
    target: str = ""
    reply_text: str = Field("", max_length=5000)
    region: str = Field("", max_length=6, description="移交到的区划代码（transfer）")
    into: str = Field("", max_length=20, description="合并到的线索 id 或查询码（merge）")
    assignee: int | None = None


class PublicClueOut(Schema):
    tracking_code: str
    stage: str
    timeline: list[dict]
    reply: str
    replied_at: dt.datetime | None
    rating: int | None
    can_rate: bool
    region_name: str


class RatingIn(Schema):
    score: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=500)
    resolved: bool = True


def _invalid(exc: ValidationError) -> ApiError:
    field, messages = next(iter(exc.message_dict.items()))
    return ApiError(
        422, "validation_error", f"{field}: {messages[0]}", None if field == "__all__" else field
    )


def clue_out(clue: Clue, user, clock: Clock) -> ClueOut:
    sees = sees_personal_data(user)
    return ClueOut(
        id=clue.pk,
        tracking_code=clue.tracking_code,
        state=clue.state,
        channel=clue.channel,
        region=clue.region_id,
        agency=clue.agency.name,
        received_at=clue.received_at,
        due_date=clue.due_date,
        due_provisional=clue.due_provisional,
        sla=clock.of(clue),
        urgent=clue.urgent,
        urgent_reasons=clue.urgent_reasons,
        sector=clue.sector,
        employer_name=clue.employer_name,
        employer_credit_code=clue.employer_credit_code,
        project_name=clue.project_name,
        work_address=clue.work_address,
        amount_owed=clue.amount_owed,
        workers_owed=clue.workers_owed,
        reporter_name=clue.reporter_name if sees else mask_name(clue.reporter_name),
        id_number=clue.id_number if sees else mask_id_number(clue.id_number),
        phone=clue.phone if sees else mask_phone(clue.phone),
        assignee=clue.assignee.display_name if clue.assignee else None,
        reopened_count=clue.reopened_count,
        merged_into=clue.merged_into.tracking_code if clue.merged_into_id else None,
        external_id=clue.external_id,
    )


def _client(request: HttpRequest) -> str:
    return request.META.get("REMOTE_ADDR", "")


@public_router.post(
    "/clues", response={201: IntakeOut}, url_name="public_clue_create", summary="反映欠薪线索"
)
def public_create(request: HttpRequest, payload: PublicClueIn):
    """劳动者本人反映欠薪：无需登录，按客户端限制频率。返回查询码和查询密码（仅此一次）。"""
    if not allow(f"public-intake:{_client(request)}"):
        raise ApiError(429, "rate_limited", "提交过于频繁，请稍后再试", None)
    try:
        data = clean_intake(payload.dict(), public=True)
        result = services.intake(data, channel=Channel.WEB)
    except ValidationError as exc:
        raise _invalid(exc) from None
    clue = result.clue
    return Status(
        201,
        IntakeOut(
            tracking_code=clue.tracking_code,
            secret=result.secret,
            region=clue.region_id,
            due_date=clue.due_date,
        ),
    )


@public_router.get(
    "/clues/{tracking_code}",
    response=PublicClueOut,
    url_name="public_clue_detail",
    summary="查询线索办理进度",
)
def public_detail(
    request: HttpRequest, tracking_code: str, x_clue_secret: str = Header("", alias="X-Clue-Secret")
):
    """凭查询码和查询密码查看办理进度、答复并评价；密码不对时与查询码不存在的答复相同（404）。"""
    clue = public.find(tracking_code, x_clue_secret, _client(request))
    return public.view(clue)


@public_router.post(
    "/clues/{tracking_code}/rating",
    response=PublicClueOut,
    url_name="public_clue_rate",
    summary="评价答复",
)
def public_rate(
    request: HttpRequest,
    tracking_code: str,
    payload: RatingIn,
    x_clue_secret: str = Header("", alias="X-Clue-Secret"),
):
    clue = public.find(tracking_code, x_clue_secret, _client(request))
    try:
        services.rate(clue, payload.score, payload.comment, payload.resolved)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return public.view(Clue.objects.get(pk=clue.pk))


@router.post(
    "",
    response={200: ClueOut, 201: ClueOut},
    url_name="clue_create",
    summary="登记线索（工作人员、系统对接）",
)
def create(
    request: HttpRequest,
    payload: StaffClueIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    """各渠道登记线索。

    同一 Idempotency-Key 或同一渠道外部编号重复提交时，返回已登记的线索（200），不会重复登记。
    """
    if len(idempotency_key) > 100:
        raise ApiError(
            422, "validation_error", "Idempotency-Key 不能超过 100 个字符", "Idempotency-Key"
        )
    raw = payload.dict()
    raw["arrears"] = [line for line in raw.get("arrears") or []]
    try:
        data = clean_intake(raw, public=False)
        result = services.intake(
            data,
            channel=payload.channel,
            actor=request.user,
            received_at=clean_received_at(payload.received_at),
            external_id=payload.external_id,
            idempotency_key=idempotency_key or None,
        )
    except ValidationError as exc:
        raise _invalid(exc) from None
    clue = Clue.objects.select_related("agency", "assignee", "merged_into").get(pk=result.clue.pk)
    return Status(
        201 if result.created else 200, clue_out(clue, request.user, Clock.now(filters.STAGE))
    )


def _listing(request: HttpRequest):
    return Clue.objects.restrict(request.user, "view").select_related(
        "agency", "assignee", "merged_into"
    )


class ImportErrorOut(Schema):
    row: int
    field: str | None
    message: str
    external_id: str


class ImportOut(Schema):
    created: int
    existing: int
    errors: list[ImportErrorOut]


@router.post("/import", response=ImportOut, url_name="clue_import", summary="导入全国平台线索")
def import_batch(request: HttpRequest, file: UploadedFile = File(...)):
    """上传全国根治欠薪线索反映平台导出的 .json 或 .xlsx；以平台线索编号去重，重复导入不新增；
    错误行逐行报告原因，其余行照常导入。"""
    try:
        report = imports.import_rows(imports.read_file(file.name, file), request.user)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return ImportOut(
        created=report.created,
        existing=report.existing,
        errors=[ImportErrorOut(**vars(e)) for e in report.errors],
    )


@router.get("", response=list[ClueOut], url_name="clue_list", summary="线索列表")
@paginate(Pagination)
def list_clues(
    request: HttpRequest,
    state: str = "",
    sla: str = "",
    channel: str = "",
    sector: str = "",
    region: str = "",
    urgent: str = "",
    reopened: str = "",
    assignee: str = "",
    received_from: str = "",
    received_to: str = "",
    q: str = "",
    sort: str = "due",
):
    """本辖区线索，筛选条件与线索台账页面相同。"""
    clock = Clock.now(filters.STAGE)
    params = {k: v for k, v in locals().items() if k not in {"request", "clock"}}
    try:
        qs = filters.apply(_listing(request), params, clock)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return MappedPage(qs, lambda c: clue_out(c, request.user, clock), fetch=filters.page)


@router.get("/{int:clue_id}", response=ClueOut, url_name="clue_detail", summary="线索详情")
def detail(request: HttpRequest, clue_id: int):
    clue = get_object_or_404(_listing(request), pk=clue_id)
    audit.record("clue.view", obj=clue, actor=request.user)
    return clue_out(clue, request.user, Clock.now(filters.STAGE))


@router.post(
    "/{int:clue_id}/transitions", response=ClueOut, url_name="clue_transition", summary="办理操作"
)
def transition(request: HttpRequest, clue_id: int, payload: TransitionIn):
    """按状态流转表执行受理、不予受理、核查、化解、答复、办结、重新办理、移交、合并等操作。"""
    clue = get_object_or_404(_listing(request), pk=clue_id)
    data = {k: v for k, v in payload.dict().items() if k != "action" and v not in ("", None)}
    try:
        services.transition(clue, payload.action, request.user, **data)
    except ValidationError as exc:
        raise _invalid(exc) from None
    return clue_out(_listing(request).get(pk=clue_id), request.user, Clock.now(filters.STAGE))
