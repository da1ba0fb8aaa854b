"""Projects under /api/v1/projects: the housing platform and other systems push projects (create
or update by project code); anyone allowed reads them with each core system's status. The
roster and the monthly feeds are pushed under /api/v1/feeds/{kind}."""

import datetime as dt
import json
from decimal import Decimal
from enum import StrEnum
from itertools import islice
from typing import Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from wageguard.core import audit, profiles
from wageguard.core.api.errors import ApiError, ErrorOut
from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import InputSchema, Line, ScheduleDate
from wageguard.core.imports import Outcome
from wageguard.core.tables import kind_of, read_table
from wageguard.core.text import clean_row

from . import feeds, services
from . import payroll_months as payroll
from .filters import filter_projects
from .models import FeedPush, Project, ProjectSystem
from .rules import AppropriationCycle, Funding, State, System
from .rules import Status as SystemStatus

router = Router(tags=["projects"])


class ProjectSystemOut(Schema):
    system: System = Field(..., description="核心制度")
    status: SystemStatus = Field(
        ...,
        description="in_place 已落实 / partial 部分落实 / missing 未落实 / exempt 依规减免 / "
        "not_due 尚未到期 / unknown 缺少数据",
    )
    reason: str = Field(..., description="评估说明")
    article: str = Field(..., description="依据条文（法规表键，如 724.26）")


class ProjectOut(Schema):
    id: int
    name: str
    code: str
    region: str = Field(..., description="所在县级行政区划代码")
    state: State
    department: str = Field(..., description="行业主管部门：housing/transport/water/ndrc")
    general_contractor: str = Field(..., description="施工总承包单位名称")
    applies_all: bool = Field(..., description="六项核心制度全部落实（或依规减免）")
    systems: list[ProjectSystemOut]


class ProjectDetailOut(ProjectOut):
    site_address: str
    developer: str
    funding: Funding
    contract_value: Decimal | None
    labour_cost_share: Decimal | None
    appropriation_cycle: str
    contract_signed_on: dt.date | None
    permit_on: dt.date | None
    started_on: dt.date | None
    planned_completion_on: dt.date | None
    completed_on: dt.date | None
    settled_on: dt.date | None
    labour_officer: str


class ProjectIn(InputSchema):
    """One project as the housing department's platform holds it; the code is the key."""

    code: str = Field(..., min_length=1, max_length=40, description="项目编码（唯一）")
    name: str = Field(..., min_length=1, max_length=200)
    site_address: str = Field(..., min_length=1, max_length=300, description="项目地址（写明区县）")
    region: str = Field("", max_length=6, description="县级行政区划代码；空则由地址确定")
    department: str = Field("housing", max_length=16)
    developer_name: str = Field(..., min_length=1, max_length=200)
    developer_credit_code: str = Field("", max_length=18)
    general_contractor_name: str = Field(..., min_length=1, max_length=200)
    general_contractor_credit_code: str = Field("", max_length=18)
    funding: Funding = Funding.PRIVATE
    contract_value: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    labour_cost_share: Decimal | None = Field(None, ge=0, le=100, max_digits=5, decimal_places=2)
    appropriation_cycle: AppropriationCycle | None = None
    contract_signed_on: ScheduleDate | None = None
    permit_on: ScheduleDate | None = None
    started_on: ScheduleDate | None = None
    planned_completion_on: ScheduleDate | None = None
    labour_officer: str = Field("", max_length=50)
    state: State | None = Field(
        None, description="新登记项目的初始状态：registered 或 construction"
    )


class ProjectFilter(InputSchema):
    region: str = Field("", max_length=6, description="行政区划代码（县级、地级或省级）")
    state: Literal[("active", *State.values)] | None = Field(  # type: ignore[valid-type]
        None, description="状态；active 为在建及停工（制度落实率所计的项目）"
    )
    department: str = Field("", max_length=16)
    system: System | None = None
    status: str = Field("", max_length=10, description="某项制度的落实情况；gap 为未落实或部分落实")
    applies: str = Field("", max_length=3, description="yes 全部落实 / no 未全部落实")
    q: str = Field("", max_length=100, description="项目名称、编码或单位名称")


def _systems(projects: list[Project]) -> dict[int, list[ProjectSystem]]:
    out: dict[int, list[ProjectSystem]] = {}
    for row in ProjectSystem.objects.filter(project__in=[p.pk for p in projects]).order_by(
        "project_id", "pk"
    ):
        out.setdefault(row.project_id, []).append(row)
    return out


def _fetch(qs, start: int, stop: int) -> list[Project]:
    """A page of projects with their systems: two queries whatever the page size."""
    rows = list(qs.select_related("general_contractor").order_by("-pk")[start:stop])
    systems = _systems(rows)
    for project in rows:
        project.system_rows = systems.get(project.pk, [])
    return rows


