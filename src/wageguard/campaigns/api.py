"""Campaigns under /api/v1/campaigns and the problem ledger under /api/v1/ledger: what the caller
may see, filtered as the pages filter, and the ledger's workflow actions (the page's registry)."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import Block, InputSchema, SearchDate

from . import metrics, services
from .actions import ACTIONS, TRANSITION_NAMES
from .filters import filter_ledger, sla_dates
from .models import Campaign, LedgerItem
from .rules import CampaignKind, LedgerState, Source, UnitKind, sla_status

campaigns_router = Router(tags=["campaigns"])
ledger_router = Router(tags=["ledger"])


class CampaignTargetOut(Schema):
    label: str
    metric: str
    value: Decimal = Field(..., description="目标值")
    due_date: dt.date
    direction: Literal["at_least", "at_most"] = Field(
        ..., description="at_least 达到或超过目标值为达成；at_most 不超过目标值为达成"
    )
    current: Decimal | None = Field(
        None, description="当前值（比率为百分数）；无可统计的事项或暂不统计时为 null"
    )
    measured: bool = Field(..., description="该指标是否可以统计")
    met: bool | None = Field(None, description="是否已达成；无数据时为 null")
    late: bool = Field(..., description="已过完成时限而未达成")


class CampaignRecordCountOut(Schema):
    key: str = Field(..., description="clues / cases / warnings / channel_checks / ledger")
    label: str
    total: int
    open: int | None = Field(None, description="未办结")
    done: int | None = Field(None, description="已办结")
    overdue: int | None = Field(None, description="已逾期")
    problems: int | None = Field(None, description="发现问题（渠道暗访不合格）")


class CampaignMilestoneOut(Schema):
    label: str
    date: dt.date


class CampaignOut(Schema):
    id: int
    name: str
    kind: CampaignKind
    region: str = Field(..., description="行动范围（行政区划代码，含下级）")
    region_name: str
    parent: int | None = Field(None, description="上级专项行动 id")
    start_date: dt.date
    end_date: dt.date
    sectors: list[str] = Field(..., description="重点行业；空为全部行业")


class CampaignLedgerCounts(Schema):
    total: int
    open: int
    rectified: int
    closed: int
    overdue: int
    supervised: int
    notified: int
    closing_rate: float | None = Field(None, description="销号率（%）；无问题时为 null")


class CampaignDetailOut(CampaignOut):
    description: str
    targets: list[CampaignTargetOut]
    milestones: list[CampaignMilestoneOut]
    records: list[CampaignRecordCountOut] = Field(
        ...,
        description="行动期间、范围（及重点行业）内本人可见的线索、案件、预警、渠道暗访和问题台账",
    )
    ledger: CampaignLedgerCounts | None = Field(
        None, description="行动期间、范围内本人可见的问题台账；无权查看问题台账时为 null"
    )


class LedgerItemOut(Schema):
    id: int
    source: Source
    unit_kind: UnitKind
    enterprise: int | None
    project: int | None
    warning: int | None
    campaign: int | None = Field(None, description="建账时所属的专项行动（最具体的一个）")
    agency: int = Field(..., description="责任机构 id")
    agency_name: str
    region: str
    description: str
    opened_at: dt.datetime
    due_date: dt.date = Field(..., description="整改期限（工作日计算）")
    due_provisional: bool
    state: LedgerState
    sla: str = Field(..., description="overdue / due_soon / on_time / done_on_time / done_late")
    supervision_level: int = Field(..., description="0 未督办 / 1 市级督办 / 2 省级督办")
    notified: bool
    rectified_at: dt.datetime | None
    closed_at: dt.datetime | None
    evidence_count: int
    actions: list[str] = Field(..., description="当前用户现在可以执行的操作")


class LedgerFilter(InputSchema):
    source: Source | None = None
    state: LedgerState | None = None
    sla: Literal["overdue", "due_soon", "on_time"] | None = Field(
        None, description="已逾期 / 即将到期 / 未到期（仅待整改）"
    )
    region: str = Field("", max_length=6, description="行政区划代码（含下级）")
    campaign: int | None = Field(None, ge=1, le=2**31 - 1, description="专项行动 id")
    agency: int | None = Field(None, ge=1, le=2**31 - 1, description="责任机构 id")
    opened_from: SearchDate | None = Field(None, description="建账日期起（YYYY-MM-DD，含当日）")
    opened_to: SearchDate | None = Field(None, description="建账日期止（YYYY-MM-DD，含当日）")


LedgerActionName = Literal[TRANSITION_NAMES]  # type: ignore[valid-type]


class LedgerTransitionIn(InputSchema):
    action: LedgerActionName = Field(  # type: ignore[valid-type]
        ...,
        description="rectify 报告整改 / verify_close 核验销号（须已有佐证材料）/ return 退回 / "
        "supervise 督办 / notify 通报 / account 问责记录",
    )
    note: Block = Field(..., min_length=1, max_length=4000, description="说明（必填）")


def _campaign_out(c: Campaign) -> dict:
    return {
        "id": c.pk,
        "name": c.name,
        "kind": c.kind,
        "region": c.region_id,
        "region_name": c.region.name,
        "parent": c.parent_id,
        "start_date": c.start_date,
        "end_date": c.end_date,
        "sectors": list(c.sectors),
    }


def _visible_campaigns(request: HttpRequest):
    if not request.user.can("view", "campaigns.campaign"):
        raise PermissionDenied(_("无权查看专项行动"))
    return Campaign.objects.restrict(request.user, "view").select_related("region")


@campaigns_router.get(
    "", response=list[CampaignOut], url_name="campaign_list", summary="专项行动列表"
)
@paginate(Pagination)
def list_campaigns(request: HttpRequest):
    """本辖区及上级的专项行动，最新开始的在前。"""
    return MappedPage(_visible_campaigns(request).order_by("-start_date", "pk"), _campaign_out)


@campaigns_router.get(
    "/{int:campaign_id}",
    response=CampaignDetailOut,
    url_name="campaign_detail",
    summary="专项行动详情",
)
def get_campaign(request: HttpRequest, campaign_id: int):
    """行动的期间、范围、目标及其进度、时间节点，以及期间内、范围内各类事项和问题台账各状态数量。"""
    c = get_object_or_404(_visible_campaigns(request), pk=campaign_id)
    today = timezone.localdate()
    records = metrics.count_records(c, request.user, today)
    progress = metrics.progress(c, request.user, list(c.targets.all()), records, today)
    return {
        **_campaign_out(c),
        "description": c.description,
        "targets": [_target_out(p) for p in progress],
        "milestones": list(c.milestones.all()),
        "records": [_record_out(r) for r in records],
        "ledger": metrics.ledger_detail(records),
    }


def _target_out(p: metrics.TargetProgress) -> dict:
    t = p.target
    return {
        "label": t.label,
        "metric": t.metric,
        "value": t.value,
        "due_date": t.due_date,
        "direction": "at_most" if p.at_most else "at_least",
        "current": p.value,
        "measured": p.measured,
        "met": p.met,
        "late": p.late,
    }


def _record_out(r: metrics.RecordCount) -> dict:
    return {
        "key": r.key,
        "label": r.label,
        "total": r.total,
        "open": r.open,
        "done": r.done,
        "overdue": r.overdue,
        "problems": r.problems,
    }


def _visible_items(request: HttpRequest):
    if not request.user.can("view", services.MODEL):
        raise PermissionDenied(_("无权查看问题台账"))
    return LedgerItem.objects.restrict(request.user, "view").select_related(
        "agency__region", "region"
    )


def _item_out(request: HttpRequest):
    today, soon = sla_dates()
    user = request.user

    def out(item: LedgerItem) -> dict:
        rectified_on = timezone.localdate(item.rectified_at) if item.rectified_at else None
        return {
            "id": item.pk,
            "source": item.source,
            "unit_kind": item.unit_kind,
            "enterprise": item.enterprise_id,
            "project": item.project_id,
            "warning": item.warning_id,
            "campaign": item.campaign_id,
            "agency": item.agency_id,
            "agency_name": item.agency.name,
            "region": item.region_id,
            "description": item.description,
            "opened_at": item.opened_at,
            "due_date": item.due_date,
            "due_provisional": item.due_provisional,
            "state": item.state,
            "sla": sla_status(item.state, item.due_date, today, soon, rectified_on),
            "supervision_level": item.supervision_level,
            "notified": item.notified,
            "rectified_at": item.rectified_at,
            "closed_at": item.closed_at,
            "evidence_count": getattr(item, "n_evidence", 0),
            "actions": services.available_actions(user, item),
        }

    return out


def _with_counts(qs):
    return qs.annotate(n_evidence=Count("evidence"))


@ledger_router.get("", response=list[LedgerItemOut], url_name="ledger_list", summary="问题台账")
@paginate(Pagination)
def list_ledger(request: HttpRequest, filters: Query[LedgerFilter]):
    """本辖区的问题台账，整改期限近的在前；可按来源、状态、时限、地区、专项行动、责任机构筛选。"""
    today, soon = sla_dates()
    data = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    qs = filter_ledger(
        _visible_items(request),
        data,
        today,
        soon,
        campaigns=Campaign.objects.restrict(request.user, "view"),
    )
    return MappedPage(_with_counts(qs).order_by("due_date", "pk"), _item_out(request), capped=True)


@ledger_router.get(
    "/{int:item_id}", response=LedgerItemOut, url_name="ledger_item", summary="问题台账条目"
)
def get_item(request: HttpRequest, item_id: int):
    item = get_object_or_404(_with_counts(_visible_items(request)), pk=item_id)
    return _item_out(request)(item)


@ledger_router.post(
    "/{int:item_id}/transitions",
    response=LedgerItemOut,
    url_name="ledger_transition",
    summary="问题台账操作",
)
def transition(request: HttpRequest, item_id: int, payload: LedgerTransitionIn):
    """报告整改、核验销号（须另一人、上级，且已上传整改佐证）、退回、督办、通报、问责记录。"""
    item = get_object_or_404(_visible_items(request), pk=item_id)
    ACTIONS[payload.action].run(item, request.user, {"note": payload.note})
    moved = get_object_or_404(_with_counts(_visible_items(request)), pk=item_id)
    return _item_out(request)(moved)
