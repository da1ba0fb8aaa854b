"""Dispatch rounds and progress reports under /api/v1/dispatch-rounds: what the pages show, read
through the same `services.visible_reports` (the province every prefecture, a prefecture its own
row, a county nothing), the round started by the same form and service as the page, and the
reports' moves from the one registry (`actions.py`).

A report's figures are the ones frozen when it was last submitted, with `computed_at`: the API
never recomputes them, so a client reads what the prefecture reported."""

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import create_model

from wageguard.core.api.forms import cleaned, form_data, form_schema, transition_schema
from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import InputSchema, Line, SearchDate

from . import filters, services
from .actions import ACTIONS, TRANSITION_NAMES
from .forms import RoundForm
from .models import DispatchRound, ProgressReport
from .rules import Cadence, ReportState

router = Router(tags=["dispatch rounds"])

CadenceName = Literal[tuple(Cadence.values)]  # type: ignore[valid-type]
ReportStateName = Literal[tuple(ReportState.values)]  # type: ignore[valid-type]
ReportActionName = Literal[TRANSITION_NAMES]  # type: ignore[valid-type]
MAX_ID = 2**31 - 1


class DispatchRoundFilter(InputSchema):
    campaign: int | None = Field(None, ge=1, le=MAX_ID, description="专项行动 id")
    cadence: CadenceName | None = Field(None, description="调度频次")  # type: ignore[valid-type]
    start_from: SearchDate | None = Field(None, description="统计期间起不早于（含）")
    start_to: SearchDate | None = Field(None, description="统计期间起不晚于（含）")
    pending: bool | None = Field(
        None, description="true：仅有本人可见的进展情况尚未报送的轮次；false：均已报送的轮次"
    )


DispatchRoundIn = form_schema(
    "DispatchRoundIn",
    "发起一轮调度：与页面“发起调度”相同的字段与校验。",
    RoundForm,
    examples={
        "title": "冬季专项行动调度",
        "start": "2026-11-30",
        "end": "2026-12-06",
        "due_date": "2026-12-08",
        "cadence": "weekly",
    },
    campaign=(
        int | None,
        Field(
            None,
            ge=1,
            le=MAX_ID,
            description="专项行动 id（本人可见的专项行动；不填则不按专项行动）",
        ),
    ),
)

ProgressReportTransitionIn = create_model(
    "ProgressReportTransitionIn",
    __base__=transition_schema(
        "ProgressReportTransitionFields",
        "",
        ReportActionName,
        ((a.name, a.form) for a in ACTIONS.values()),
        examples={"action": "submit", "narrative": "本周新增欠薪线索均已按期核查。"},
    ),
    __doc__="进展情况的一项操作：submit 报送（市州，narrative 必填，explanations 可选）/ "
    "return 退回（省级，note 必填）。",
    explanations=(
        dict[str, Line],
        Field(
            default_factory=dict,
            description="submit：各指标的说明，键为指标键（如 clues_received），每项不超过 500 字",
            examples=[{"clues_received": "含冬季集中接访登记的线索"}],
        ),
    ),
)


class DispatchFigureOut(Schema):
    key: str
    label: str
    unit: str
    value: Decimal | None = Field(None, description="报送时冻结的数值；比率为百分数")
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    list_url: str | None = Field(None, description="计入本指标的记录列表")


class ProgressReportOut(Schema):
    id: int
    round: int
    region: str = Field(..., description="市（州）行政区划代码")
    region_name: str
    state: ReportStateName  # type: ignore[valid-type]
    late: bool = Field(..., description="逾期：截止日期过后才首次报送，或截止日期已过仍未报送")
    narrative: str
    explanations: dict[str, str] = Field(..., description="各指标的说明，键为指标键")
    figures: list[DispatchFigureOut] = Field(
        ..., description="最近一次报送时计算并冻结的指标；从未报送时为空"
    )
    computed_at: dt.datetime | None = Field(None, description="figures 的计算时间")
    submitted_at: dt.datetime | None
    first_submitted_at: dt.datetime | None = Field(None, description="首次报送时间（逾期据此判断）")
    submitted_by: str = Field(..., description="报送人姓名；未报送时为空")
    return_note: str = Field(..., description="最近一次退回意见")
    actions: list[ReportActionName] = Field(  # type: ignore[valid-type]
        ..., description="当前用户现在可以执行的操作"
    )


class DispatchRoundOut(Schema):
    id: int
    title: str
    number: int = Field(..., description="轮次")
    region: str = Field(..., description="发起省份的行政区划代码")
    start: dt.date = Field(..., description="统计期间起（含）")
    end: dt.date = Field(..., description="统计期间止（含）")
    due_date: dt.date = Field(..., description="报送截止日期")
    cadence: CadenceName  # type: ignore[valid-type]
    campaign: int | None
    previous: int | None = Field(None, description="上一轮 id")
    created_at: dt.datetime
    past_due: bool = Field(..., description="截止日期已过")
    report_count: int = Field(
        ..., description="本人可见的进展情况数（省级为全部市州，市州为本市州）"
    )
    submitted_count: int = Field(..., description="其中已报送的")
    late_count: int = Field(..., description="其中逾期的")


class DispatchRoundDetailOut(DispatchRoundOut):
    reports: list[ProgressReportOut] = Field(
        ..., description="本人可见的各市州进展情况，按区划代码"
    )


def _viewer(request: HttpRequest) -> Any:
    if not services.may_view(request.user):
        raise PermissionDenied(_("无权查看进展情况"))
    return request.user


