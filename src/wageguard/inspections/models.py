"""Channel checks (暗访/测试) of complaint channels and the problem ledger (问题台账) they feed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from .rules import (
    Channel,
    CheckKind,
    CheckResult,
    FindingSource,
    FindingState,
)


class ChannelCheck(models.Model):
    """暗访/测试: one test call, undercover visit or online test of an agency's complaint channel.

    `region` is the checked agency's division (copied from it), so the check is scoped to the
    jurisdiction of the agency being checked, not to the checker's.
    """

    kind = models.CharField(_("检查方式"), max_length=20, choices=CheckKind.choices)
    channel = models.CharField(_("渠道"), max_length=20, choices=Channel.choices)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        related_name="channel_checks",
        verbose_name=_("被检查机构"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("检查人"),
    )
    performed_at = models.DateTimeField(_("检查时间"))
    contact = models.CharField(_("拨打号码/窗口地址"), max_length=200)
    answered = models.BooleanField(_("是否接通/有人受理"))
    handled_correctly = models.BooleanField(_("是否处理正确"), null=True, blank=True)
    response_seconds = models.PositiveIntegerField(_("响应用时（秒）"), null=True, blank=True)
    notes = models.TextField(_("检查情况"), blank=True)
    result = models.CharField(_("结果"), max_length=8, choices=CheckResult.choices, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["-performed_at", "-pk"]
        verbose_name = _("渠道暗访")
        verbose_name_plural = _("渠道暗访")
        indexes = [
            models.Index(fields=["region", "performed_at"]),
            models.Index(fields=["agency", "result"]),
        ]
        constraints = [
            # Not answered means nothing was handled, rightly or wrongly.
            models.CheckConstraint(
                condition=Q(answered=False, handled_correctly__isnull=True)
                | Q(answered=True, handled_correctly__isnull=False),
                name="channelcheck_handled_needs_answer",
            ),
            # The stored result is always the derived one (rules.check_result).
            models.CheckConstraint(
                condition=Q(result=CheckResult.PASSED, answered=True, handled_correctly=True)
                | (Q(result=CheckResult.FAILED) & ~Q(answered=True, handled_correctly=True)),
                name="channelcheck_result_derived",
            ),
        ]

    def __str__(self) -> str:
        when = self.performed_at.strftime("%Y-%m-%d") if self.performed_at else ""
        return f"{self.agency} {self.get_channel_display()} {when}"

    @property
    def passed(self) -> bool:
        return self.result == CheckResult.PASSED


class Finding(models.Model):
    """问题台账 item: a problem found at an agency, rectified by it and closed (销号) above it.

    The due date is computed once, when the item is opened, and stored (DESIGN: Deadlines).
    """

    source = models.CharField(_("来源"), max_length=20, choices=FindingSource.choices)
    # Not named "check": that would hide Model.check(), which runs the system checks.
    channel_check = models.OneToOneField(
        ChannelCheck,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finding",
        verbose_name=_("渠道暗访"),
    )
    # A project warning handed on to the ledger (projects.extensions.WARNING_OUTCOMES "ledger").
    warning = models.OneToOneField(
        "projects.Warning",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finding",
        verbose_name=_("工程项目预警"),
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="findings", verbose_name=_("责任机构")
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
        _("状态"), max_length=12, choices=FindingState.choices, default=FindingState.OPEN
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
    close_note = models.TextField(_("销号/退回意见"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("销号人"),
    )
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("问题台账")
        verbose_name_plural = _("问题台账")
        indexes = [
            models.Index(fields=["region", "state", "due_date"]),
            models.Index(fields=["agency", "state", "due_date"]),
        ]

    def __str__(self) -> str:
        return f"{self.agency} #{self.pk}"
