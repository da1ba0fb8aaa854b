"""The real-name roster (实名制花名册) and the monthly feeds a project's systems report: attendance,
the signed payroll sheet, the bank's payments from the dedicated account, the developer's
labour-cost appropriations into it and the account's balance; and the reconciliation of a month
stored per project (`MonthSummary`, the `PayrollMonth` facts the rules read).

Every feed row has a natural key (a worker and month, a bank reference, a day) with a unique
constraint on it, so an import run twice, or resumed after its worker died, writes nothing twice.
A feed row points at its roster worker; the worker's ID number and mobile are stored once,
encrypted (`core.crypto`), and a bank card never: only its keyed hash and last four digits.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.crypto import EncryptedCharField, KeyedHashField
from wageguard.core.province_settings import ProvinceSettings

from .project import Project, ProjectContractor

MONEY = {"max_digits": 14, "decimal_places": 2}


class RosterWorker(models.Model):
    """One worker on a project's real-name roster (Decree 724 art. 28; 建市〔2019〕18号)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="roster")
    name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedCharField(_("身份证号码"), max_length=18)
    id_number_hash = KeyedHashField(source="id_number", normalise="id_number")
    mobile = EncryptedCharField(_("手机号码"), max_length=11, blank=True)
    mobile_hash = KeyedHashField(source="mobile", normalise="mobile", db_index=True)
    trade = models.CharField(_("工种"), max_length=30, blank=True)
    contractor = models.ForeignKey(
        ProjectContractor,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="workers",
        verbose_name=_("班组/分包单位"),
    )
    contract_signed = models.BooleanField(_("已签劳动合同"), default=False)
    contract_signed_on = models.DateField(_("劳动合同签订日期"), null=True, blank=True)
    safety_trained = models.BooleanField(_("已岗前安全培训"), default=False)
    safety_trained_on = models.DateField(_("安全培训日期"), null=True, blank=True)
    entered_on = models.DateField(_("进场日期"), null=True, blank=True)
    left_on = models.DateField(_("退场日期"), null=True, blank=True)
    settlement_confirmed = models.BooleanField(_("退场工资结算已确认"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_id", "pk"]
        verbose_name = _("实名制花名册")
        verbose_name_plural = _("实名制花名册")
        constraints = [
            models.UniqueConstraint(fields=["project", "id_number_hash"], name="uniq_roster_worker")
        ]

    def __str__(self) -> str:
        return f"{self.name} @ {self.project_id}"


class Attendance(models.Model):
    """Days one worker worked on the project in one month (考勤); key: worker and month."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(RosterWorker, on_delete=models.CASCADE, related_name="attendance")
    month = models.DateField(_("月份"))  # first day of the month
    days = models.PositiveSmallIntegerField(_("出勤天数"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "month"], name="uniq_attendance_month")
        ]
        indexes = [models.Index(fields=["project", "month"])]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m} {self.days}"


class ClockDay(models.Model):
    """One worker's day on the site as the real-name system's clock-ins show it (建市〔2019〕18号:
    gate or phone clock-ins): the first and the last clock-in of the day, in minutes after
    midnight. Only these two are kept, a row a worker-day rather than a row a clock-in, and a
    clock-in file read twice or in pieces only widens them, so the day comes out the same.
    `Attendance.days` of the month is the count of days whose span reaches the province's
    minimum (`FeedSettings.clockin_min_hours`)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(RosterWorker, on_delete=models.CASCADE, related_name="clock_days")
    month = models.DateField(_("月份"))  # first day of `day`'s month, what attendance is kept by
    day = models.DateField(_("日期"))
    first_minute = models.PositiveSmallIntegerField(_("首次打卡（分钟）"))
    last_minute = models.PositiveSmallIntegerField(_("末次打卡（分钟）"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "day"], name="uniq_clock_day")]
        indexes = [models.Index(fields=["project", "month"])]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.day} {self.first_minute}-{self.last_minute}"


class FeedSettings(ProvinceSettings):
    """How a province reads the feeds."""

    # A valid attendance day needs two clock-ins at least 4 hours apart in Jilin's monitoring
    # rules (DOMAIN section 3); no national figure exists, so it is the province's to set.
    clockin_min_hours = models.DecimalField(
        _("有效出勤日的首末次打卡间隔（小时）"),
        max_digits=3,
        decimal_places=1,
        default=4,
        validators=[MinValueValidator(0), MaxValueValidator(16)],
        help_text=_("首次与末次打卡相隔不少于此时长的日子计为出勤；为 0 时一次打卡即计。"),
    )

    class Meta:
        verbose_name = _("数据报送设置")
        verbose_name_plural = _("数据报送设置")


class PayChannel(models.TextChoices):
    ACCOUNT = "account", _("专用账户代发")
    CASH = "cash", _("现金")
    OTHER = "other", _("其他方式")


