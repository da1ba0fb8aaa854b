"""Sweeps (拉网式排查) of a campaign: the sweep, its targets, teams, visits and their photos, and
the log of random draws (双随机). Registered with the campaigns app by the import at the bottom of
`campaigns/models.py`; tables keep the app label `campaigns`.

Every row that belongs to a place carries its division (`region`): a target and a visit the
county of the project or employer, a team the division it works in, a sweep and a draw the
sweep's scope. Reading goes through `restrict(user, action)` with the one permission model
`campaigns.sweep` (verbs view, plan, visit: org.rules)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wageguard.core.scoping import RestrictedQuerySet
from wageguard.regions.models import Region

from ..rules import Sector
from .rules import TargetKind

PERMISSION = "campaigns.sweep"


def _above(user: Any) -> list[str]:
    region = user.agency.region if user.agency_id else None
    out = []
    while region is not None and region.parent_id:
        out.append(region.parent_id)
        region = region.parent
    return out


class SweepScopedQuerySet(RestrictedQuerySet):
    """`restrict` against the one permission model of sweeps (`campaigns.sweep`), so a target,
    team, visit or draw is read with the sweep's verbs; places as every scoped model."""

    def restrict(self, user: Any, action: str = "view") -> SweepScopedQuerySet:
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if not user.can(action, PERMISSION):
            return self.none()
        codes = user.jurisdiction_region_ids()
        if codes is None:
            return self
        return self.filter(region_id__in=codes)


class SweepQuerySet(SweepScopedQuerySet):
    def restrict(self, user: Any, action: str = "view") -> SweepQuerySet:
        """Sweeps of the user's jurisdiction and, for reading, those of the divisions above it:
        a county's inspectors visit the targets of the province's sweep in their county."""
        allowed = super().restrict(user, action)
        if action != "view" or user is None or not getattr(user, "is_authenticated", False):
            return allowed
        if not user.can(action, PERMISSION) or user.jurisdiction_region_ids() is None:
            return allowed
        return allowed | self.filter(region_id__in=_above(user))


class Sweep(models.Model):
    """拉网式排查: a sweep of a campaign over a division (within the campaign's scope) and a period
    (within the campaign's), listing every target to visit."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="sweeps",
        verbose_name=_("专项行动"),
    )
    name = models.CharField(_("排查名称"), max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("排查范围")
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(SweepQuerySet)()

    class Meta:
        app_label = "campaigns"
        ordering = ["-start_date", "pk"]
        verbose_name = _("拉网式排查")
        verbose_name_plural = _("拉网式排查")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="sweep_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SweepTeam(models.Model):
    """检查组: at least two inspectors (Decree 423 art. 16) of HRSS bureaus whose jurisdiction
    holds the team's division; targets of that division are assigned to it."""

    sweep = models.ForeignKey(Sweep, on_delete=models.CASCADE, related_name="teams")
    name = models.CharField(_("检查组名称"), max_length=100)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("负责区域")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="sweep_teams", verbose_name=_("组员")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = models.Manager.from_queryset(SweepScopedQuerySet)()

    class Meta:
        app_label = "campaigns"
        ordering = ["region_id", "pk"]
        verbose_name = _("检查组")

    def __str__(self) -> str:
        return self.name


