"""The investigation record of a case (调查记录): who investigates, whom they interviewed, the
evidence, the employer's wage ledger, and the employer's statement and defence."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .case import EnforcementCase


class CaseInspector(models.Model):
    """承办监察员: at least two inspectors act on a case together (Decree 423 art. 16)."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="inspectors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    lead = models.BooleanField(_("主办"), default=False)
    assigned_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-lead", "id"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="uniq_case_inspector")]

    def __str__(self) -> str:
        return f"{self.case_id} {self.user_id}"


class InterviewRole(models.TextChoices):
    WORKER = "worker", _("劳动者")
    EMPLOYER = "employer", _("用人单位人员")
    CONTRACTOR = "contractor", _("总包、分包或建设单位人员")
    WITNESS = "witness", _("证人")
    OTHER = "other", _("其他")


class Interview(models.Model):
    """询问笔录: one interview, held by two inspectors (Decree 423 art. 16)."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="interviews")
    interviewee = models.CharField(_("被询问人"), max_length=50)
    interviewee_role = models.CharField(_("身份"), max_length=16, choices=InterviewRole.choices)
    held_at = models.DateTimeField(_("询问时间"))
    place = models.CharField(_("询问地点"), max_length=200, blank=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("询问人")
    )
    summary = models.TextField(_("询问内容摘要"), max_length=20000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["held_at", "id"]

    def __str__(self) -> str:
        return f"{self.interviewee} {self.held_at:%Y-%m-%d}"


class EvidenceKind(models.TextChoices):
    DOCUMENT = "document", _("书证")
    PHOTO = "photo", _("照片、视听资料")
    LEDGER = "ledger", _("工资支付台账、考勤记录")
    CONTRACT = "contract", _("劳动合同、分包合同")
    STATEMENT = "statement", _("当事人陈述")
    OTHER = "other", _("其他")


class Evidence(models.Model):
    """证据: a file (or a described item) the case relies on; files stay outside the web root
    and are served only to staff who may see the case. Clue attachments become evidence when
    the clue is converted, pointing at the same stored file."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("证据种类"), max_length=16, choices=EvidenceKind.choices)
    description = models.CharField(_("证据说明"), max_length=300)
    file = models.FileField(upload_to="cases/evidence/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.description


class LedgerCheck(models.Model):
    """工资支付台账检查: what the inspectors found in the employer's wage ledger (Decree 724
    art. 15: kept at least 3 years, one entry per worker per pay cycle)."""

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.CASCADE, related_name="ledger_checks"
    )
    checked_on = models.DateField(_("检查日期"))
    ledger_kept = models.BooleanField(_("编制了工资支付台账"))
    period = models.CharField(_("检查期间"), max_length=50, blank=True)
    findings = models.TextField(_("检查情况"), max_length=10000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["checked_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.checked_on}"


class StatementKind(models.TextChoices):
    STATEMENT = "statement", _("陈述申辩")
    HEARING = "hearing", _("听证")
    WAIVED = "waived", _("放弃陈述申辩")
    NO_RESPONSE = "no_response", _("逾期未陈述申辩")
    # Told of the right to a hearing before a work stoppage and did not ask for one within 5
    # days of the notice, or said it wants none (Administrative Penalty Law arts. 63, 64).
    HEARING_NOT_REQUESTED = "hearing_not_requested", _("告知听证权利后未要求听证")


class Statement(models.Model):
    """陈述申辩: the employer is heard before any decision (Decree 423 art. 19; Administrative
    Penalty Law arts. 44, 45). A waiver or an unanswered notice is recorded as such; so is what
    happened to the hearing the employer may ask for before a work stoppage (a hearing held,
    or none asked for: arts. 63, 64), a choice the system never presumes."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="statements")
    kind = models.CharField(_("方式"), max_length=24, choices=StatementKind.choices)
    received_on = models.DateField(_("收到日期"))
    speaker = models.CharField(_("陈述人"), max_length=100, blank=True)
    content = models.TextField(_("陈述申辩内容"), max_length=20000, blank=True)
    adopted = models.BooleanField(_("意见是否采纳"), null=True, blank=True)
    response = models.TextField(_("复核意见"), max_length=5000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["received_on", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"