class PayrollLine(models.Model):
    """One worker's line on the month's payroll sheet (工资支付表) the subcontractor prepares and
    the worker signs (Decree 724 art. 31); key: worker and month."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(RosterWorker, on_delete=models.CASCADE, related_name="payroll")
    month = models.DateField(_("月份"))
    gross = models.DecimalField(_("应发工资"), **MONEY)
    deductions = models.DecimalField(_("扣除"), default=0, **MONEY)
    net = models.DecimalField(_("实发工资"), **MONEY)
    signed = models.BooleanField(_("本人签字确认"), default=False)
    channel = models.CharField(
        _("发放方式"), max_length=8, choices=PayChannel.choices, default=PayChannel.ACCOUNT
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "month"], name="uniq_payroll_month")
        ]
        indexes = [models.Index(fields=["project", "month"])]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.month:%Y-%m} {self.net}"


class Payment(models.Model):
    """A transfer from the project's dedicated account to a worker's own card (代发), as the bank
    reports it; key: the bank's reference on that account (one account per project)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    worker = models.ForeignKey(RosterWorker, on_delete=models.CASCADE, related_name="payments")
    month = models.DateField(_("工资月份"))  # the wage month it pays
    paid_on = models.DateField(_("支付日期"))
    amount = models.DecimalField(_("金额"), **MONEY)
    reference = models.CharField(_("银行流水号"), max_length=64)
    card_hash = models.CharField(max_length=64, db_index=True)  # keyed hash, never the number
    card_last4 = models.CharField(_("卡号后四位"), max_length=4)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["project", "reference"], name="uniq_payment_reference")
        ]
        indexes = [
            models.Index(fields=["worker", "month"]),
            models.Index(fields=["project", "month"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class Appropriation(models.Model):
    """Labour cost the developer paid into the dedicated account (人工费用拨付, art. 24, 29)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="appropriations")
    paid_on = models.DateField(_("拨付日期"))
    amount = models.DecimalField(_("金额"), **MONEY)
    payer = models.CharField(_("拨付单位"), max_length=200, blank=True)
    reference = models.CharField(_("银行流水号"), max_length=64)

    class Meta:
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reference"], name="uniq_appropriation_reference"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.amount}"


class AccountBalance(models.Model):
    """The dedicated account's balance at the end of a day, as the bank reports it."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="balances")
    on = models.DateField(_("日期"))
    balance = models.DecimalField(_("余额"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["-on"]
        constraints = [models.UniqueConstraint(fields=["project", "on"], name="uniq_balance_day")]

    def __str__(self) -> str:
        return f"{self.project_id} {self.on} {self.balance}"


class MonthSummary(models.Model):
    """One project's month reconciled (`projects.reconcile.summarise`): the `PayrollMonth` facts
    the rules judge and the count of each difference, stored so a batch of 1,000 projects reads
    its months in one query instead of aggregating millions of feed rows per assessment."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="months")
    month = models.DateField()
    on_attendance = models.PositiveIntegerField(default=0)
    on_payroll = models.PositiveIntegerField(default=0)
    paid_through_account = models.PositiveIntegerField(default=0)
    worked_no_payroll = models.PositiveIntegerField(default=0)
    unpaid = models.PositiveIntegerField(default=0)
    short_paid = models.PositiveIntegerField(default=0)
    not_through_account = models.PositiveIntegerField(default=0)
    paid_no_payroll = models.PositiveIntegerField(default=0)
    # 按月足额发放 (the dispatch KPI `wages_paid_monthly_rate`): the month's wages are due by the
    # end of the next month (DOMAIN section 3: the red warning's cycle); of the workers with
    # attendance, those not paid their 实发 in full from the dedicated account by then.
    due_on = models.DateField(_("工资应发放截止日"), null=True, blank=True)
    not_paid_on_time = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_id", "-month"]
        indexes = [models.Index(fields=["due_on", "project"], name="monthsummary_due_project")]
        constraints = [
            models.UniqueConstraint(fields=["project", "month"], name="uniq_month_summary")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.month:%Y-%m}"

    @property
    def paid_monthly(self) -> bool:
        """Due with work done (attendance) and every worker with attendance paid in full from
        the account by the due day: the project-month counts as paid monthly (按月足额发放)."""
        return self.on_attendance > 0 and self.not_paid_on_time == 0

    @property
    def differences(self) -> int:
        return (
            self.worked_no_payroll
            + self.unpaid
            + self.short_paid
            + self.not_through_account
            + self.paid_no_payroll
        )


class FeedPush(models.Model):
    """The answer given to an API push under an `Idempotency-Key`: the same key again gets the
    same answer, without the rows being judged twice."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20)
    key = models.CharField(max_length=100)
    status = models.PositiveSmallIntegerField()
    answer = models.JSONField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["created_by", "kind", "key"], name="uniq_feed_push")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"
