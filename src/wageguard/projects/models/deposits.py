"""The wage deposit's ledger (工资保证金收支) and the province's deposit settings.

A deposit's balance is never stored: it is the sum of its movements (lodged and topped up in,
drawn and released out), so a drawdown, a top-up and a release each add one row and the balance
cannot drift from them. A case that pays workers from the deposit sits above projects in the
layers, so a movement keeps the case's id and number as plain fields, not a foreign key.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.province_settings import ProvinceSettings

from .project import WageDeposit


class DepositSettings(ProvinceSettings):
    """How the province sets the deposit's rate and its top-up (人社部发〔2021〕65号 art. 13: the
    province sets the rates and how they float). The national limits are the validators."""

    # Art. 11 para. 1: 原则上不低于1%，不超过3%.
    base_rate = models.DecimalField(
        _("基本存储比例（%）"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("3"))],
        help_text=_("按施工合同额计算，应在 1% 至 3% 之间。"),
    )
    # Art. 11 para. 2: several projects under construction in the area: lower, not below 0.5%.
    multi_project_rate = models.DecimalField(
        _("多个在建工程的存储比例（%）"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("3"))],
        help_text=_(
            "施工总承包单位在本市（州）有多个在建工程时适用，不得低于 0.5%；"
            "高于基本比例时按基本比例。"
        ),
    )
    # Art. 12 (last para.): arrears in the 2 years before: up by at least 50%.
    arrears_uplift = models.PositiveSmallIntegerField(
        _("前2年内发生工资拖欠的上浮幅度（%）"),
        default=50,
        validators=[MinValueValidator(50), MaxValueValidator(300)],
        help_text=_("不得低于 50%。"),
    )
    # Art. 12 (last para.): listed as seriously untrustworthy for arrears: at least 100%.
    listed_uplift = models.PositiveSmallIntegerField(
        _("被列入失信联合惩戒名单的上浮幅度（%）"),
        default=100,
        validators=[MinValueValidator(100), MaxValueValidator(400)],
        help_text=_("不得低于 100%。"),
    )
    # The national text of the top-up period was not found in a stored copy (docs/legal-sources
    # §23): a summary says 10 working days, so it is the province's setting with that default.
    topup_workdays = models.PositiveSmallIntegerField(
        _("动用后补足期限（工作日）"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
        help_text=_(
            "工资保证金被动用后，施工总承包单位应在此期限内补足。"
            "国家规定的原文未能核实（只见转述为10个工作日），由本省设定。"
        ),
    )

    class Meta:
        verbose_name = _("工资保证金设置")
        verbose_name_plural = _("工资保证金设置")


class MovementKind(models.TextChoices):
    LODGED = "lodged", _("存储")
    DRAWN = "drawn", _("动用支付")
    TOPPED_UP = "topped_up", _("补足")
    RELEASED = "released", _("返还")


# Which way each kind moves the balance.
SIGN = {
    MovementKind.LODGED: 1,
    MovementKind.TOPPED_UP: 1,
    MovementKind.DRAWN: -1,
    MovementKind.RELEASED: -1,
}


class DepositMovement(models.Model):
    """One entry of a deposit's ledger (工资保证金收支记录)."""

    deposit = models.ForeignKey(WageDeposit, on_delete=models.CASCADE, related_name="movements")
    kind = models.CharField(_("类别"), max_length=10, choices=MovementKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    on = models.DateField(_("日期"))
    # A drawdown's payment notice (工资保证金支付通知书) and the case it was issued on: plain
    # fields, since cases sit above projects (docs/architecture.md).
    notice_number = models.CharField(_("支付通知书文号"), max_length=60, blank=True)
    case_id_ref = models.PositiveBigIntegerField(_("案件"), null=True, blank=True)
    case_number = models.CharField(_("案件编号"), max_length=40, blank=True)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["on", "pk"]
        verbose_name = _("工资保证金收支记录")
        verbose_name_plural = _("工资保证金收支记录")
        indexes = [models.Index(fields=["deposit", "on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="depositmovement_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deposit_id} {self.kind} {self.amount}"

    @property
    def signed(self) -> Decimal:
        return self.amount * SIGN[self.kind]
