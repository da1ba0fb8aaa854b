"""Administrative divisions (行政区划, GB/T 2260) and the names people still use for them."""

from typing import Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    CITY = "city", _("地级")
    COUNTY = "county", _("县级")


class RegionQuerySet(models.QuerySet):
    def restrict(self, user: Any, action: str = "view") -> "RegionQuerySet":
        """Divisions `user` may read: all of them for any signed-in staff member, none otherwise.

        Divisions are national reference data (GB/T 2260), not jurisdiction-scoped rows, but reads
        still pass one gate like every other model, so an anonymous request never lists them.
        """
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if not user.can(action, self.model):
            return self.none()
        return self


class Region(models.Model):
    """行政区划: a province-, prefecture- or county-level division, keyed by its 6-digit code.

    The code is the primary key so that every scoped row carries a readable `region_id` such as
    "510107", and jurisdiction filters need no join.
    """

    code = models.CharField(_("代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("级别"), max_length=8, choices=Level.choices)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    province_code = models.CharField(_("省级代码"), max_length=2, db_index=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")
        indexes = [models.Index(fields=["parent", "code"]), models.Index(fields=["name"])]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        """The division in words a person can place: a county with its city ("成都市 武侯区"),
        since county names repeat across China (市中区, 城关镇); never the code. Load `parent`
        with it (select_related) where many are shown."""
        parent = self.parent
        if self.level == Level.COUNTY and parent is not None:
            return f"{parent.name} {self.name}"
        return self.name


def within(code: str, field: str = "region") -> Q:
    """Rows whose division (`field`, a foreign key to Region) is `code` or any division below
    it: a county itself; a prefecture with its counties; a province with everything in it.

    One condition for every list's `region` filter and for the dispatch KPIs, so a figure and
    the list behind it count the same rows. The level is read from the code's shape (GB/T 2260:
    a province ends in 0000, a prefecture in 00), so no query is made; the province and the
    prefecture are a subquery of codes (one SQL statement, no join of the rows to the
    divisions). A code of another shape matches only itself (nothing, when no such division).
    """
    if len(code) == 6 and code.isascii() and code.isdigit():
        if code.endswith("0000"):
            codes = Region.objects.filter(province_code=code[:2]).values("code")
            return Q(**{f"{field}_id__in": codes})
        if code.endswith("00"):
            codes = Region.objects.filter(Q(code=code) | Q(parent_id=code)).values("code")
            return Q(**{f"{field}_id__in": codes})
    return Q(**{f"{field}_id": code})


class RegionAlias(models.Model):
    """曾用名/简称: a former or short name that still routes to a current division.

    Former names come from yearly historical division tables (e.g. 郫县 -> 郫都区 510117), so a
    worker who writes the name they grew up with still reaches the right bureau.
    """

    class Kind(models.TextChoices):
        FORMER = "former", _("曾用名")
        SHORT = "short", _("简称")

    name = models.CharField(_("名称"), max_length=64, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="aliases")
    kind = models.CharField(_("类别"), max_length=8, choices=Kind.choices)
    last_year = models.PositiveSmallIntegerField(_("最后使用年份"), null=True, blank=True)

    class Meta:
        verbose_name = _("区划别名")
        verbose_name_plural = _("区划别名")
        constraints = [models.UniqueConstraint(fields=["name", "region"], name="uniq_region_alias")]

    def __str__(self) -> str:
        return f"{self.name} → {self.region_id}"
