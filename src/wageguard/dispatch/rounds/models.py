"""Dispatch rounds (调度轮次) and prefecture progress reports (进展情况).

Registered with the dispatch app by one import at the bottom of `dispatch/models.py`.
A report's figures are never typed: they are the dispatch KPIs of its prefecture and the round's
period, computed and frozen into `figures` with `computed_at` when it is submitted, so the report
keeps what was said whatever the records become.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.history import StateHistory
from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from .rules import Cadence, ReminderKind, ReportState

__all__ = ["DispatchRound", "ProgressReport", "ProgressReportHistory", "ProgressReportReminder"]


class DispatchRound(models.Model):
    """One round of the province's dispatch: the period the figures cover, the date reports are
    due, and the cadence at which the next round follows. Who sees a round follows from the
    reports they see (`services.visible_rounds`)."""

    title = models.CharField(_("调度主题"), max_length=100)
    number = models.PositiveSmallIntegerField(_("轮次"), default=1)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("发起省份")
    )
    start = models.DateField(_("统计期间起"))
    end = models.DateField(_("统计期间止"))
    due_date = models.DateField(_("报送截止日期"))
    cadence = models.CharField(_("调度频次"), max_length=8, choices=Cadence.choices)
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("专项行动"),
    )
    previous = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="following"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_by_agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start", "-pk"]
        verbose_name = _("调度轮次")
        verbose_name_plural = _("调度轮次")

    def __str__(self) -> str:
        return f"{self.title}（第{self.number}轮）"


class ProgressReport(models.Model):
    """A prefecture's report for one round: its narrative and, per KPI, an explanation of the
    figure; the figures themselves frozen at submission (`figures`, `computed_at`)."""

    round = models.ForeignKey(DispatchRound, on_delete=models.CASCADE, related_name="reports")
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("市（州）")
    )
    state = models.CharField(
        _("状态"), max_length=12, choices=ReportState.choices, default=ReportState.REQUESTED
    )
    narrative = models.TextField(_("工作进展"), blank=True)
    explanations = models.JSONField(_("指标说明"), default=dict, blank=True)
    figures = models.JSONField(_("指标数值"), default=list, blank=True)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("报送时间"), null=True, blank=True)
    first_submitted_at = models.DateTimeField(_("首次报送时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_note = models.TextField(_("退回意见"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["round", "region_id"]
        verbose_name = _("进展情况")
        verbose_name_plural = _("进展情况")
        constraints = [
            models.UniqueConstraint(fields=["round", "region"], name="uniq_report_round_region")
        ]
        indexes = [models.Index(fields=["state", "round"])]

    def __str__(self) -> str:
        return f"{self.round} {self.region_id}"


class ProgressReportHistory(StateHistory):
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="history")
    owner_field = "report"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["report", "at"])]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action}"


class ProgressReportReminder(models.Model):
    """A reminder the scheduled job sent: at most one per report and day, so running the job
    again the same day sends nothing more."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="reminders")
    day = models.DateField()
    kind = models.CharField(max_length=8, choices=ReminderKind.choices)
    sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["report", "day"], name="uniq_report_reminder_day")
        ]

    def __str__(self) -> str:
        return f"{self.report_id} {self.day} {self.kind}"