def _reports(user: Any):
    return services.visible_reports(user).select_related("region", "round", "submitted_by")


def _report_out(user: Any, today: dt.date):
    def out(report: ProgressReport) -> dict:
        by = report.submitted_by
        return {
            "id": report.pk,
            "round": report.round_id,
            "region": report.region_id,
            "region_name": report.region.name,
            "state": report.state,
            "late": services.is_late(report, today),
            "narrative": report.narrative,
            "explanations": report.explanations,
            "figures": report.figures,
            "computed_at": report.computed_at,
            "submitted_at": report.submitted_at,
            "first_submitted_at": report.first_submitted_at,
            "submitted_by": (by.get_full_name() or by.get_username()) if by else "",
            "return_note": report.return_note,
            "actions": [a.name for a in ACTIONS.values() if a.applies(report, user)],
        }

    return out


def _round_out(r: DispatchRound, reports: list[ProgressReport], today: dt.date) -> dict:
    return {
        "id": r.pk,
        "title": r.title,
        "number": r.number,
        "region": r.region_id,
        "start": r.start,
        "end": r.end,
        "due_date": r.due_date,
        "cadence": r.cadence,
        "campaign": r.campaign_id,
        "previous": r.previous_id,
        "created_at": r.created_at,
        "past_due": today > r.due_date,
        "report_count": len(reports),
        "submitted_count": sum(report.state == ReportState.SUBMITTED for report in reports),
        "late_count": sum(services.is_late(report, today) for report in reports),
    }


def _detail(user: Any, round_id: int) -> dict:
    r = get_object_or_404(services.visible_rounds(user), pk=round_id)
    today = timezone.localdate()
    reports = list(_reports(user).filter(round=r).order_by("region_id"))
    out = _report_out(user, today)
    return {**_round_out(r, reports, today), "reports": [out(report) for report in reports]}


@router.get("", response=list[DispatchRoundOut], url_name="dispatch_round_list", summary="调度轮次")
@paginate(Pagination)
def list_rounds(request: HttpRequest, filters_: Query[DispatchRoundFilter]):
    """本人可见的调度轮次（省级全部，市州为要求本市州报送的轮次，区县无），统计期间近的在前；
    各轮次附本人可见的进展情况的报送数和逾期数。"""
    user = _viewer(request)
    today = timezone.localdate()
    data = {k: v for k, v in filters_.dict().items() if v is not None}
    qs = filters.filter_rounds(services.visible_rounds(user), data, user)
    by_round: dict[int, list[ProgressReport]] = {}

    def on_page(rows: list[DispatchRound]) -> None:
        reports = (
            services.visible_reports(user)
            .filter(round__in=rows)
            .select_related("round")
            .only("pk", "round_id", "state", "first_submitted_at", "round__due_date")
        )
        for report in reports:
            by_round.setdefault(report.round_id, []).append(report)

    return MappedPage(qs, lambda r: _round_out(r, by_round.get(r.pk, []), today), on_page=on_page)


@router.get(
    "/{int:round_id}",
    response=DispatchRoundDetailOut,
    url_name="dispatch_round_detail",
    summary="调度轮次详情",
)
def get_round(request: HttpRequest, round_id: int = Path(..., example=1)):
    """一轮调度及本人可见的各市州进展情况：状态、报送时间、是否逾期、报送时冻结的指标及其计算时间。"""
    return _detail(_viewer(request), round_id)


@router.post(
    "",
    response={201: DispatchRoundDetailOut},
    url_name="dispatch_round_create",
    summary="发起调度",
)
def create_round(request: HttpRequest, payload: DispatchRoundIn):  # type: ignore[valid-type]
    """省级（省厅分管领导、省级专班）发起一轮调度：每个市州一份待报送的进展情况，并通知各市州。
    其他用户 403；字段有误 422 并指明字段（与页面相同的校验）。"""
    user = _viewer(request)
    if not services.may_request(user):
        raise PermissionDenied(_("只有省级可以发起调度"))
    data = cleaned(RoundForm(form_data(payload), user=user))
    r = services.create_round(user, **data)
    return Status(201, _detail(user, r.pk))


def _explanation_field(exc: ValidationError) -> ValidationError:
    """The service names an explanation's field as the page does (`explain_<kpi>`); the API's
    client sent it as `explanations.<kpi>`, and is told so."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {
            (
                f"explanations.{name.removeprefix('explain_')}"
                if name.startswith("explain_")
                else name
            ): errors
            for name, errors in exc.error_dict.items()
        }
    )


@router.post(
    "/{int:round_id}/reports/{int:report_id}/transitions",
    response=ProgressReportOut,
    url_name="dispatch_report_transition",
    summary="进展情况操作",
)
def transition(
    request: HttpRequest,
    payload: ProgressReportTransitionIn,  # type: ignore[valid-type]
    round_id: int = Path(..., example=1),
    report_id: int = Path(..., example=1),
):
    """市州报送本市州的进展情况（submit：工作进展及各指标说明；指标数值不可填写，报送时按记录计算并冻结），
    省级退回已报送的进展情况（return：退回意见）。无权 403，不可见或不属于该轮次 404，
    字段有误或当前状态不允许 422 并指明字段。"""
    user = _viewer(request)
    report = get_object_or_404(_reports(user).filter(round_id=round_id), pk=report_id)
    try:
        ACTIONS[payload.action].run(report, user, payload.dict())
    except ValidationError as exc:
        raise _explanation_field(exc) from None
    report = get_object_or_404(_reports(user), pk=report_id)
    return _report_out(user, timezone.localdate())(report)
