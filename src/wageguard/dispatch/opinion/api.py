"""Public opinion items under /api/v1/opinion: what the caller may see, filtered as the list page
filters (state, risk, overdue, region), with the hour deadlines and the escalation flag."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import InputSchema

from .models import OpinionItem
from .rules import OpinionRisk, OpinionState
from .services import MODEL

router = Router(tags=["opinion"])


class OpinionFilter(InputSchema):
    state: OpinionState | None = Field(None, description="状态")
    risk: OpinionRisk | None = Field(None, description="风险等级")
    overdue: bool | None = Field(None, description="true：仅当前步骤已超过小时时限的")
    region: str | None = Field(
        None, pattern=r"^\d{6}$", description="行政区划代码（省、市、县级；含下级）"
    )


class OpinionItemOut(Schema):
    id: int
    source: str
    source_url: str
    title: str
    summary: str
    seen_at: dt.datetime
    region: str
    region_name: str
    agency: int
    workers: int | None
    risk: str
    risk_reasons: list[str]
    state: str
    verify_due: dt.datetime
    respond_due: dt.datetime
    publish_due: dt.datetime
    overdue: bool = Field(..., description="当前步骤已超过小时时限")
    escalated_at: dt.datetime | None = Field(None, description="极端事件风险立即上报的时间")
    on_meeting_screen: bool
    clue: int | None
    case: int | None
    response_text: str
    response_url: str
    published_at: dt.datetime | None


def _visible(request: HttpRequest):
    if not request.user.can("view", MODEL):
        raise PermissionDenied(_("无权查看舆情"))
    return OpinionItem.objects.restrict(request.user, "view").select_related("region")


def _out(now: dt.datetime):
    def out(item: OpinionItem) -> dict:
        return {
            "id": item.pk,
            "source": item.source,
            "source_url": item.source_url,
            "title": item.title,
            "summary": item.summary,
            "seen_at": item.seen_at,
            "region": item.region_id,
            "region_name": item.region.name,
            "agency": item.agency_id,
            "workers": item.workers,
            "risk": item.risk,
            "risk_reasons": item.risk_reasons,
            "state": item.state,
            "verify_due": item.verify_due,
            "respond_due": item.respond_due,
            "publish_due": item.publish_due,
            "overdue": item.is_overdue(now),
            "escalated_at": item.escalated_at,
            "on_meeting_screen": item.on_meeting_screen,
            "clue": item.clue_id,
            "case": item.case_id,
            "response_text": item.response_text,
            "response_url": item.response_url,
            "published_at": item.published_at,
        }

    return out


@router.get("", response=list[OpinionItemOut], url_name="opinion_list", summary="舆情")
@paginate(Pagination)
def list_items(request: HttpRequest, filters: Query[OpinionFilter]):
    """本辖区的舆情，发现时间近的在前。"""
    qs = _visible(request)
    if filters.state:
        qs = qs.filter(state=filters.state)
    if filters.risk:
        qs = qs.filter(risk=filters.risk)
    if filters.overdue:
        qs = qs.overdue()
    if filters.region:
        qs = qs.in_region(filters.region)
    return MappedPage(qs.order_by("-seen_at", "-pk"), _out(timezone.now()))


@router.get("/{int:item_id}", response=OpinionItemOut, url_name="opinion_item", summary="舆情条目")
def get_item(request: HttpRequest, item_id: int):
    item = get_object_or_404(_visible(request), pk=item_id)
    return _out(timezone.now())(item)
