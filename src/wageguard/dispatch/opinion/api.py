"""Public opinion items under /api/v1/opinion: what the caller may see, filtered as the list page
filters (state, risk, overdue, region), with the hour deadlines and the escalation flag; entered
with the page's form and service, and moved by the actions of the one registry (`actions.py`),
each action's input checked by its page form."""

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from ninja.pagination import paginate

from wageguard.core.api.forms import cleaned, form_data, form_schema, transition_schema
from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import InputSchema
from wageguard.regions.models import Level, Region

from . import services
from .actions import ACTIONS
from .forms import OpinionForm
from .models import OpinionItem
from .rules import OpinionRisk, OpinionState
from .services import MODEL, OpinionData

router = Router(tags=["opinion"])

OpinionActionName = Literal[tuple(ACTIONS)]  # type: ignore[valid-type]

OpinionItemIn = form_schema(
    "OpinionItemIn",
    "登记一条舆情：与页面“登记舆情”相同的字段与校验。",
    OpinionForm,
    examples={
        "source": "weibo",
        "source_url": "https://weibo.com/1234567890/AbCdEf",
        "title": "网友反映工地拖欠农民工工资",
        "summary": "有网友发帖称某工地拖欠二十余名工人工资三个月。",
        "seen_at": "2026-12-01T09:30:00+08:00",
        "risk": "low",
        "region": "510107",
        "workers": 20,
    },
    region=(
        str | None,
        Field(
            None,
            pattern=r"^\d{6}$",
            description="所在区县的行政区划代码（须在本人辖区内）；不填时按 address 自动分派",
        ),
    ),
)

OpinionTransitionIn = transition_schema(
    "OpinionTransitionIn",
    "一项舆情办理操作及其字段；各操作需要哪些字段见字段说明。",
    OpinionActionName,
    ((a.name, a.form) for a in ACTIONS.values()),
    examples={"action": "verify", "note": "经电话联系项目部核实，情况属实。"},
)


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
    actions: list[OpinionActionName] = Field(  # type: ignore[valid-type]
        ..., description="当前用户现在可以执行的办理操作（与页面提供的操作相同）"
    )


def _visible(request: HttpRequest):
    if not request.user.can("view", MODEL):
        raise PermissionDenied(_("无权查看舆情"))
    return OpinionItem.objects.restrict(request.user, "view").select_related("region")


def _out(now: dt.datetime, user: Any):
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
            "actions": services.available_actions(user, item),
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
    return MappedPage(qs.order_by("-seen_at", "-pk"), _out(timezone.now(), request.user))


@router.get("/{int:item_id}", response=OpinionItemOut, url_name="opinion_item", summary="舆情条目")
def get_item(request: HttpRequest, item_id: int = Path(..., example=1)):
    item = get_object_or_404(_visible(request), pk=item_id)
    return _out(timezone.now(), request.user)(item)


def _check_region(user: Any, code: str | None) -> None:
    """A county outside the caller's jurisdiction is refused as the service refuses a routed
    one (403); an unknown code is left to the form, which names the field (422)."""
    if (
        code
        and not user.in_jurisdiction(code)
        and Region.objects.filter(code=code, level=Level.COUNTY).exists()
    ):
        raise PermissionDenied(_("该舆情不在您的辖区内"))


@router.post("", response={201: OpinionItemOut}, url_name="opinion_create", summary="登记舆情")
def create_item(request: HttpRequest, payload: OpinionItemIn):  # type: ignore[valid-type]
    """登记一条舆情（媒体、微博、微信、短视频等）：按线索紧急规则评定风险，
    按发现时间计算核实、回应、发布的小时时限；极端事件风险立即上报市局和省专班。
    无登记权限或区县不在辖区内 403，字段有误 422。"""
    user = request.user
    if not user.can("add", MODEL):
        raise PermissionDenied(_("无权登记舆情"))
    _check_region(user, payload.region)
    data = cleaned(OpinionForm(form_data(payload), user=user))
    item = services.create(
        user,
        OpinionData(
            source=data["source"],
            source_url=data["source_url"],
            title=data["title"],
            summary=data["summary"],
            seen_at=data["seen_at"],
            risk=data["risk"],
            region=data["region"],
            address=data["address"],
            workers=data["workers"],
        ),
    )
    return Status(201, _out(timezone.now(), user)(_visible(request).get(pk=item.pk)))


@router.post(
    "/{int:item_id}/transitions",
    response=OpinionItemOut,
    url_name="opinion_transition",
    summary="舆情办理操作",
)
def transition(
    request: HttpRequest,
    payload: OpinionTransitionIn,  # type: ignore[valid-type]
    item_id: int = Path(..., example=1),
):
    """核实（verify，note 必填）、核实不实（dismiss，note 必填）、
    回应处置（respond：登记新线索，或关联已有线索、案件）、
    发布回应（publish：response_text、response_url）、办结（close）、
    调整风险等级（raise_risk：risk、note）。各操作的字段按页面表单校验；
    无办理权限 403，不在辖区 404，当前状态不允许或字段有误 422 并指明字段。"""
    item = get_object_or_404(_visible(request), pk=item_id)
    if not services.may_handle(request.user, item):
        raise PermissionDenied(_("无权办理该舆情"))
    action = ACTIONS[payload.action]
    own = action.form.base_fields
    body = {k: v for k, v in form_data(payload).items() if k in own}
    action.run(item, request.user, cleaned(action.form(body)))
    return _out(timezone.now(), request.user)(get_object_or_404(_visible(request), pk=item_id))
