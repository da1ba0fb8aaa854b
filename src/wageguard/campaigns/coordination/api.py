"""Assignments under /api/v1/assignments: what the caller may see (a department only what was
assigned to its agency), filtered as the list page filters, and the registry's actions."""

import datetime as dt
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
from wageguard.core.api.types import Block, InputSchema
from wageguard.core.deadlines import soon_limit

from . import rules, services
from .actions import ACTIONS, TRANSITION_NAMES
from .filters import filter_assignments
from .models import Assignment
from .rules import AssignmentState

router = Router(tags=["assignments"])


class AssignmentOut(Schema):
    id: int
    subject: str
    details: str
    agency: int = Field(..., description="承办单位 id")
    agency_name: str
    region: str = Field(..., description="承办单位所在行政区划代码")
    assigned_by_agency: int = Field(..., description="交办单位 id")
    assigned_by_agency_name: str
    assigned_at: dt.datetime
    workdays: int = Field(..., description="答复期限（工作日）")
    due_date: dt.date = Field(..., description="答复期限（交办时按工作日计算）")
    due_provisional: bool
    state: AssignmentState
    overdue: bool = Field(..., description="逾期未答复")
    sla: str = Field(
        ..., description="overdue / due_soon / on_time / answered_on_time / answered_late"
    )
    ledger_item: int | None = Field(None, description="关联的问题台账条目 id")
    project: int | None
    enterprise: int | None
    reply: str
    answered_at: dt.datetime | None
    decision_note: str
    decided_at: dt.datetime | None
    escalated_to: int | None = Field(None, description="逾期后上报至的人社部门 id")
    file_count: int
    actions: list[str] = Field(..., description="当前用户现在可以执行的操作")


class AssignmentFilter(InputSchema):
    state: AssignmentState | None = None
    overdue: bool | None = Field(None, description="true 只看逾期未答复；false 排除逾期未答复")
    agency: int | None = Field(None, ge=1, le=2**31 - 1, description="承办单位 id")


AssignmentActionName = Literal[TRANSITION_NAMES]  # type: ignore[valid-type]


class AssignmentTransitionIn(InputSchema):
    action: AssignmentActionName = Field(  # type: ignore[valid-type]
        ..., description="answer 答复（承办单位）/ accept 确认办结 / return 退回重办（交办单位）"
    )
    note: Block = Field(
        "", max_length=4000, description="答复内容（answer 必填）或确认/退回意见（return 必填）"
    )


def _visible(request: HttpRequest):
    if not request.user.can("view", services.MODEL):
        raise PermissionDenied(_("无权查看交办事项"))
    return (
        Assignment.objects.restrict(request.user, "view")
        .select_related("agency", "assigned_by_agency")
        .annotate(n_files=Count("files"))
    )


def _out(request: HttpRequest):
    today = timezone.localdate()
    soon = soon_limit(today, services.settings_row().reminder_workdays)
    user = request.user

    def out(a: Assignment) -> dict:
        answered_on = timezone.localdate(a.answered_at) if a.answered_at else None
        return {
            "id": a.pk,
            "subject": a.subject,
            "details": a.details,
            "agency": a.agency_id,
            "agency_name": a.agency.name,
            "region": a.region_id,
            "assigned_by_agency": a.assigned_by_agency_id,
            "assigned_by_agency_name": a.assigned_by_agency.name,
            "assigned_at": a.assigned_at,
            "workdays": a.workdays,
            "due_date": a.due_date,
            "due_provisional": a.due_provisional,
            "state": a.state,
            "overdue": rules.is_overdue(a.state, a.due_date, today),
            "sla": rules.sla_status(a.state, a.due_date, today, soon, answered_on),
            "ledger_item": a.ledger_item_id,
            "project": a.project_id,
            "enterprise": a.enterprise_id,
            "reply": a.reply,
            "answered_at": a.answered_at,
            "decision_note": a.decision_note,
            "decided_at": a.decided_at,
            "escalated_to": a.escalated_to_id,
            "file_count": getattr(a, "n_files", 0),
            "actions": services.available_actions(user, a),
        }

    return out


@router.get("", response=list[AssignmentOut], url_name="assignment_list", summary="交办事项")
@paginate(Pagination)
def list_assignments(request: HttpRequest, filters: Query[AssignmentFilter]):
    """可见的交办事项（其他部门只看到交办给本单位的），答复期限近的在前；可按状态、是否逾期、承办单位筛选。"""
    data = {k: v for k, v in filters.dict().items() if v is not None}
    qs = filter_assignments(_visible(request), data, timezone.localdate())
    return MappedPage(qs.order_by("due_date", "pk"), _out(request))


@router.get(
    "/{int:assignment_id}",
    response=AssignmentOut,
    url_name="assignment_detail",
    summary="交办事项详情",
)
def get_assignment(request: HttpRequest, assignment_id: int):
    return _out(request)(get_object_or_404(_visible(request), pk=assignment_id))


@router.post(
    "/{int:assignment_id}/transitions",
    response=AssignmentOut,
    url_name="assignment_transition",
    summary="交办事项操作",
)
def transition(request: HttpRequest, assignment_id: int, payload: AssignmentTransitionIn):
    """承办单位答复（附件请在页面上传），交办单位确认办结或退回重办；当前不允许的操作被拒绝并指明字段。"""
    a = get_object_or_404(_visible(request), pk=assignment_id)
    ACTIONS[payload.action].run(a, request.user, {"note": payload.note})
    return _out(request)(get_object_or_404(_visible(request), pk=assignment_id))
