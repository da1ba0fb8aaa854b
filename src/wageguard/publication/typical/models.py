"""Typical cases (典型案例) and their history."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.cases.models import EnforcementCase
from wageguard.core.history import StateHistory
from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from .rules import TEXT_LIMIT, TITLE_LIMIT, State


class TypicalCase(models.Model):
    """典型案例: one decided case told to the public by the bureau that decided it. Its public
    text (title, summary, lessons) is checked for personal data on every save and again when it
    is published, and refused (never silently stored) when any is found."""

    case = models.ForeignKey(
        EnforcementCase,
        on_delete=models.PROTECT,
        related_name="typical_cases",
        verbose_name=_("来源案件"),
    )
    # The case's county and its bureau: the typical case is read where the case is.
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("发布机关")
    )
    title = models.CharField(_("标题"), max_length=TITLE_LIMIT)
    # The unit, named once the case is decided (taken from the case, not typed).
    employer_name = models.CharField(_("用人单位"), max_length=200)
    summary = models.TextField(_("案情简介"), max_length=TEXT_LIMIT)
    lessons = models.TextField(_("典型意义"), max_length=TEXT_LIMIT, blank=True)
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    published_on = models.DateField(_("发布日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("发布人"),
    )
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("撤回人"),
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdraw_reason = models.TextField(_("撤回理由"), blank=True)

    objects = RestrictedManager()

    # What an editor may change and what the audit log keeps.
    EDITABLE_FIELDS = ("title", "summary", "lessons")
    AUDIT_FIELDS = (
        "state",
        "title",
        "summary",
        "lessons",
        "published_on",
        "published_by",
        "withdrawn_by",
        "withdraw_reason",
    )

    class Meta:
        verbose_name = _("典型案例")
        verbose_name_plural = _("典型案例")
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [
            models.Index(fields=["region", "state"]),
            models.Index(fields=["state", "published_at"]),
        ]

    def __str__(self) -> str:
        return self.title


class TypicalCaseHistory(StateHistory):
    """典型案例记录: append-only history of one typical case."""

    typical = models.ForeignKey(TypicalCase, on_delete=models.CASCADE, related_name="history")

    owner_field = "typical"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["typical", "at"])]

    def __str__(self) -> str:
        return f"{self.typical_id} {self.action}"
