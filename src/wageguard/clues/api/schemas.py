"""The clue API's schemas: intake (public and staff), the clue as staff read it, transitions,
the reporter's tracking view and rating, imports."""

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from wageguard.core.deadlines import Clock
from wageguard.org.rules import sees_personal_data
from wageguard.parties.rules import mask_id_number, mask_name, mask_phone

from ..models import Clue
from ..rules import Action, Channel

SectorIn = Literal["construction", "other"]
ChannelIn = Literal[tuple(Channel.values)]  # type: ignore[valid-type]
ActionIn = Literal[tuple(Action.values)]  # type: ignore[valid-type]


class ArrearsIn(Schema):
    worker_name: str = Field(..., max_length=50, description="劳动者姓名")
    id_number: str = Field("", description="身份证号码")
    amount_owed: Decimal = Field(
        ..., ge=0, max_digits=14, decimal_places=2, description="欠薪金额（元）"
    )
    amount_recovered: Decimal = Field(Decimal("0"), ge=0, max_digits=14, decimal_places=2)
    recovered_on: dt.date | None = None
    method: str = ""


class PublicClueIn(Schema):
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
    description: str = Field(..., max_length=5000)
    disclose_identity: bool = Field(False, description="是否同意向用人单位披露反映人身份")


class StaffClueIn(PublicClueIn):
    reporter_name: str = Field("", max_length=50)
    id_number: str = Field("", max_length=30)
    phone: str = Field("", max_length=20)
    channel: ChannelIn = Field(..., description="来源渠道")
    received_at: dt.datetime | None = Field(None, description="首次接收时间（他处先接收的线索）")
    external_id: str | None = Field(None, max_length=64, description="外部编号，如全国平台线索编号")
    arrears: list[ArrearsIn] = Field(default_factory=list, max_length=1000)


class IntakeOut(Schema):
    tracking_code: str
    secret: str
    region: str
    due_date: dt.date


class ClueOut(Schema):
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


class TransitionIn(Schema):
    action: ActionIn
    note: str = Field("", max_length=2000)
    reason: str = Field("", max_length=200)
    resolution: str = ""
    target: str = ""
    reply_text: str = Field("", max_length=5000)
    region: str = Field("", max_length=6, description="移交到的区划代码（transfer）")
    into: str = Field("", max_length=20, description="合并到的线索 id 或查询码（merge）")
    assignee: int | None = None


class PublicClueOut(Schema):
    tracking_code: str
    stage: str
    timeline: list[dict]
    reply: str
    replied_at: dt.datetime | None
    rating: int | None
    can_rate: bool
    region_name: str


class RatingIn(Schema):
    score: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=500)
    resolved: bool = True


class ImportErrorOut(Schema):
    row: int
    field: str | None
    message: str
    external_id: str


class ImportOut(Schema):
    created: int
    existing: int
    errors: list[ImportErrorOut]


def clue_out(clue: Clue, user, clock: Clock) -> ClueOut:
    sees = sees_personal_data(user)
    return ClueOut(
        id=clue.pk,
        tracking_code=clue.tracking_code,
        state=clue.state,
        channel=clue.channel,
        region=clue.region_id,
        agency=clue.agency.name,
        received_at=clue.received_at,
        due_date=clue.due_date,
        due_provisional=clue.due_provisional,
        sla=clock.of(clue),
        urgent=clue.urgent,
        urgent_reasons=clue.urgent_reasons,
        sector=clue.sector,
        employer_name=clue.employer_name,
        employer_credit_code=clue.employer_credit_code,
        project_name=clue.project_name,
        work_address=clue.work_address,
        amount_owed=clue.amount_owed,
        workers_owed=clue.workers_owed,
        reporter_name=clue.reporter_name if sees else mask_name(clue.reporter_name),
        id_number=clue.id_number if sees else mask_id_number(clue.id_number),
        phone=clue.phone if sees else mask_phone(clue.phone),
        assignee=clue.assignee.display_name if clue.assignee else None,
        reopened_count=clue.reopened_count,
        merged_into=clue.merged_into.tracking_code if clue.merged_into_id else None,
        external_id=clue.external_id,
    )
