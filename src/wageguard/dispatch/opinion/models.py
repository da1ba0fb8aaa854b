"""舆情 items and their timeline."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core.history import StateHistory
from wageguard.core.scoping import RestrictedManager, RestrictedQuerySet
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from .rules import OpinionRisk, OpinionState, Source


class OpinionQuerySet(RestrictedQuerySet):
    def overdue(self, now: Any = None) -> OpinionQuerySet:
        """Items past the hour deadline of the step they wait for."""
        now = now or timezone.now()
        return self.filter(
            Q(state=OpinionState.NEW, verify_due__lt=now)
            | Q(state=OpinionState.VERIFIED, respond_due__lt=now)
            | Q(state=OpinionState.RESPONDED, publish_due__lt=now)
        )

    def in_region(self, code: str) -> OpinionQuerySet:
        """Items of a division and the divisions under it (a province's or prefecture's code ends
        in 0000 or 00, GB/T 2260)."""
        if code.endswith("0000"):
            return self.filter(region__code__startswith=code[:2])
        if code.endswith("00"):
            return self.filter(region__code__startswith=code[:4])
        return self.filter(region_id=code)

    def for_meeting_screen(self) -> OpinionQuerySet:
        """Escalated items (extreme-incident risk) not yet closed: what the dispatch meeting
        screen shows first."""
        return self.filter(on_meeting_screen=True).exclude(
            state__in=(OpinionState.CLOSED, OpinionState.DISMISSED)
        )


class OpinionItem(models.Model):
    source = models.CharField(_("来源渠道"), max_length=16, choices=Source.choices)
    source_url = models.URLField(_("原文链接"), max_length=500)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.TextField(_("内容摘要"))
    seen_at = models.DateTimeField(_("发现时间"))
    address = models.CharField(_("涉及地点"), max_length=200, blank=True)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="opinion_items", verbose_name=_("责任机构")
    )
    workers = models.PositiveIntegerField(_("涉及人数"), null=True, blank=True)
    risk = models.CharField(
        _("风险等级"), max_length=8, choices=OpinionRisk.choices, default=OpinionRisk.LOW
    )
    risk_reasons = models.JSONField(_("风险原因"), default=list, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=OpinionState.choices, default=OpinionState.NEW
    )
    verify_due = models.DateTimeField(_("核实时限"))
    respond_due = models.DateTimeField(_("回应时限"))
    publish_due = models.DateTimeField(_("发布时限"))
    escalated_at = models.DateTimeField(_("升级通报时间"), null=True, blank=True)
    on_meeting_screen = models.BooleanField(_("上调度会大屏"), default=False, db_index=True)
    verify_note = models.TextField(_("核实情况"), blank=True)
    clue = models.ForeignKey(
        "clues.Clue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("关联线索"),
    )
    case = models.ForeignKey(
        "cases.EnforcementCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("关联案件"),
    )
    response_note = models.TextField(_("回应处置情况"), blank=True)
    response_text = models.TextField(_("发布的回应"), blank=True)
    response_url = models.URLField(_("回应发布链接"), max_length=500, blank=True)
    published_at = models.DateTimeField(_("回应发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("登记人"),
    )
    created_at = models.DateTimeField(_("登记时间"), default=timezone.now)

    objects = RestrictedManager.from_queryset(OpinionQuerySet)()

    class Meta:
        ordering = ["-seen_at", "-pk"]
        verbose_name = _("舆情")
        verbose_name_plural = _("舆情")
        indexes = [
            models.Index(fields=["region", "state", "seen_at"]),
            models.Index(fields=["state", "seen_at"]),
        ]

    def __str__(self) -> str:
        return self.title

    def current_due(self) -> Any:
        """The deadline of the step the item waits for, None once responded and published."""
        from .rules import due_field

        field = due_field(self.state)
        return getattr(self, field) if field else None

    def is_overdue(self, now: Any = None) -> bool:
        due = self.current_due()
        return due is not None and due < (now or timezone.now())


class OpinionHistory(StateHistory):
    item = models.ForeignKey(OpinionItem, on_delete=models.CASCADE, related_name="history")

    owner_field = "item"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["item", "at"])]

    def __str__(self) -> str:
        return f"{self.item_id} {self.action}"
