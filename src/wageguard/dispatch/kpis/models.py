"""Precomputed daily counts of the KPI sources (issue 13: under 300 ms at province level).

`KpiDaily` holds, per source, county-level division and past day, the source's counters of the
records of that day, in typed slots (`n0`...`n5` counts, `m0`, `m1` money): the dashboard sums
them with one `SUM ... GROUP BY region_id` per source, exactly and alike on SQLite and
PostgreSQL, which a JSON column could not give (summing JSON needs each database's own
extraction functions, and reading the rows into Python to add them up is too slow for a year of
200 divisions). Which counter sits in which slot is the source's declaration (`Daily.counts`,
`Daily.money`).

`KpiDay` says that a source's day was computed and when: a day with no records has no
`KpiDaily` row but is still computed (zero), and the oldest `computed_at` of the days a figure
uses is the "computed at" the page shows. A day without a `KpiDay` row is counted live.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.regions.models import Region


class KpiDaily(models.Model):
    source = models.CharField(_("指标来源"), max_length=20)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("区县")
    )
    day = models.DateField(_("日期"))
    n0 = models.BigIntegerField(default=0)
    n1 = models.BigIntegerField(default=0)
    n2 = models.BigIntegerField(default=0)
    n3 = models.BigIntegerField(default=0)
    n4 = models.BigIntegerField(default=0)
    n5 = models.BigIntegerField(default=0)
    m0 = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    m1 = models.DecimalField(max_digits=18, decimal_places=2, default=0)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("指标日汇总")
        verbose_name_plural = _("指标日汇总")
        indexes = [
            # The dashboard's read (one source, a range of days, by county) from the index
            # alone: a year at province level is ~67,000 entries a source (-30% measured).
            models.Index(
                fields=["source", "day", "region", "n0", "n1", "n2", "n3", "n4", "n5", "m0", "m1"],
                name="kpidaily_covering",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "day", "region"], name="uniq_kpidaily_source_day_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.region_id} {self.day}"


class KpiDay(models.Model):
    source = models.CharField(_("指标来源"), max_length=20)
    day = models.DateField(_("日期"))
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("指标日汇总计算")
        verbose_name_plural = _("指标日汇总计算")
        constraints = [
            models.UniqueConstraint(fields=["source", "day"], name="uniq_kpiday_source_day")
        ]
        indexes = [models.Index(fields=["source", "computed_at"], name="kpiday_source_computed")]

    def __str__(self) -> str:
        return f"{self.source} {self.day}"
