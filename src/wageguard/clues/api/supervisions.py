"""The listed-supervision API (挂牌督办): the register, listing a clue, report-back and review.

The same filters as the register page (`clues.register`); the same services as the clue page.
A second listing of one clue by one level is a 422 naming `clue`; a level that may not list,
report or review gets a 403; a clue or item outside the caller's jurisdiction is a 404.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import Block, InputSchema, Line, PlannedDate
from wageguard.core.deadlines import Clock

from .. import filters, register
from ..models import Clue, Supervision
from ..rules import ListedReview
from ..services import listed
from .errors import invalid

router = Router(tags=["supervisions"])

ReviewName = Literal[tuple(ListedReview.values)]  # type: ignore[valid-type]


class SupervisionOut(Schema):
    """One listed item as the register shows it."""

    id: int
    clue_id: int
    tracking_code: str
    level: str = Field(..., description="挂牌层级：city（市级）或 province（省级）")
    by_agency: str = Field(..., description="挂牌督办机构")
    handling_agency: str = Field(..., description="承办机构")
    region: str = Field(..., description="线索所在辖区代码")
    created_at: dt.datetime
    due_date: dt.date | None
    due_by_default: bool = Field(..., description="期限为省定默认值（否则为督办人指定）")
    state: str = Field(
        ..., description="listed（待报告）、reported（已报告待销号）、closed（已销号）"
    )
    sla: str = Field(..., description="待报告事项按督办期限：on_time、due_soon、overdue")
    note: str
    report: str
    reported_at: dt.datetime | None
    returned_count: int
    review_note: str
    closed_at: dt.datetime | None

    @staticmethod
    def resolve_tracking_code(obj: Supervision) -> str:
        return obj.clue.tracking_code

    @staticmethod
    def resolve_by_agency(obj: Supervision) -> str:
        return obj.by_agency.name

    @staticmethod
    def resolve_handling_agency(obj: Supervision) -> str:
        return obj.clue.agency.name

    @staticmethod
    def resolve_region(obj: Supervision) -> str:
        return obj.clue.region_id

    @staticmethod
    def resolve_state(obj: Supervision) -> str:
        return obj.listed_state

    @staticmethod
    def resolve_sla(obj: Supervision, context) -> str:
        return register.sla_of(obj, _clock(context["request"]))


def _clock(request: HttpRequest) -> Clock:
    clock = getattr(request, "listed_clock", None)
    if clock is None:
        clock = request.listed_clock = Clock.now(filters.STAGE)
    return clock


class ListIn(InputSchema):
    clue_id: int
    note: Block = Field(..., description="督办要求")
    due_date: PlannedDate | None = Field(
        None, description="督办期限；不填则按省定挂牌督办时限（工作日）自今日起算"
    )


class ReportIn(InputSchema):
    report: Block = Field(..., description="办理情况报告")


class ReviewIn(InputSchema):
    decision: ReviewName = Field(..., description="close（销号）或 return（退回重报）")
    note: Block = Field("", description="审核意见；退回时必填")
    due_date: PlannedDate | None = Field(None, description="退回时可另定的报告期限")


def _item(request: HttpRequest, supervision_id: int) -> Supervision:
    return get_object_or_404(
        register.scoped(request.user).select_related("clue__agency", "clue__region", "by_agency"),
        pk=supervision_id,
    )


@router.get("", response=list[SupervisionOut], url_name="supervision_list", summary="督办台账")
@paginate(Pagination)
def list_supervisions(
    request: HttpRequest,
    state: Line = "",
    level: Line = "",
    sla: Line = "",
    overdue: Line = "",
    region: Line = "",
    q: Line = "",
):
    """本辖区线索的挂牌督办事项，按督办期限由近及远；筛选条件与督办台账页面相同。
    state 默认 open（待报告和已报告待销号），可选 listed、reported、closed、all。"""
    params = {k: v for k, v in locals().items() if k != "request"}
    try:
        qs = register.apply(register.scoped(request.user), params, _clock(request))
    except ValidationError as exc:
        raise invalid(exc) from None
    return MappedPage(qs, lambda row: row, fetch=register.page, capped=True)


@router.post(
    "",
    response={200: SupervisionOut, 201: SupervisionOut},
    url_name="supervision_create",
    summary="挂牌督办",
)
def create(request: HttpRequest, payload: ListIn):
    """市级或省级对辖区内线索挂牌督办。同一层级对同一线索在销号前只能挂牌一次（重复提交返回 422）；
    同一人重复提交同一要求视为同一次挂牌（200）。"""
    clue = get_object_or_404(Clue.objects.restrict(request.user, "view"), pk=payload.clue_id)
    before = set(
        Supervision.objects.filter(clue=clue, kind=Supervision.Kind.LISTED).values_list(
            "pk", flat=True
        )
    )
    try:
        row = listed.list_for_supervision(clue, request.user, payload.note, payload.due_date)
    except ValidationError as exc:
        raise invalid(exc) from None
    return Status(200 if row.pk in before else 201, _item(request, row.pk))


@router.post(
    "/{int:supervision_id}/report",
    response=SupervisionOut,
    url_name="supervision_report",
    summary="报告督办办理情况",
)
def report(request: HttpRequest, supervision_id: int, payload: ReportIn):
    row = _item(request, supervision_id)
    try:
        listed.report_back(row, request.user, payload.report)
    except ValidationError as exc:
        raise invalid(exc) from None
    return _item(request, supervision_id)


@router.post(
    "/{int:supervision_id}/review",
    response=SupervisionOut,
    url_name="supervision_review",
    summary="督办事项销号或退回",
)
def review(request: HttpRequest, supervision_id: int, payload: ReviewIn):
    """挂牌督办的机构对已报告的事项销号（close），或写明理由退回重报（return）。"""
    row = _item(request, supervision_id)
    try:
        listed.review(row, request.user, payload.decision, payload.note, payload.due_date)
    except ValidationError as exc:
        raise invalid(exc) from None
    return _item(request, supervision_id)
