"""Measures on a case (责令改正、处理决定、处罚…), the numbered Word documents that carry them, the
agencies' editable templates, and transfers to the police."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.org.models import Agency

from ..rules import (
    VIOLATIONS,
    DecisionKind,
    DecisionState,
    DocumentKind,
    ServiceMethod,
    TransferResponse,
)
from .case import EnforcementCase


class DocumentTemplate(models.Model):
    """文书模板: an agency's own Word template for one kind of document (docxtpl/Jinja tags).
    The newest upload is used; without one, the built-in template is. Old ones are kept so a
    stored document can name the template it came from."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书种类"), max_length=20, choices=DocumentKind.choices)
    file = models.FileField(upload_to="cases/templates/%Y/")
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        indexes = [models.Index(fields=["agency", "kind", "uploaded_at"])]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind}"


class CaseDocument(models.Model):
    """文书: one generated, numbered Word file. Stored as generated and never renumbered: a
    correction is a new document with a new number."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="documents")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("文书种类"), max_length=20, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField()
    serial = models.PositiveIntegerField()
    number = models.CharField(_("文号"), max_length=40)
    file = models.FileField(upload_to="cases/documents/%Y/%m/")
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64)
    template = models.ForeignKey(
        DocumentTemplate, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    context = models.JSONField(default=dict, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    generated_at = models.DateTimeField(default=timezone.now)
    # 送达: recorded after the fact by whoever served it; periods the addressee acts in run from
    # `served_on` (see rules.ServiceMethod). Empty until served.
    served_on = models.DateField(_("送达日期"), null=True, blank=True)
    service_method = models.CharField(
        _("送达方式"), max_length=16, choices=ServiceMethod.choices, blank=True
    )
    served_to = models.CharField(_("受送达人"), max_length=200, blank=True)
    service_note = models.TextField(_("送达情况说明"), max_length=2000, blank=True)
    service_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["generated_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "year", "serial"], name="uniq_document_number"
            )
        ]

    def __str__(self) -> str:
        return self.number


class Decision(models.Model):
    """A measure taken on a case: an order to correct with a deadline, a handling decision with
    additional compensation, a fine within its article's range, a work stoppage, a drawdown of
    the wage deposit, or an application to court. Each is issued as a numbered document."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("措施"), max_length=16, choices=DecisionKind.choices)
    state = models.CharField(
        _("履行情况"), max_length=16, choices=DecisionState.choices, default=DecisionState.ISSUED
    )
    issued_on = models.DateField(_("作出日期"))
    deadline = models.DateField(_("履行期限"), null=True, blank=True)
    article = models.CharField(_("适用条款"), max_length=200)
    penalty_key = models.CharField(max_length=20, blank=True)
    # The violation an order to correct names and a Decree 724 fine or stoppage punishes
    # (rules.VIOLATIONS key, "724-55-1"); empty for an order to pay wages (Decree 423 art. 26).
    violation = models.CharField(_("违法行为"), max_length=20, blank=True)
    amount_due = models.DecimalField(
        _("应支付工资（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    compensation_rate = models.DecimalField(
        _("加付赔偿金比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    compensation_amount = models.DecimalField(
        _("加付赔偿金（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    fine_amount = models.DecimalField(
        _("罚款金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    addressee = models.CharField(_("送达对象"), max_length=200, blank=True)
    content = models.TextField(_("内容"), max_length=10000, blank=True)
    document = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )
    outcome_on = models.DateField(_("履行情况确认日期"), null=True, blank=True)
    outcome_note = models.TextField(_("履行情况说明"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issued_on", "id"]
        indexes = [
            models.Index(
                fields=["deadline", "id"],
                condition=models.Q(state=DecisionState.ISSUED),
                name="decision_open_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    @property
    def violation_label(self) -> str:
        """The violation the measure names, with its article and item, as printed."""
        violation = VIOLATIONS.get(self.violation)
        return violation.label if violation else ""


class PoliceTransfer(models.Model):
    """移送公安: a suspected crime of refusing to pay wages (Criminal Law art. 276-1) transferred
    with its letter (Decree 724 art. 41). The case stays open for administrative recovery."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.PROTECT, related_name="transfers")
    transferred_on = models.DateField(_("移送日期"))
    police_agency = models.CharField(_("接收公安机关"), max_length=200)
    threshold_answer = models.CharField(_("入罪标准判断"), max_length=32)
    threshold_reasons = models.JSONField(_("判断理由"), default=list)
    conduct = models.CharField(_("拒不支付情形"), max_length=16)  # order_ignored | absconded
    checklist = models.JSONField(_("证据清单"), default=list)
    letter = models.OneToOneField(
        CaseDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="transfer"
    )
    response = models.CharField(
        _("公安机关回复"),
        max_length=16,
        choices=TransferResponse.choices,
        default=TransferResponse.PENDING,
    )
    response_on = models.DateField(_("回复日期"), null=True, blank=True)
    response_reason = models.TextField(_("不予立案理由"), blank=True)
    next_follow_up = models.DateField(_("下次跟踪日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["transferred_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.transferred_on}"


class TransferFollowUp(models.Model):
    """跟踪记录: each contact with the police about a transfer."""

    transfer = models.ForeignKey(
        PoliceTransfer, on_delete=models.CASCADE, related_name="follow_ups"
    )
    on = models.DateField(_("日期"))
    note = models.TextField(_("情况"), max_length=5000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.transfer_id} {self.on}"
