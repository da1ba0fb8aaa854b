"""Warnings under /api/v1/warnings: the county's (or the industry department's) warnings, paged
and filtered like the inbox, and the same actions the page offers."""

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import InputSchema, SearchDate

from ..models import Level, Warning, WarningState
from . import services
from .actions import all_actions, available_actions
from .filters import filter_warnings, page

router = Router(tags=["warnings"])


class WarningOut(Schema):
    id: int
    project: int = Field(..., description="项目 ID")
    project_name: str
    rule: str = Field(..., description="预警规则编码")
    level: Level
    state: WarningState
    summary: str
    article: str = Field(..., description="依据条文（法规表键）；空为本省监测规则")
    region: str = Field(..., description="县级行政区划代码")
    department: str = Field(..., description="行业主管部门")
    issued_on: dt.date
    due_on: dt.date
    last_seen_on: dt.date
    seen_count: int
    overdue: bool
    outcome: str = Field(..., description="转办去向（如 clue）")
    outcome_ref: str
    close_reason: str
    actions: list[str] = Field(..., description="当前用户现在可以执行的操作")


class WarningFilter(InputSchema):
    level: Level | None = None
    state: str = Field("", max_length=10, description="状态；open 为未关闭的全部")
    region: str = Field("", max_length=6, description="县级或地级行政区划代码")
    project: int | None = Field(None, ge=1, le=2**31 - 1, description="项目 ID")
    rule: str = Field("", max_length=40)
    overdue: bool | None = None
    issued_from: SearchDate | None = Field(None, description="发出日期自（含）")
    issued_to: SearchDate | None = Field(None, description="发出日期至（含）")


# Every action the registry holds when the API is built (after every app's ready(), so the
# outcome slots the apps above registered, such as to_clue, are in it).
ActionName = Literal[tuple(all_actions())]  # type: ignore[valid-type]


class WarningTransitionIn(InputSchema):
    action: ActionName = Field(  # type: ignore[valid-type]
        ...,
        description="assign / handle / verify / reject / close / dismiss / to_clue（转为线索）",
    )
    note: str = Field(
        "", max_length=2000, description="理由或处置情况（处置、关闭、不是问题时必填）"
    )


def _out(request: HttpRequest):
    today = timezone.localdate()

    def out(w: Warning) -> dict:
        return {
            "id": w.pk,
            "project": w.project_id,
            "project_name": w.project.name,
            "rule": w.rule,
            "level": w.level,
            "state": w.state,
            "summary": w.summary,
            "article": w.article,
            "region": w.region_id,
            "department": w.department,
            "issued_on": w.issued_on,
            "due_on": w.due_on,
            "last_seen_on": w.last_seen_on,
            "seen_count": w.seen_count,
            "overdue": w.is_open and w.due_on < today,
            "outcome": w.outcome,
            "outcome_ref": w.outcome_ref,
            "close_reason": w.close_reason,
            "actions": [a.name for a in available_actions(w, request.user)],
        }

    return out


@router.get("", response=list[WarningOut], url_name="warning_list", summary="预警列表")
@paginate(Pagination)
def list_warnings(request: HttpRequest, filters: Query[WarningFilter]):
    """本辖区（行业主管部门为本部门）的预警，逾期和红色在前。"""
    data = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    qs = filter_warnings(services.visible(request.user), data)
    return MappedPage(qs, _out(request), fetch=page, capped=True)


@router.post(
    "/{int:warning_id}/transitions",
    response=WarningOut,
    url_name="warning_transition",
    summary="预警处置操作",
)
def transition(request: HttpRequest, warning_id: int, payload: WarningTransitionIn):
    """分派、登记处置情况、核实、退回、关闭（须写理由）、不是问题（须写理由）或转为线索。"""
    warning = get_object_or_404(services.visible(request.user), pk=warning_id)
    action = all_actions().get(payload.action)
    if action is None:  # an outcome slot gone since start-up
        raise ValidationError({"action": _("未知的操作")})
    moved = action.run(warning, request.user, {"note": payload.note})
    moved = Warning.objects.select_related("project").get(pk=moved.pk)
    return _out(request)(moved)