def _out(project: Project) -> dict:
    return {
        "id": project.pk,
        "name": project.name,
        "code": project.code,
        "region": project.region_id,
        "state": project.state,
        "department": project.department,
        "general_contractor": project.general_contractor.name,
        "applies_all": project.applies_all,
        "systems": [
            {"system": r.system, "status": r.status, "reason": r.reason, "article": r.article}
            for r in getattr(project, "system_rows", [])
        ],
    }


@router.get("", response=list[ProjectOut], url_name="project_list", summary="工程项目列表")
@paginate(Pagination)
def list_projects(request: HttpRequest, filters: Query[ProjectFilter]):
    """本辖区的工程项目及六项核心制度的落实情况，筛选条件与项目台账页面相同。"""
    data = {k: v for k, v in filters.dict().items() if v not in (None, "")}
    qs = filter_projects(Project.objects.restrict(request.user, "view"), data)
    return MappedPage(qs, _out, fetch=_fetch, capped=True)


class PayrollMonthOut(Schema):
    id: int
    project: int
    project_name: str
    region: str = Field(..., description="项目所在县（市、区）代码")
    month: dt.date = Field(..., description="工资月份（当月第一天）")
    due_on: dt.date = Field(..., description="工资应发放截止日（次月最后一天）")
    on_attendance: int = Field(..., description="有出勤的劳动者人数")
    not_paid_on_time: int = Field(..., description="截止日前未通过专用账户足额代发的出勤人数")
    paid_monthly: bool = Field(..., description="按月足额发放")


def _month_out(m) -> dict:
    return {
        "id": m.pk,
        "project": m.project_id,
        "project_name": m.project.name,
        "region": m.project.region_id,
        "month": m.month,
        "due_on": m.due_on,
        "on_attendance": m.on_attendance,
        "not_paid_on_time": m.not_paid_on_time,
        "paid_monthly": m.paid_monthly,
    }


@router.get(
    "/payroll-months",
    response=list[PayrollMonthOut],
    url_name="payroll_month_list",
    summary="按月工资发放",
)
@paginate(Pagination)
def list_payroll_months(
    request: HttpRequest,
    region: Line = "",
    due_from: Line = "",
    due_to: Line = "",
    paid: Line = "",
):
    """本辖区工程项目已到期的工资月份（有出勤，截止日为次月最后一天）。region 为行政区划代码
    （含下级，省级代码为全省）；due_from、due_to 为截止日范围（YYYY-MM-DD，含两端）；
    paid：yes 按月足额发放 / no 未按月足额发放。与调度指标“按月足额发放率”的计数相同。"""
    params = {"region": region, "due_from": due_from, "due_to": due_to, "paid": paid}
    qs = payroll.visible(request.user).select_related("project")
    qs = payroll.apply(qs, params).order_by("-due_on", "project_id")
    return MappedPage(qs, _month_out)


@router.get(
    "/{int:project_id}", response=ProjectDetailOut, url_name="project_detail", summary="项目详情"
)
def detail(request: HttpRequest, project_id: int):
    project = get_object_or_404(
        Project.objects.restrict(request.user, "view").select_related(
            "developer", "general_contractor"
        ),
        pk=project_id,
    )
    project.system_rows = _systems([project]).get(project.pk, [])
    return {
        **_out(project),
        **{
            name: getattr(project, name)
            for name in (
                "site_address",
                "funding",
                "contract_value",
                "labour_cost_share",
                "appropriation_cycle",
                "contract_signed_on",
                "permit_on",
                "started_on",
                "planned_completion_on",
                "completed_on",
                "settled_on",
                "labour_officer",
            )
        },
        "developer": project.developer.name,
    }


@router.post(
    "",
    response={200: ProjectDetailOut, 201: ProjectDetailOut},
    url_name="project_upsert",
    summary="登记或更新项目（按项目编码）",
)
def upsert(request: HttpRequest, payload: ProjectIn):
    """同一项目编码再次推送时更新原项目（空值不清除已有信息），返回 200；新项目返回 201。"""
    data = {k: v for k, v in payload.dict().items() if v is not None}
    result = services.register(request.user, data, source="api")
    return Status(201 if result.created else 200, detail(request, result.project.pk))


# --- feeds: POST /api/v1/feeds/{kind} ---------------------------------------------------------

feeds_router = Router(tags=["feeds"])

FeedKind = StrEnum("FeedKind", {kind.upper(): kind for kind in feeds.FEEDS})
# One push is one transaction; a larger file goes through /imports/<kind>/ (queued, batched).
API_MAX_ROWS = 5000


class FeedOut(Schema):
    kind: str
    created: int
    updated: int
    unchanged: int
    refused: int = Field(0, description="被拒绝的行数（成功时为 0；被拒绝时整次推送以 422 返回）")


FEED_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["rows"],
                    "properties": {
                        "rows": {
                            "type": "array",
                            "maxItems": API_MAX_ROWS,
                            "items": {
                                "type": "object",
                                "additionalProperties": {
                                    "type": ["string", "number", "boolean", "null"]
                                },
                            },
                            "description": "每行一个对象，键为字段名（见 docs/projects.md）",
                        }
                    },
                }
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "profile": {
                            "type": "integer",
                            "description": "导入配置编号：按该配置的列对应读取文件（见 "
                            "docs/api.md）；未知或不可用的编号以 422 拒绝",
                        },
                    },
                }
            },
        },
    }
}


