"""宣传台账: one publicity activity of a bureau."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from ..typical.models import TypicalCase
from .rules import TITLE_LIMIT, Channel


class PublicityEntry(models.Model):
    """宣传活动: what a bureau published or broadcast, where and when; counted by channel,
    period and division."""

    channel = models.CharField(_("宣传渠道"), max_length=16, choices=Channel.choices)
    held_on = models.DateField(_("日期"))
    title = models.CharField(_("标题"), max_length=TITLE_LIMIT)
    url = models.URLField(_("链接"), max_length=500, blank=True)
    # The bureau that did it and its own division (a city bureau's entry is the city's).
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("宣传单位")
    )
    typical_case = models.ForeignKey(
        TypicalCase,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publicity",
        verbose_name=_("典型案例"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = RestrictedManager()

    AUDIT_FIELDS = ("channel", "held_on", "title", "url", "region", "agency", "typical_case")

    class Meta:
        verbose_name = _("宣传台账")
        verbose_name_plural = _("宣传台账")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["region", "held_on"]), models.Index(fields=["held_on"])]

    def __str__(self) -> str:
        return self.title
