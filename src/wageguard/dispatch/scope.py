"""Which region, period and campaign a KPI request asks for, checked against the viewer: one
function for the page and the API, raising `ValidationError` naming the field, and
`PermissionDenied` for a division outside the viewer's jurisdiction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.campaigns.models import Campaign
from wageguard.regions.models import Level, Region

from .kpis import Scope

MODEL = "dispatch.kpi"


def may_view(user: Any) -> bool:
    return bool(user.is_authenticated and user.can("view", MODEL))


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """From the first day of this month to today: the question of a weekly dispatch."""
    today = today or timezone.localdate()
    return today.replace(day=1), today


def home_region(user: Any) -> Region | None:
    """The viewer's own division (its agency's), or the province for a superuser."""
    if getattr(user, "agency_id", None):
        return user.agency.region
    return Region.objects.filter(level=Level.PROVINCE).order_by("code").first()


def campaigns_for(user: Any):
    return Campaign.objects.restrict(user, "view").select_related("region")


def _contains(outer: Region, inner: Region) -> bool:
    if outer.level == Level.PROVINCE:
        return inner.province_code == outer.province_code
    if outer.level == Level.CITY:
        return inner.code == outer.code or inner.parent_id == outer.code
    return inner.code == outer.code


def resolve(
    user: Any,
    region: str | None,
    start: dt.date | None,
    end: dt.date | None,
    campaign: int | None = None,
) -> Scope:
    """The scope asked for. A campaign gives the period (its start and end dates) and, when no
    region is named, the region; a named region must then lie within the campaign's."""
    picked = None
    if campaign is not None:
        picked = campaigns_for(user).filter(pk=campaign).first()
        if picked is None:
            raise ValidationError({"campaign": _("专项行动不存在或无权查看")})
        start, end = picked.start_date, picked.end_date
    if region:
        place = Region.objects.filter(code=region).first()
        if place is None:
            raise ValidationError({"region": _("行政区划代码无效")})
    else:
        place = picked.region if picked is not None else home_region(user)
        if place is None:
            raise ValidationError({"region": _("请选择行政区划")})
    if not user.in_jurisdiction(place.code):
        raise PermissionDenied(_("该行政区划不在本人管辖范围内"))
    if picked is not None and not _contains(picked.region, place):
        raise ValidationError({"region": _("所选行政区划不在该专项行动的范围内")})
    default_start, default_end = default_period()
    start, end = start or default_start, end or default_end
    if start > end:
        raise ValidationError({"end": _("结束日期不得早于开始日期")})
    return Scope(place, start, end, picked)


def child_regions_label(region: Region) -> str:
    if region.level == Level.PROVINCE:
        return _("各市（州）")
    return _("各县（市、区）")
