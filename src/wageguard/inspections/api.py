"""Channel checks under /api/v1/channel-checks: list what the caller may see, record a check."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from wageguard.campaigns.models import LedgerItem
from wageguard.core.api.errors import ApiError
from wageguard.core.api.pagination import Pagination
from wageguard.core.api.types import Block, InputSchema, PastDateTime, SearchDate

from . import services
from .filters import filter_checks
from .models import ChannelCheck
from .rules import Channel, CheckKind, CheckResult

router = Router(tags=["inspections"])


class CheckLedgerItemRef(Schema):
    id: int
    state: str = Field(..., description="open 待整改 / rectified 已整改待核验 / closed 已销号")
    due_date: dt.date = Field(..., description="整改期限（工作日计算）")
    due_provisional: bool = Field(..., description="期限途经尚无官方节假日安排的年份，可能变化")


class CheckOut(Schema):
    id: int
    kind: CheckKind
    channel: Channel
    agency: int = Field(..., description="被检查机构 id")
    agency_name: str
    region: str = Field(..., description="被检查机构的行政区划代码")
    performed_by: str = Field(..., description="检查人用户名")
    performed_at: dt.datetime
    contact: str = Field(..., description="拨打号码或窗口地址")
    answered: bool
    handled_correctly: bool | None
    response_seconds: int | None
    notes: str
    result: CheckResult = Field(
        ..., description="passed 合格 / failed 不合格（由接通与处理情况得出）"
    )
    ledger_item: CheckLedgerItemRef | None = Field(
        None, description="不合格时自动建立的问题台账条目（/api/v1/ledger/{id}）"
    )

    # Resolvers read the row as loaded with `_visible()`'s select_related: no query per item.
    @staticmethod
    def resolve_agency(obj: ChannelCheck) -> int:
        return obj.agency_id

    @staticmethod
    def resolve_agency_name(obj: ChannelCheck) -> str:
        return obj.agency.name

    @staticmethod
    def resolve_region(obj: ChannelCheck) -> str:
        return obj.region_id

    @staticmethod
    def resolve_performed_by(obj: ChannelCheck) -> str:
        return obj.performed_by.username

    @staticmethod
    def resolve_ledger_item(obj: ChannelCheck) -> LedgerItem | None:
        return obj.ledger_item


class CheckIn(InputSchema):
    kind: CheckKind = Field(
        ..., description="test_call 电话测试 / undercover_visit 暗访窗口 / online_test 网络测试"
    )
    channel: Channel = Field(
        ..., description="hotline_12333 / hotline_local / window / mailbox / online"
    )
    agency: int = Field(..., description="被检查的人社机构 id（须在本辖区内）", examples=[12])
    performed_at: PastDateTime | None = Field(None, description="检查时间；缺省为现在")
    contact: str = Field(..., min_length=1, max_length=200, description="拨打号码或窗口地址")
    answered: bool = Field(..., description="是否接通/有人受理")
    handled_correctly: bool | None = Field(
        None, description="是否处理正确；接通时必填，未接通时须为 null"
    )
    response_seconds: int | None = Field(None, ge=0, le=86400, description="响应用时（秒）")
    notes: Block = Field("", max_length=4000, description="检查情况")


class CheckFilter(InputSchema):
    result: CheckResult | None = None
    kind: CheckKind | None = None
    channel: Channel | None = None
    agency: int | None = None
    date_from: SearchDate | None = Field(None, description="检查日期起（含）")
    date_to: SearchDate | None = Field(None, description="检查日期止（含）")


def _visible(request: HttpRequest):
    user = request.user
    if not user.can("view", "inspections.channelcheck"):
        raise PermissionDenied(_("无权查看渠道暗访"))
    return ChannelCheck.objects.restrict(user, "view").select_related(
        "agency", "performed_by", "ledger_item"
    )


@router.get("", response=list[CheckOut], url_name="channel_checks", summary="渠道暗访列表")
@paginate(Pagination)
def list_checks(request: HttpRequest, filters: Query[CheckFilter]):
    """本辖区的电话测试、暗访与网络测试记录，最新在前；可按结果、方式、渠道、机构、日期筛选。"""
    qs = filter_checks(_visible(request), filters.dict(exclude_none=True))
    return qs.order_by("-performed_at", "-pk")


@router.post("", response={201: CheckOut}, url_name="channel_checks", summary="登记渠道暗访")
def create_check(request: HttpRequest, payload: CheckIn):
    """登记一次检查；不合格（未接通或处理不正确）时自动列入被检查机构的问题台账。"""
    data = payload.dict()
    if data["performed_at"] is None:
        data["performed_at"] = timezone.now()
    elif data["performed_at"].tzinfo is None:
        raise ApiError(
            422, "validation_error", _("performed_at: 请带时区，例如 +08:00"), "performed_at"
        )
    check = services.record_check(request.user, **data)
    return Status(201, _visible(request).get(pk=check.pk))


@router.get("/{int:check_id}", response=CheckOut, url_name="channel_check", summary="渠道暗访详情")
def get_check(request: HttpRequest, check_id: int):
    return get_object_or_404(_visible(request), pk=check_id)