def _refused(message: str, field: str | None = None) -> ApiError:
    return ApiError(422, "validation_error", message, field)


def _profile_mapping(request: HttpRequest, kind: str) -> tuple[dict[str, str], str]:
    """The mapping and name of the import profile a file push names in `profile`, if any."""
    pk = request.POST.get("profile", "").strip()
    if not pk:
        return {}, ""
    try:
        profile = profiles.find(request.user, kind, pk)
    except ValidationError as exc:
        raise _refused(exc.message_dict["profile"][0], "profile") from None
    return dict(profile.mapping), profile.name


def _pushed_rows(request: HttpRequest, kind: str) -> list[tuple[int, dict]]:
    """The rows of a push: a JSON `{"rows": [...]}` or a multipart `file` (CSV or XLSX)."""
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        upload = request.FILES.get("file")
        if upload is None:
            raise _refused(_("请上传文件"), "file")
        mapping, source = _profile_mapping(request, kind)
        rows = read_table(
            upload, kind_of(upload.name or ""), feeds.FEEDS[kind].columns, mapping, source
        )
        out = list(islice(rows, API_MAX_ROWS + 1))
    else:
        try:
            body = json.loads(request.body or b"null")
        except (ValueError, UnicodeDecodeError):
            raise _refused(_("请求体应为 JSON"), "rows") from None
        data = body.get("rows") if isinstance(body, dict) else None
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise _refused(_("rows 应为对象数组"), "rows")
        out = [
            (i, clean_row({str(k): v for k, v in row.items() if isinstance(v, str | int | float)}))
            for i, row in enumerate(data, start=1)
        ]
    if not out:
        raise _refused(_("没有数据行"), "rows")
    if len(out) > API_MAX_ROWS:
        raise _refused(
            _("一次至多推送 %(n)d 行，更大的文件请通过文件导入") % {"n": API_MAX_ROWS}, "rows"
        )
    return out


class _Refused(Exception):
    def __init__(self, result: feeds.Result):
        self.result = result


@feeds_router.post(
    "/{kind}",
    response={200: FeedOut, 422: ErrorOut},
    url_name="feed_push",
    summary="推送花名册、考勤、工资表、代发、拨付或余额",
    openapi_extra=FEED_BODY,
)
def push(
    request: HttpRequest,
    kind: FeedKind,
    idempotency_key: Line = Header("", alias="Idempotency-Key"),
):
    """一次推送的行要么全部写入（200，按各自主键计新增、更新、未变），要么一行也不写（422，列出
    每个被拒绝的行及原因，例如未登记的项目编码、不在花名册上的农民工）。同一 Idempotency-Key
    再次推送时返回首次的结果。任何一行的项目不在本辖区时整次推送被拒绝（403）。上传文件时可用
    profile 指定导入配置（银行自己的列名），未知或不可用的配置以 422 拒绝。"""
    kind = FeedKind(kind).value
    if not request.user.can("change", feeds.MODEL):
        raise PermissionDenied(_("您的角色不能执行此操作"))
    if len(idempotency_key) > 100:
        raise _refused(_("Idempotency-Key 不能超过 100 个字符"), "Idempotency-Key")
    if idempotency_key:
        earlier = FeedPush.objects.filter(
            created_by=request.user, kind=kind, key=idempotency_key
        ).first()
        if earlier is not None:
            return Status(earlier.status, earlier.answer)
    rows = _pushed_rows(request, kind)
    try:
        with transaction.atomic():
            result = feeds.run(kind, request.user, rows)
            if result.outside:
                raise PermissionDenied(result.outside)
            if result.errors:
                raise _Refused(result)
            answer = {
                "kind": kind,
                "created": result.counts[Outcome.CREATED],
                "updated": result.counts[Outcome.UPDATED],
                "unchanged": result.counts[Outcome.UNCHANGED],
                "refused": 0,
            }
            audit.record(
                "project.feed",
                after={"kind": kind, **{k: answer[k] for k in ("created", "updated", "unchanged")}},
                reason="api",
                actor=request.user,
            )
            if idempotency_key:
                FeedPush.objects.create(
                    created_by=request.user,
                    kind=kind,
                    key=idempotency_key,
                    status=200,
                    answer=answer,
                )
    except _Refused as refused:
        errors = [
            {"row": n, "field": f if f not in (None, "__all__") else None, "message": m}
            for n, f, m in refused.result.errors
        ]
        return Status(
            422,
            {
                "code": "validation_error",
                "message": _("%(n)d 行被拒绝，均未写入。第 %(row)d 行：%(message)s")
                % {"n": len(errors), "row": errors[0]["row"], "message": errors[0]["message"]},
                "field": errors[0]["field"],
                "errors": errors,
            },
        )
    return Status(200, answer)
