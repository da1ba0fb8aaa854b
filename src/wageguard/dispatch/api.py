"""GET /api/v1/kpis: the dispatch KPIs for a region, a period and optionally a campaign, each
with its definition and the address of the list whose rows it counts (issue 13)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from wageguard.core.api.types import InputSchema, SearchDate

from . import scope as scopes
from .kpis import Figure, Row, compute

router = Router(tags=["dispatch"])


class DispatchKpiQuery(InputSchema):
    region: str | None = Field(
        None, max_length=6, description="行政区划代码（省、市、县级；含下级）；默认本人所在辖区"
    )
    start: SearchDate | None = Field(None, description="期间起（含），默认本月1日")
    end: SearchDate | None = Field(None, description="期间止（含），默认今天")
    campaign: int | None = Field(
        None, ge=1, le=2**31 - 1, description="专项行动 id：期间取行动的起止日期"
    )
    drill: bool = Field(False, description="true：同时给出下一级各行政区划的指标")


class DispatchKpiOut(Schema):
    key: str
    label: str
    value: Decimal | None = Field(
        None, description="数值；比率为百分数（一位小数），分母为 0 或未计算时为 null"
    )
    unit: str
    definition: str
    list_url: str | None = Field(None, description="计入本指标的记录列表（比率为分子的列表）")
    numerator: Decimal | None = Field(None, description="比率的分子")
    denominator: Decimal | None = Field(None, description="比率的分母")
    base_url: str | None = Field(None, description="比率分母的记录列表")


class DispatchKpiRowOut(Schema):
    region: str
    region_name: str
    kpis: list[DispatchKpiOut]


class DispatchKpiReportOut(Schema):
    region: str
    region_name: str
    start: dt.date
    end: dt.date
    campaign: int | None
    computed_at: dt.datetime = Field(..., description="计算时间：数值为此时的记录状态")
    kpis: list[DispatchKpiOut]
    children: list[DispatchKpiRowOut] = Field(
        default_factory=list, description="drill=true 时下一级各行政区划的指标"
    )


def _out(f: Figure) -> DispatchKpiOut:
    def number(v):
        return None if v is None else Decimal(v)

    return DispatchKpiOut(
        key=f.kpi.key,
        label=str(f.kpi.label),
        value=number(f.value),
        unit=str(f.kpi.unit),
        definition=str(f.kpi.definition),
        list_url=f.list_url,
        numerator=number(f.numerator),
        denominator=number(f.denominator),
        base_url=f.base_url,
    )


def _row(row: Row) -> DispatchKpiRowOut:
    return DispatchKpiRowOut(
        region=row.region.code, region_name=row.region.name, kpis=[_out(f) for f in row.figures]
    )


@router.get("", response=DispatchKpiReportOut, url_name="kpis", summary="调度指标")
def kpis(request: HttpRequest, params: Query[DispatchKpiQuery]):
    """本人辖区内某一行政区划、期间（或专项行动）的调度指标：每项给出定义和计入该数值的记录列表
    地址，数值等于该列表的记录数（金额为列表各案金额之和）。辖区外的行政区划答 403。"""
    if not scopes.may_view(request.user):
        raise PermissionDenied(_("您的岗位无权查看调度指标"))
    scope = scopes.resolve(request.user, params.region, params.start, params.end, params.campaign)
    report = compute(request.user, scope, drill=params.drill)
    return DispatchKpiReportOut(
        region=scope.region.code,
        region_name=scope.region.name,
        start=scope.start,
        end=scope.end,
        campaign=scope.campaign.pk if scope.campaign is not None else None,
        computed_at=report.computed_at,
        kpis=[_out(f) for f in report.total.figures],
        children=[_row(r) for r in report.children],
    )
