"""Publication batches (公布批次) of major labour-security violations and their items.

An item keeps a snapshot of what is published about one case (the fields Order 29 publishes:
unit name, credit code, address, legal representative, facts, handling), redacted whenever it
is saved and again whenever it is rendered, so personal data cannot reach the public by either
path alone.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.cases.models import EnforcementCase, personal_names
from wageguard.core.history import StateHistory
from wageguard.core.province_settings import ProvinceSettings
from wageguard.core.scoping import RestrictedManager, RestrictedQuerySet
from wageguard.org.models import Agency
from wageguard.regions.models import Region

from . import rules
from .rules import Kind, PeriodKind, State, redact


class PublicationSettings(ProvinceSettings):
    """公布办理参数: a province's margins for publishing (Order 29 fixes only the cadence,
    so the deadline after a period and the due-soon warning are WageGuard defaults the province
    may change; DOMAIN: such rules are per-province settings shown in the UI)."""

    publish_within_workdays = models.PositiveSmallIntegerField(
        _("公布期限（公布期间结束后工作日）"), default=rules.DEFAULT_PUBLISH_WITHIN_WORKDAYS
    )
    due_soon_workdays = models.PositiveSmallIntegerField(
        _("即将到期提示（公布期限前工作日）"), default=rules.DEFAULT_DUE_SOON_WORKDAYS
    )

    class Meta:
        verbose_name = _("公布办理参数")
        verbose_name_plural = _("公布办理参数")


class PublicationBatch(models.Model):
    """公布批次: one bureau's publication for one period (a quarter, a half year, or ad hoc)."""

    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("公布机关")
    )
    # The agency's own division: a city's batch is the city's, seen by the city and the province.
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    period_kind = models.CharField(_("公布周期"), max_length=16, choices=PeriodKind.choices)
    period_label = models.CharField(_("公布期间"), max_length=40)
    period_start = models.DateField(_("期间起"))
    period_end = models.DateField(_("期间止"))
    state = models.CharField(_("状态"), max_length=16, choices=State.choices, default=State.DRAFT)
    due_date = models.DateField(_("公布期限"))
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    return_note = models.TextField(_("退回意见"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("批准人"),
    )
    approved_at = models.DateTimeField(_("批准时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("公布批次")
        verbose_name_plural = _("公布批次")
        ordering = ["-period_end", "-id"]
        indexes = [
            models.Index(fields=["region", "state"]),
            models.Index(fields=["state", "published_at"]),
        ]
        constraints = [
            # One regular batch per bureau and period; ad hoc batches as many as needed.
            models.UniqueConstraint(
                fields=["agency", "period_kind", "period_label"],
                condition=~models.Q(period_kind=PeriodKind.AD_HOC),
                name="uniq_publication_batch_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.name} {self.period_label}"


class PublicationItemQuerySet(RestrictedQuerySet):
    def restrict(self, user, action: str = "view") -> "PublicationItemQuerySet":
        """Items are read under their batch's permission and jurisdiction: one rule for both."""
        return self.filter(batch__in=PublicationBatch.objects.restrict(user, action))


class PublicationItem(models.Model):
    """公布事项: one case's published record inside a batch; the fields are the public text."""

    batch = models.ForeignKey(PublicationBatch, on_delete=models.CASCADE, related_name="items")
    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="publication_items"
    )
    kind = models.CharField(_("违法行为类别"), max_length=24, choices=Kind.choices)
    reason = models.TextField(_("公布理由"), blank=True)
    unit_name = models.CharField(_("违法主体名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    legal_representative = models.CharField(_("法定代表人（负责人）"), max_length=50, blank=True)
    facts = models.TextField(_("主要违法事实"), max_length=5000)
    handling = models.TextField(_("处理情况"), max_length=5000)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    edited_at = models.DateTimeField(default=timezone.now)

    objects = PublicationItemQuerySet.as_manager()

    # The fields that are public text: redacted on save and on render.
    TEXT_FIELDS = ("unit_name", "address", "legal_representative", "facts", "handling")
    # What an editor may change (the form) and what the audit log keeps of an item.
    EDITABLE_FIELDS = (
        "kind",
        "unit_name",
        "credit_code",
        "address",
        "legal_representative",
        "facts",
        "handling",
    )

    class Meta:
        verbose_name = _("公布事项")
        verbose_name_plural = _("公布事项")
        ordering = ["batch", "id"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "case"], name="uniq_publication_item_case")
        ]

    def __str__(self) -> str:
        return self.unit_name

    def save(self, *args, **kwargs) -> None:
        """Whatever an editor typed, personal data never reaches the table (Order 29)."""
        self.redact_fields()
        super().save(*args, **kwargs)

    def _redacted(self) -> dict[str, str]:
        names = personal_names(self.case)
        return {name: redact(getattr(self, name), names) for name in self.TEXT_FIELDS}

    def redact_fields(self) -> None:
        for name, value in self._redacted().items():
            setattr(self, name, value)

    def public_fields(self) -> dict[str, str]:
        """The published text, redacted again at render time: a row written around `save()`
        (a bulk write, a raw update) is still clean when it is shown."""
        return {**self._redacted(), "credit_code": self.credit_code}


# What a list of items needs loaded for `public_fields()` in a fixed number of queries.
PUBLIC_SELECT = ("batch", "batch__agency", "case", "case__employer", "case__clue")
PUBLIC_PREFETCH = ("case__workers", "case__persons__person", "case__interviews", "case__statements")


class PublicationHistory(StateHistory):
    """公布批次记录: append-only history of one batch (opening, items, review, publication)."""

    batch = models.ForeignKey(PublicationBatch, on_delete=models.CASCADE, related_name="history")

    owner_field = "batch"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["batch", "at"])]

    def __str__(self) -> str:
        return f"{self.batch_id} {self.action}"


from .publicity.models import PublicityEntry  # noqa: E402, F401  (宣传台账)
from .typical.models import TypicalCase, TypicalCaseHistory  # noqa: E402, F401  (典型案例)
