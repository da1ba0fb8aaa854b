"""Projects under /api/v1/projects: the housing platform and other systems push projects (create
or update by project code); anyone allowed reads them with each core system's status."""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from wageguard.core.api.pagination import MappedPage, Pagination
from wageguard.core.api.types import InputSchema, ScheduleDate

from . import services
from .filters import filter_projects
from .models import Project, ProjectSystem
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
    region: str = Field("", max_length=6, description="县级或地级行政区划代码")
    state: State | None = None
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
