"""Channel checks (暗访/测试) of complaint channels; a failed one opens an item of the one problem
ledger (问题台账, `campaigns.LedgerItem`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from .rules import Channel, CheckKind, CheckResult


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
    # The problem-ledger item a failed check opened (campaigns.LedgerItem, the one ledger).
    ledger_item = models.OneToOneField(
        "campaigns.LedgerItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="channel_check",
        verbose_name=_("问题台账"),
    )

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
