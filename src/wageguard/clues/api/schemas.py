"""The clue API's schemas: intake (public and staff), the clue as staff read it, transitions,
the reporter's tracking view and rating, imports."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from wageguard.core import legal
from wageguard.core.api.forms import transition_schema
from wageguard.core.api.types import Block, InputSchema, PastDate, PastDateTime
from wageguard.core.deadlines import Clock
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name, mask_phone

from .. import filters
from ..actions import ACTIONS, available_actions
from ..models import Clue
from ..rules import Channel

SectorIn = Literal["construction", "other"]
ChannelIn = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
# The clue workflow's own actions, from its registry: the spec lists exactly these.
ClueActionName = Literal[tuple(ACTIONS.names())]  # type: ignore[valid-type]


class ClueArrearsIn(InputSchema):
    worker_name: str = Field(..., max_length=50, description="劳动者姓名")
    id_number: str = Field("", description="身份证号码")
    amount_owed: Decimal = Field(
        ..., ge=0, max_digits=14, decimal_places=2, description="欠薪金额（元）"
    )
    amount_recovered: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    recovered_on: PastDate | None = None
    method: str = ""


class PublicClueIn(InputSchema):
    reporter_name: str = Field(..., max_length=50, description="反映人姓名")
    id_number: str = Field(..., max_length=30, description="身份证号码（校验码校验）")
    phone: str = Field(..., max_length=20, description="手机号码")
    sector: SectorIn = Field("other", description="construction：工程建设领域；other：其他")
    employer_name: str = Field(..., max_length=200, description="用人单位名称")
    employer_credit_code: str = Field("", max_length=30, description="统一社会信用代码（可选）")
    project_name: str = Field("", max_length=200)
    work_address: str = Field(..., max_length=300, description="工作地点，用于确定管辖地")
    period_start: str = Field("", max_length=10, description="YYYY-MM 或 YYYY-MM-DD")
    period_end: str = Field("", max_length=10)
    amount_owed: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=2)
    workers_owed: int | None = Field(None, ge=1, le=100000)
    description: Block = Field(..., max_length=5000)
    disclose_identity: bool = Field(False, description="是否同意向用人单位披露反映人身份")


class StaffClueIn(PublicClueIn):
    reporter_name: str = Field("", max_length=50)
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=20)
    channel: ChannelIn = Field(..., description="来源渠道")
    received_at: PastDateTime | None = Field(None, description="首次接收时间（他处先接收的线索）")
    external_id: str | None = Field(None, max_length=64, description="外部编号，如全国平台线索编号")
    arrears: list[ClueArrearsIn] = Field(default_factory=list, max_length=1000)


class ClueIntakeOut(Schema):
    tracking_code: str
    secret: str
    region: str
    due_date: dt.date


class ClueOut(Schema):
    """The clue as staff read it. Personal data is masked for roles without need to know, and in
    lists for everyone unless asked for (`request.clue_clear`, set by the list); `sla` reads one
    clock per request, kept on the request, for every row of a page."""

    id: int
    tracking_code: str
    state: str
    channel: str
    region: str
    agency: str
    received_at: dt.datetime
    due_date: dt.date | None
    due_provisional: bool
    sla: Literal["on_time", "due_soon", "overdue"]
    urgent: bool
    urgent_reasons: list[str]
    sector: str
    employer_name: str
    employer_credit_code: str
    project_name: str
    work_address: str
    amount_owed: Decimal | None
    workers_owed: int | None
    reporter_name: str
    id_number: str
    phone: str
    assignee: str | None
    reopened_count: int
    merged_into: str | None
    external_id: str | None
    filed_on: dt.date | None = Field(
        None, description=f"立案日期：投诉于受理之日立案（{legal.cite('O25.18')}）；其他渠道为空"
    )
    investigation_due: dt.date | None = Field(
        None, description=f"调查期限：自立案之日起 60 个工作日（{legal.cite('423.17')}）"
    )
    investigation_due_provisional: bool = False
    supplement_missing: str = Field("", description="待补正时需补正的事项")
    supplement_detail: str = Field("", description="待补正时需补正的内容")
    redirect_kind: str = Field("", description="告知向有关部门提出的事由")
    redirect_body: str = Field("", description="告知向其提出的部门")

    @staticmethod
    def resolve_region(obj: Clue) -> str:
        return obj.region_id

    @staticmethod
    def resolve_agency(obj: Clue) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_sla(obj: Clue, context) -> str:
        return request_clock(context["request"]).of(obj)

    @staticmethod
    def resolve_reporter_name(obj: Clue, context) -> str:
        return obj.reporter_name if _clear(context) else mask_name(obj.reporter_name)

    @staticmethod
    def resolve_id_number(obj: Clue, context) -> str:
        return obj.id_number if _clear(context) else mask_id_number(obj.id_number)

    @staticmethod
    def resolve_phone(obj: Clue, context) -> str:
        return obj.phone if _clear(context) else mask_phone(obj.phone)

    @staticmethod
    def resolve_assignee(obj: Clue) -> str | None:
        return obj.assignee.display_name if obj.assignee_id else None

    @staticmethod
    def resolve_merged_into(obj: Clue) -> str | None:
        return obj.merged_into.tracking_code if obj.merged_into_id else None


class ClueDetailOut(ClueOut):
    available_actions: list[ClueActionName] = Field(
        ..., description="当前状态下本人可执行的办理操作（与线索页面提供的操作相同）"
    )

    @staticmethod
    def resolve_available_actions(obj: Clue, context) -> list[str]:
        return [spec.name for spec in available_actions(obj, context["request"].user)]


def request_clock(request) -> Clock:
    """Today and the due-soon limit, computed once per request however many rows it maps."""
    clock = getattr(request, "_clue_clock", None)
    if clock is None:
        clock = request._clue_clock = Clock.now(filters.STAGE)
    return clock


def _clear(context) -> bool:
    """Clear values for a role with need to know, unless the response is a list that was not
    asked to reveal them (the list sets `clue_clear`; one clue's answer leaves it unset)."""
    request = context["request"]
    return sees_personal_data(request.user) and getattr(request, "clue_clear", True)


ClueTransitionIn = transition_schema(
    "ClueTransitionIn",
    "一项线索办理操作及其字段；各操作需要哪些字段见字段说明。",
    ClueActionName,
    ((spec.name, spec.form) for spec in ACTIONS),
)


class PublicClueOut(Schema):
    tracking_code: str
    stage: str
    timeline: list[dict]
    reply: str
    replied_at: dt.datetime | None
    rating: int | None
    can_rate: bool
    region_name: str
    awaiting_supplement: bool = Field(False, description="待补正：请按 supplement_detail 补正")
    supplement_missing: str = Field("", description="需补正事项")
    supplement_detail: str = Field("", description="需补正的内容")


class ClueCredentials(InputSchema):
    """The reporter's proof, carried in the body so no access or proxy log ever holds it: a path
    or query string is logged by every hop, a POST body by none (issue 10, finding 10)."""

    tracking_code: str = Field(..., min_length=1, max_length=20, description="查询码")
    secret: str = Field(..., min_length=1, max_length=40, description="查询密码")


class ClueSupplementIn(ClueCredentials):
    detail: Block = Field(..., min_length=1, max_length=2000, description="补正的内容")
    employer_name: str = Field("", max_length=200, description="用人单位名称（补正）")
    employer_credit_code: str = Field("", max_length=30, description="统一社会信用代码（补正）")


class ClueRatingIn(ClueCredentials):
    score: int = Field(..., ge=1, le=5)
    comment: Block = Field("", max_length=500)
    resolved: bool = True


class ClueImportErrorOut(Schema):
    row: int
    field: str | None
    message: str
    external_id: str


class ClueImportOut(Schema):
    created: int
    existing: int
    errors: list[ClueImportErrorOut]
