"""GET /api/v1/publicity-log: publicity activities counted by channel, per division one level
below the one asked and by month, for staff (the viewer's jurisdiction only)."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from wageguard.core.api.types import InputSchema, SearchDate

from . import services
from .rules import Channel

router = Router(tags=["publicity"])


class PublicityQuery(InputSchema):
    region: str | None = Field(
        None,
        pattern=r"^\d{6}$",
        description="行政区划代码（省、市、县级；含下级）；默认本人所在辖区",
    )
    start: SearchDate | None = Field(None, description="期间起（含），默认当年1月1日")
    end: SearchDate | None = Field(None, description="期间止（含），默认今天")


class ChannelCount(Schema):
    channel: str
    label: str
    count: int


class RegionCount(Schema):
    region: str
    region_name: str
    total: int
    channels: list[ChannelCount]


class MonthCount(Schema):
    month: str = Field(..., description="YYYY-MM")
    channels: list[ChannelCount]


class PublicityCountsOut(Schema):
    region: str
    region_name: str
    start: dt.date
    end: dt.date
    total: int
    channels: list[ChannelCount]
    regions: list[RegionCount] = Field(
        ..., description="下一级各行政区划（含本级机关自身一行）的数量"
    )
    months: list[MonthCount]


def _channels(cells: list[int]) -> list[ChannelCount]:
    return [
        ChannelCount(channel=value, label=str(label), count=n)
        for (value, label), n in zip(Channel.choices, cells, strict=True)
    ]


@router.get("", response=PublicityCountsOut, url_name="publicity_log", summary="宣传台账统计")
def publicity_counts(request: HttpRequest, params: Query[PublicityQuery]):
    """本人辖区内某一行政区划、期间的宣传活动数量：按渠道、按下一级行政区划、按月。辖区外的
    行政区划答 403。"""
    if not request.user.can("view", services.MODEL):
        raise PermissionDenied(_("无权查看宣传台账"))
    region = services.viewed_region(request.user, params.region)
    start, end = services.period(params.start, params.end)
    counts = services.counts(request.user, region, start, end)
    return PublicityCountsOut(
        region=region.code,
        region_name=region.name,
        start=start,
        end=end,
        total=counts.total,
        channels=_channels(counts.channel_cells()),
        regions=[
            RegionCount(
                region=r.code,
                region_name=str(r.name),
                total=r.total,
                channels=_channels(r.cells()),
            )
            for r in counts.rows
        ],
        months=[MonthCount(month=f"{m:%Y-%m}", channels=_channels(c)) for m, c in counts.months],
    )