class SweepTarget(models.Model):
    """排查对象: a project under construction or an employer of a sector, in one county. Generated
    set-based (INSERT ... SELECT) so a province's 100,000 projects take one statement.
    `visited_at` is the first visit's time: coverage counts it on an index."""

    sweep = models.ForeignKey(Sweep, on_delete=models.CASCADE, related_name="targets")
    kind = models.CharField(_("对象类型"), max_length=10, choices=TargetKind.choices)
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("工程项目"),
    )
    enterprise = models.ForeignKey(
        "parties.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("用人单位"),
    )
    # The enterprise has no sector of its own: the planner says which sector it was listed for.
    sector = models.CharField(_("行业"), max_length=16, choices=Sector.choices)
    name = models.CharField(_("名称"), max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在辖区")
    )
    team = models.ForeignKey(
        SweepTeam,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="targets",
        verbose_name=_("检查组"),
    )
    visited_at = models.DateTimeField(_("检查时间"), null=True, blank=True)
    problem_found = models.BooleanField(_("发现问题"), default=False)
    added_at = models.DateTimeField(_("列入时间"))

    objects = models.Manager.from_queryset(SweepScopedQuerySet)()

    class Meta:
        app_label = "campaigns"
        ordering = ["region_id", "name", "pk"]
        verbose_name = _("排查对象")
        indexes = [
            # Coverage: GROUP BY region over one sweep, counting visited rows.
            models.Index(fields=["sweep", "region", "visited_at", "problem_found"]),
            models.Index(fields=["team", "visited_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["sweep", "project"],
                condition=Q(project__isnull=False),
                name="uniq_sweep_project",
            ),
            models.UniqueConstraint(
                fields=["sweep", "enterprise"],
                condition=Q(enterprise__isnull=False),
                name="uniq_sweep_enterprise",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SweepVisit(models.Model):
    """检查记录: what a team found at a target, recorded on a phone. Idempotent by the phone's
    `client_key` (per inspector): a retry returns this row. The ledger items it opened are
    linked from here (the finder links down to its items)."""

    target = models.ForeignKey(SweepTarget, on_delete=models.CASCADE, related_name="visits")
    team = models.ForeignKey(SweepTeam, on_delete=models.PROTECT, related_name="visits")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("记录人"),
    )
    client_key = models.CharField(_("客户端标识"), max_length=64)
    visited_at = models.DateTimeField(_("检查时间"))
    # {system code: "yes" | "no" | "na"} for each of projects.rules.System.
    systems = models.JSONField(_("核心制度"), default=dict)
    wages_monthly = models.BooleanField(_("按月足额支付工资"))
    arrears_workers = models.PositiveIntegerField(_("欠薪人数"), default=0)
    arrears_amount = models.DecimalField(
        _("欠薪金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    remarks = models.TextField(_("备注"), blank=True)
    ledger_items = models.ManyToManyField(
        "campaigns.LedgerItem", related_name="sweep_visits", blank=True
    )
    clue = models.ForeignKey(
        "clues.Clue", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cases.EnforcementCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = models.Manager.from_queryset(SweepScopedQuerySet)()

    class Meta:
        app_label = "campaigns"
        ordering = ["-visited_at", "pk"]
        verbose_name = _("检查记录")
        constraints = [
            models.UniqueConstraint(
                fields=["recorded_by", "client_key"], name="uniq_sweep_visit_client_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.target_id} {self.visited_at:%Y-%m-%d}"

    @property
    def has_arrears(self) -> bool:
        return self.arrears_workers > 0 or self.arrears_amount > 0


class SweepPhoto(models.Model):
    """现场照片: stored as every upload is (core.files: checked by its bytes, named by its hash)."""

    visit = models.ForeignKey(SweepVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="sweeps/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "campaigns"
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class RandomDraw(models.Model):
    """双随机抽取: a logged draw of targets and inspectors from the pools (both stored, sorted)
    with its seed, who drew and when; the same seed and pools give the same result
    (`rules.draw`). Published, its result is shown on a public page."""

    sweep = models.ForeignKey(Sweep, on_delete=models.CASCADE, related_name="draws")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("抽取范围")
    )
    seed = models.BigIntegerField(_("随机种子"))
    n_targets = models.PositiveIntegerField(_("抽取对象数"))
    n_inspectors = models.PositiveIntegerField(_("抽取检查人员数"))
    target_pool = models.JSONField(_("对象库"))
    inspector_pool = models.JSONField(_("检查人员库"))
    drawn_targets = models.JSONField(_("抽中对象"))
    drawn_inspectors = models.JSONField(_("抽中检查人员"))
    pool_digest = models.CharField(_("对象库摘要"), max_length=64)
    team = models.OneToOneField(
        SweepTeam, on_delete=models.SET_NULL, null=True, blank=True, related_name="draw"
    )
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("抽取人"),
    )
    drawn_at = models.DateTimeField(_("抽取时间"))
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)

    objects = models.Manager.from_queryset(SweepScopedQuerySet)()

    class Meta:
        app_label = "campaigns"
        ordering = ["-drawn_at", "pk"]
        verbose_name = _("双随机抽取")

    def __str__(self) -> str:
        return f"{self.sweep_id} #{self.pk}"
