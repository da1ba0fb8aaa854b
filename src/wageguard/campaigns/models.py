"""Campaigns (专项行动) with their targets and milestones, and the one problem ledger (问题台账):
its items, their evidence, supervision entries and history."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wageguard.core.history import StateHistory
from wageguard.core.scoping import RestrictedManager, RestrictedQuerySet
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from .rules import (
    CampaignKind,
    LedgerState,
    Metric,
    Sector,
    Source,
    SupervisionLevel,
    UnitKind,
)


class CampaignQuerySet(RestrictedQuerySet):
    def restrict(self, user: Any, action: str = "view") -> CampaignQuerySet:
        """Campaigns of the user's jurisdiction and, for reading, also those of the divisions
        above it: a county works inside the province's and the prefecture's campaigns and must
        see them, though it may change only its own."""
        allowed = super().restrict(user, action)
        if action != "view" or user is None or not getattr(user, "is_authenticated", False):
            return allowed
        if not user.can(action, self.model) or user.jurisdiction_region_ids() is None:
            return allowed
        region = user.agency.region if user.agency_id else None
        above = []
        while region is not None and region.parent_id:
            above.append(region.parent_id)
            region = region.parent
        return allowed | self.filter(region_id__in=above)


class Campaign(models.Model):
    """专项行动: a period and a scope (a division and everything below it, some sectors) in which
    every ledger item, later every clue, case, warning and inspection, is counted. A county's or a
    prefecture's own campaign may sit inside a wider one (`parent`)."""

    name = models.CharField(_("行动名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=12, choices=CampaignKind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级专项行动"),
    )
    start_date = models.DateField(_("开始日期"))
    end_date = models.DateField(_("结束日期"))
    # Sector values (rules.Sector); empty means every sector.
    sectors = models.JSONField(_("重点行业"), default=list, blank=True)
    description = models.TextField(_("行动说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedManager.from_queryset(CampaignQuerySet)()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("专项行动")
        verbose_name_plural = _("专项行动")
        indexes = [models.Index(fields=["region", "start_date", "end_date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="campaign_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def sector_labels(self) -> list[str]:
        from .rules import Sector

        return [str(Sector(s).label) for s in self.sectors if s in Sector.values]


class CampaignTarget(models.Model):
    """目标: one measurable aim of a campaign (a metric, its value, by when)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="targets")
    label = models.CharField(_("目标"), max_length=200)
    metric = models.CharField(_("指标"), max_length=40, choices=Metric.choices)
    value = models.DecimalField(_("目标值"), max_digits=12, decimal_places=2)
    due_date = models.DateField(_("完成时限"))

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("行动目标")

    def __str__(self) -> str:
        return self.label


class CampaignMilestone(models.Model):
    """节点: a dated step of the campaign (launch, mid-term check, the Spring Festival)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="milestones")
    label = models.CharField(_("节点"), max_length=200)
    date = models.DateField(_("日期"))

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("时间节点")

    def __str__(self) -> str:
        return self.label


class LedgerItem(models.Model):
    """问题台账 item: a problem found (by a channel check, a warning, later a sweep...), put right
    by the responsible bureau and closed (销号) by a second person above it on evidence.

    The due date is computed once, when the item is opened, and stored (DESIGN: Deadlines).
    A channel check links to its item from the inspections side (`ChannelCheck.ledger_item`):
    this app sits below inspections and never names it.
    """

    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    unit_kind = models.CharField(
        _("责任主体类型"), max_length=12, choices=UnitKind.choices, default=UnitKind.DEPARTMENT
    )
    enterprise = models.ForeignKey(
        "parties.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_items",
        verbose_name=_("责任企业"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_items",
        verbose_name=_("工程项目"),
    )
    # A project warning handed on to the ledger (projects.extensions.WARNING_OUTCOMES "ledger").
    warning = models.OneToOneField(
        "projects.Warning",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ledger_item",
        verbose_name=_("工程项目预警"),
    )
    # The sector (rules.Sector) of the unit the problem is about, when it is known: construction
    # for a project's item; a sweep's employer target names its own. Empty: not tied to a sector
    # (services.sector_q says how campaigns with sectors count such items).
    sector = models.CharField(_("行业"), max_length=16, choices=Sector.choices, blank=True)
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="opened_items",
        verbose_name=_("专项行动"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="ledger_items", verbose_name=_("责任机构")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    description = models.TextField(_("问题描述"))
    opened_at = models.DateTimeField(_("建账时间"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("建账人"),
    )
    due_date = models.DateField(_("整改期限"))
    due_provisional = models.BooleanField(_("期限待确认"), default=False)
    state = models.CharField(
        _("状态"), max_length=12, choices=LedgerState.choices, default=LedgerState.OPEN
    )
    rectification_note = models.TextField(_("整改情况"), blank=True)
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("整改报告人"),
    )
    rectified_at = models.DateTimeField(_("整改报告时间"), null=True, blank=True)
    close_note = models.TextField(_("核验/退回意见"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("销号人"),
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    supervision_level = models.PositiveSmallIntegerField(
        _("督办级别"), choices=SupervisionLevel.choices, default=SupervisionLevel.NONE
    )
    notified = models.BooleanField(_("已通报"), default=False)
    notification_note = models.TextField(_("通报情况"), blank=True)
    accountability_note = models.TextField(_("问责情况"), blank=True)
    # The due date the responsible bureau was last reminded of (campaigns.jobs): the reminder
    # job leaves out in SQL the items already reminded for their due date.
    reminded_due = models.DateField(_("已提醒的整改期限"), null=True, blank=True, editable=False)

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("问题台账")
        verbose_name_plural = _("问题台账")
        indexes = [
            models.Index(fields=["region", "state", "due_date"]),
            models.Index(fields=["agency", "state", "due_date"]),
            # A campaign's counts (services.counts_by_state): its period and scope pick the rows
            # and the aggregate reads only these columns, so at province scale (300,000 items in
            # a winter's period) they come from the index alone, never from the table's rows.
            models.Index(
                fields=[
                    "region",
                    "opened_at",
                    "state",
                    "due_date",
                    "supervision_level",
                    "notified",
                ],
                name="ledger_campaign_counts",
            ),
            models.Index(fields=["campaign", "state"]),
            # The ledger list's order (open, then rectified, then closed; each by due date),
            # read segment by segment through the index at province scale (views._fetch).
            models.Index(fields=["state", "due_date", "id"], name="ledger_state_due"),
            models.Index(fields=["source", "state", "due_date"], name="ledger_source_state_due"),
        ]

    def __str__(self) -> str:
        return f"{self.agency} #{self.pk}"


class LedgerEvidence(models.Model):
    """整改佐证: a photo or PDF showing the problem put right, stored as every upload is
    (core.files: checked by its bytes, named by its hash)."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="ledger/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class LedgerSupervision(models.Model):
    """督办: a level above pressed the responsible bureau (who, when, what they said, and the
    level the item stands at afterwards)."""

    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="supervisions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.TextField(_("督办意见"))
    level = models.PositiveSmallIntegerField(_("督办级别"), choices=SupervisionLevel.choices)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.level}"


class LedgerHistory(StateHistory):
    item = models.ForeignKey(LedgerItem, on_delete=models.CASCADE, related_name="history")

    owner_field = "item"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["item", "at"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"


from .coordination.models import (  # noqa: E402, F401  (assignments and the leading group)
    Assignment,
    AssignmentFile,
    AssignmentHistory,
    AssignmentSettings,
    AssignmentStep,
    GroupContact,
    GroupMember,
    LeadingGroup,
)
from .sweeps.models import RandomDraw, Sweep, SweepPhoto, SweepTarget, SweepTeam, SweepVisit  # noqa: E402, F401
