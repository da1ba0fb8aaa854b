"""Recording and removing publicity activities, and counting them (宣传台账). A bureau logs its
own activities; counts are read through `restrict`, so a viewer counts only their jurisdiction."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.core.scoping import check_may
from wageguard.org.models import User
from wageguard.regions.models import Region, within

from ..typical.models import TypicalCase
from .models import PublicityEntry
from .rules import TITLE_LIMIT, Channel, bucket, default_period

MODEL = "publication.publicityentry"
_FIELDS = list(PublicityEntry.AUDIT_FIELDS)


@transaction.atomic
def record(
    user: User,
    *,
    channel: str,
    held_on: dt.date,
    title: str,
    url: str = "",
    typical_case: TypicalCase | None = None,
) -> PublicityEntry:
    """登记宣传活动 of the user's own bureau (its division is the entry's)."""
    agency = user.agency
    if agency is None:
        raise PermissionDenied(_("只有机构用户可以登记宣传活动"))
    check_may(user, "add", MODEL, agency.region_id, _("不在您的辖区内"))
    if channel not in Channel.values:
        raise ValidationError({"channel": _("请选择宣传渠道")})
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": _("请填写标题")})
    if len(title) > TITLE_LIMIT:
        raise ValidationError({"title": _("不超过 %(limit)s 个字") % {"limit": TITLE_LIMIT}})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("日期不能晚于今天")})
    if typical_case is not None and not (
        TypicalCase.objects.restrict(user, "view").filter(pk=typical_case.pk).exists()
    ):
        raise ValidationError({"typical_case": _("该典型案例不在您的辖区内")})
    entry = PublicityEntry.objects.create(
        channel=channel,
        held_on=held_on,
        title=title,
        url=(url or "").strip(),
        region_id=agency.region_id,
        agency=agency,
        typical_case=typical_case,
        created_by=user,
    )
    audit.record("publicity.record", obj=entry, actor=user, after=audit.snapshot(entry, _FIELDS))
    return entry


@transaction.atomic
def remove(user: User, entry: PublicityEntry) -> None:
    """Removes an entry recorded by mistake; only the bureau that recorded it."""
    entry = PublicityEntry.objects.select_for_update().get(pk=entry.pk)
    check_may(user, "add", MODEL, entry.region_id, _("不在您的辖区内"))
    if not user.is_superuser and user.agency_id != entry.agency_id:
        raise PermissionDenied(_("只能删除本单位登记的宣传活动"))
    before = audit.snapshot(entry, _FIELDS)
    entry.delete()
    audit.record("publicity.remove", obj=None, actor=user, before=before)


# --- counts ------------------------------------------------------------------------------------


@dataclass
class Row:
    code: str
    name: str
    by_channel: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())

    def cells(self) -> list[int]:
        return [self.by_channel.get(c, 0) for c in Channel.values]


@dataclass
class Counts:
    region: Region
    start: dt.date
    end: dt.date
    rows: list[Row]
    months: list[tuple[dt.date, list[int]]]
    by_channel: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_channel.values())

    def channel_cells(self) -> list[int]:
        return [self.by_channel.get(c, 0) for c in Channel.values]


def viewed_region(user: User, code: str | None) -> Region:
    """The division a count is for: the one asked (in the user's jurisdiction), else the user's
    own bureau's; refused outside the jurisdiction."""
    if not code:
        if user.agency_id is None:
            return Region.objects.get(code=f"{settings.WAGEGUARD_PROVINCE}0000")
        return user.agency.region
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ValidationError({"region": _("未知的行政区划代码")})
    if not user.in_jurisdiction(region.code):
        raise PermissionDenied(_("该行政区划不在您的辖区内"))
    return region


def period(start: dt.date | None, end: dt.date | None) -> tuple[dt.date, dt.date]:
    default_start, default_end = default_period(timezone.localdate())
    start, end = start or default_start, end or default_end
    if start > end:
        raise ValidationError({"start": _("开始日期不能晚于结束日期")})
    return start, end


def entries(user: User, region: Region, start: dt.date, end: dt.date):
    """The viewer's entries of a division and the divisions below it, in the period."""
    return (
        PublicityEntry.objects.restrict(user, "view")
        .filter(within(region.code), held_on__gte=start, held_on__lte=end)
        .select_related("agency", "region", "typical_case")
    )


def counts(user: User, region: Region, start: dt.date, end: dt.date) -> Counts:
    """Entries by channel, per division one level below `region` (a province's prefectures, a
    prefecture's counties; the division's own bureau in a row of its own), and by month. Two
    grouped queries and one of names, whatever the number of entries."""
    qs = entries(user, region, start, end).order_by()
    grouped = qs.values("region_id", "channel").annotate(n=Count("id"))
    rows: dict[str, Row] = {}
    by_channel: dict[str, int] = {}
    for g in grouped:
        key = bucket(g["region_id"], region.code)
        row = rows.setdefault(key, Row(key, ""))
        row.by_channel[g["channel"]] = row.by_channel.get(g["channel"], 0) + g["n"]
        by_channel[g["channel"]] = by_channel.get(g["channel"], 0) + g["n"]
    if region.level != "county":
        children = Region.objects.filter(parent=region).values_list("code", "name")
        for code, name in children:
            rows.setdefault(code, Row(code, name))
    names = dict(Region.objects.filter(code__in=list(rows)).values_list("code", "name"))
    for row in rows.values():
        row.name = names.get(row.code, row.code)
        if row.code == region.code and region.level != "county":
            row.name = _("%(name)s（本级）") % {"name": row.name}
    monthly: dict[dt.date, dict[str, int]] = {}
    for g in (
        qs.annotate(month=TruncMonth("held_on")).values("month", "channel").annotate(n=Count("id"))
    ):
        month = g["month"]
        month = month.date() if isinstance(month, dt.datetime) else month
        monthly.setdefault(month, {})[g["channel"]] = g["n"]
    ordered = sorted(rows.values(), key=lambda r: (r.code != region.code, r.code))
    return Counts(
        region=region,
        start=start,
        end=end,
        rows=ordered,
        months=[(m, [monthly[m].get(c, 0) for c in Channel.values]) for m in sorted(monthly)],
        by_channel=by_channel,
    )
