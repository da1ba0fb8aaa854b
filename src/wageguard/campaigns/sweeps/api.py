"""Sweeps under /api/v1/sweeps: the sweeps the caller may see, one with its coverage per county
and prefecture, and the phone's visit record (idempotent by `client_key`: 201 the first time,
200 with the same body on a retry)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import Block, InputSchema, Line

from . import filters, rules, services
from .models import PERMISSION, Sweep, SweepTarget, SweepVisit

router = Router(tags=["sweeps"])

SystemCode = Literal[rules.SYSTEMS]  # type: ignore[valid-type]
CheckValue = Literal["yes", "no", "na"]


class SweepOut(Schema):
    id: int
    name: str
    campaign: int = Field(..., description="专项行动 id")
    region: str = Field(..., description="排查范围（行政区划代码，含下级）")
    region_name: str
    start_date: dt.date
    end_date: dt.date


class SweepCoverageRow(Schema):
    region: str = Field(..., description="行政区划代码；合计行为空")
    name: str
    level: Literal["county", "city", "total"]
    parent: str = Field("", description="县级行的上级市（州）代码")
    total: int = Field(..., description="范围内排查对象数")
    visited: int = Field(..., description="已检查对象数")
    problems: int = Field(..., description="发现问题的对象数")
    rate: float | None = Field(None, description="覆盖率（%）；无对象时为 null")


class SweepDetailOut(SweepOut):
    coverage: list[SweepCoverageRow] = Field(
        ..., description="每个市（州）一行，其后为其县（市、区）；仅统计本人可见的对象"
    )
    total: SweepCoverageRow


class SweepTargetOut(Schema):
    id: int
    sweep: int
    campaign: int = Field(..., description="专项行动 id")
    kind: Literal["project", "employer"]
    name: str
    region: str = Field(..., description="所在县（市、区）代码")
    region_name: str
    team: int | None = None
    visited_at: dt.datetime | None = Field(None, description="首次检查时间；未检查为 null")
    problem_found: bool


class SweepVisitIn(InputSchema):
    client_key: Line = Field(
        ...,
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_.:-]+$",
        description="客户端生成的唯一标识；重试时使用同一标识，只记录一次",
    )
    systems: dict[SystemCode, CheckValue] = Field(  # type: ignore[valid-type]
        default_factory=dict,
        description="核心制度检查结果：yes 已落实 / no 未落实 / na 不适用；工程项目须填全部六项",
    )
    wages_monthly: bool = Field(..., description="是否按月足额支付工资")
    arrears_workers: int = Field(0, ge=0, le=services.MAX_WORKERS, description="欠薪人数")
    arrears_amount: Decimal = Field(
        Decimal(0), ge=0, le=services.MAX_ARREARS, decimal_places=2, description="欠薪金额（元）"
    )
    remarks: Block = Field("", max_length=2000, description="备注")


class SweepVisitOut(Schema):
    id: int
    target: int
    target_name: str
    team: int
    recorded_by: str = Field(..., description="记录人用户名")
    visited_at: dt.datetime
    systems: dict[str, str]
    wages_monthly: bool
    arrears_workers: int
    arrears_amount: Decimal
    remarks: str
    ledger_items: list[int] = Field(..., description="本次检查列入问题台账的条目 id")
    clue: int | None = None
    case: int | None = None


def _visible(request: HttpRequest):
    if not request.user.can("view", PERMISSION):
        raise PermissionDenied(_("无权查看拉网式排查"))
    return Sweep.objects.restrict(request.user, "view").select_related("region")


def _sweep_out(s: Sweep) -> dict:
    return {
        "id": s.pk,
        "name": s.name,
        "campaign": s.campaign_id,
        "region": s.region_id,
        "region_name": s.region.name,
        "start_date": s.start_date,
        "end_date": s.end_date,
    }


def _row(r: services.CoverageRow) -> dict:
    return {
        "region": r.code,
        "name": str(r.name),
        "level": r.level,
        "parent": r.parent,
        "total": r.total,
        "visited": r.visited,
        "problems": r.problems,
        "rate": r.rate,
    }


@router.get("", response=list[SweepOut], url_name="sweep_list", summary="拉网式排查列表")
@paginate(Pagination)
def list_sweeps(request: HttpRequest):
    """本辖区及上级的拉网式排查，最新开始的在前。"""
    return MappedPage(_visible(request).order_by("-start_date", "pk"), _sweep_out)


def _target_out(t: SweepTarget) -> dict:
    return {
        "id": t.pk,
        "sweep": t.sweep_id,
        "campaign": t.sweep.campaign_id,
        "kind": t.kind,
        "name": t.name,
        "region": t.region_id,
        "region_name": t.region.name,
        "team": t.team_id,
        "visited_at": t.visited_at,
        "problem_found": t.problem_found,
    }


@router.get(
    "/targets", response=list[SweepTargetOut], url_name="sweep_target_list", summary="排查对象"
)
@paginate(Pagination)
def list_targets(
    request: HttpRequest,
    region: Line = "",
    period_from: Line = "",
    period_to: Line = "",
    campaign: Line = "",
    sweep: Line = "",
    inspected: Line = "",
):
    """本人可见的排查对象。region 为行政区划代码（含下级，省级代码为全省）；period_from、period_to：
    排查期间与之重叠的排查（YYYY-MM-DD，含两端）；campaign、sweep 为专项行动、排查 id；
    inspected：yes 已检查 / no 未检查。与调度指标“排查覆盖率”的计数相同。"""
    if not request.user.can("view", PERMISSION):
        raise PermissionDenied(_("无权查看拉网式排查"))
    params = {
        "region": region,
        "period_from": period_from,
        "period_to": period_to,
        "campaign": campaign,
        "sweep": sweep,
        "inspected": inspected,
    }
    qs = SweepTarget.objects.restrict(request.user, "view").select_related("sweep", "region")
    return MappedPage(filters.apply(qs, params).order_by("region_id", "name", "pk"), _target_out)


@router.get(
    "/{int:sweep_id}", response=SweepDetailOut, url_name="sweep_detail", summary="拉网式排查详情"
)
def get_sweep(request: HttpRequest, sweep_id: int):
    """排查的范围、期间，以及按县（市、区）、市（州）统计的覆盖率（已检查/范围内对象）。"""
    sweep = get_object_or_404(_visible(request), pk=sweep_id)
    cov = services.coverage(sweep, request.user)
    return {
        **_sweep_out(sweep),
        "coverage": [_row(r) for r in cov.rows],
        "total": _row(cov.total),
    }


def _visit_out(v: SweepVisit) -> dict:
    return {
        "id": v.pk,
        "target": v.target_id,
        "target_name": v.target.name,
        "team": v.team_id,
        "recorded_by": v.recorded_by.username,
        "visited_at": v.visited_at,
        "systems": dict(v.systems),
        "wages_monthly": v.wages_monthly,
        "arrears_workers": v.arrears_workers,
        "arrears_amount": v.arrears_amount,
        "remarks": v.remarks,
        "ledger_items": sorted(v.ledger_items.values_list("pk", flat=True)),
        "clue": v.clue_id,
        "case": v.case_id,
    }


@router.post(
    "/{int:sweep_id}/targets/{int:target_id}/visits",
    response={200: SweepVisitOut, 201: SweepVisitOut},
    url_name="sweep_visit",
    summary="记录排查检查",
)
def record_visit(request: HttpRequest, sweep_id: int, target_id: int, payload: SweepVisitIn):
    """检查组成员记录一次检查。以 client_key 去重：首次 201，同一标识重试返回首次记录（200）。
    发现问题（核心制度未落实、未按月支付工资、欠薪）时逐项列入问题台账。"""
    if not request.user.can("visit", PERMISSION):
        raise PermissionDenied(_("您的角色不能记录排查检查"))
    sweep = get_object_or_404(_visible(request), pk=sweep_id)
    target = get_object_or_404(SweepTarget.objects.restrict(request.user, "view"), pk=target_id)
    done = services.record_visit(request.user, target, sweep=sweep, **payload.dict())
    visit = SweepVisit.objects.select_related("target", "recorded_by").get(pk=done.visit.pk)
    return Status(201 if done.created else 200, _visit_out(visit))
