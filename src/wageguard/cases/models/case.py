"""Enforcement cases (案件) and what hangs on them: per-worker lines, history, number sequences,
and the province's criminal-threshold figures."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.clues.models import Clue
from wageguard.clues.rules import RecoveryMethod
from wageguard.core.crypto import EncryptedCharField
from wageguard.core.history import StateHistory
from wageguard.core.province_settings import ProvinceSettings
from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.parties.models import Enterprise, Person
from wageguard.regions.models import Region

from ..rules import NUMBER_WORDS, OPEN_STATES, PartyRole, PersonRole, State, validate_figures


class CriminalThresholdSetting(ProvinceSettings):
    """拒不支付劳动报酬罪数额标准: a province's figures within the national ranges
    (法释〔2013〕3号 art. 3). Empty until the province's figure is known (Sichuan's is not)."""

    individual_amount = models.DecimalField(
        _("个人数额标准（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    cumulative_amount = models.DecimalField(
        _("累计数额标准（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    source = models.CharField(_("依据文件"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("拒不支付劳动报酬罪数额标准")
        verbose_name_plural = _("拒不支付劳动报酬罪数额标准")

    def save(self, *args, **kwargs) -> None:
        self.clean()
        super().save(*args, **kwargs)

    def clean(self) -> None:
        validate_figures(self.individual_amount, self.cumulative_amount)

    @property
    def is_set(self) -> bool:
        return self.individual_amount is not None or self.cumulative_amount is not None


class NumberSequence(models.Model):
    """文号序列: one counter per agency, kind and year, e.g. 武人社监案〔2026〕12号. A number once
    taken is never given again, even if the transaction that took it later fails elsewhere."""

    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=16)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "year"], name="uniq_number_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind} {self.year}: {self.last}"


def next_number(agency: Agency, kind: str, year: int) -> tuple[int, str]:
    """The next serial of (agency, kind, year) and its formatted number, under a row lock."""
    with transaction.atomic():
        if not NumberSequence.objects.filter(agency=agency, kind=kind, year=year).exists():
            try:
                with transaction.atomic():
                    NumberSequence.objects.create(agency=agency, kind=kind, year=year)
            except IntegrityError:
                pass  # another writer created it first
        seq = NumberSequence.objects.select_for_update().get(agency=agency, kind=kind, year=year)
        seq.last += 1
        seq.save(update_fields=["last"])
    prefix = agency.short_name or agency.region.name[:1] + "人社"
    return seq.last, f"{prefix}{NUMBER_WORDS[kind]}〔{year}〕{seq.last}号"


class EnforcementCase(models.Model):
    """案件: one wage case filed by an HRSS bureau, from a clue or an inspection finding."""

    # Not unique on its own: two bureaus may share a prefix (成华区 and 成都市: both 成人社);
    # (agency, year, serial) is.
    # Indexed for the list's search, which matches a number typed whole or from its start.
    number = models.CharField(_("案件编号"), max_length=40, db_index=True)
    year = models.PositiveSmallIntegerField(_("立案年度"))
    serial = models.PositiveIntegerField(_("年度序号"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="cases", verbose_name=_("承办机构")
    )
    clue = models.ForeignKey(
        Clue,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("来源线索"),
    )
    source = models.CharField(_("案件来源"), max_length=16)  # clue | inspection | other
    employer = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("用人单位（企业记录）"),
    )
    employer_name = models.CharField(_("用人单位"), max_length=200)
    employer_name_norm = models.CharField(max_length=200, db_index=True, editable=False)
    employer_credit_code = models.CharField(
        _("统一社会信用代码"), max_length=18, blank=True, db_index=True
    )
    project_name = models.CharField(_("项目名称"), max_length=200, blank=True)
    # The registered construction project the arrears arose on (a case filed from a clue linked
    # to one inherits it; the official links or changes it on the case page): the project page
    # lists its cases, and the general contractor answers first for a subcontractor's arrears
    # (Decree 724 art. 30). Indexed with the list's order below, not on its own.
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        related_name="cases",
        verbose_name=_("工程项目"),
    )
    work_address = models.CharField(_("工作地址"), max_length=300, blank=True)
    facts = models.TextField(_("案情摘要"), max_length=5000, blank=True)

    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.FILED)
    filed_on = models.DateField(_("立案日期"))
    due_date = models.DateField(_("办案期限"))
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    extension_requested_at = models.DateTimeField(_("申请延期时间"), null=True, blank=True)
    extension_reason = models.TextField(_("延期理由"), blank=True)
    extended = models.BooleanField(_("已批准延期"), default=False)
    decided_on = models.DateField(_("处理决定日期"), null=True, blank=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True)
    order_ignored_or_absconded = models.BooleanField(
        _("经责令支付仍不支付或逃匿"), null=True, blank=True
    )
    # Order 45 art. 5: arrears that caused a mass or extreme incident with serious social impact.
    mass_incident = models.BooleanField(_("引发群体性事件、极端事件"), default=False)
    mass_incident_note = models.TextField(_("事件情况"), blank=True)
    closing_report = models.TextField(_("结案报告"), blank=True)
    # Why the case closed with an open order, an unanswered transfer or unpaid lines.
    closing_exception = models.TextField(_("例外结案理由"), blank=True)
    # Deadline supervision's summary of its own `supervise` history rows
    # (cases.services.supervision):
    # the highest step taken ("reminder", then the levels "city", "province") for the due date
    # `supervised_due`, so each run skips in SQL the cases with nothing left to do.
    supervised_due = models.DateField(_("已督办的办案期限"), null=True, blank=True)
    supervised_level = models.CharField(_("已督办层级"), max_length=16, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-filed_on", "-id"]
        indexes = [
            models.Index(fields=["region", "state", "due_date"]),
            # The default ordering (-filed_on, -id), within a jurisdiction and across it.
            models.Index(fields=["region", "filed_on", "id"], name="case_region_filed"),
            models.Index(fields=["filed_on", "id"], name="case_filed"),
            # "The cases of project X", newest first, at province scale (the project page).
            models.Index(fields=["project", "filed_on", "id"], name="case_project_filed"),
            models.Index(fields=["due_date", "id"]),
            models.Index(
                fields=["due_date", "id"],
                condition=models.Q(state__in=OPEN_STATES),
                name="case_open_due",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "serial"], name="uniq_case_agency_year_serial"
            )
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def amount_owed(self) -> Decimal:
        return sum((w.amount_owed for w in self.workers.all()), Decimal(0))

    @property
    def amount_recovered(self) -> Decimal:
        return sum((w.amount_recovered for w in self.workers.all()), Decimal(0))


class CaseWorker(models.Model):
    """欠薪劳动者明细: one worker's arrears in a case and what was recovered for them."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="workers")
    worker_name = models.CharField(_("姓名"), max_length=50)
    id_number = EncryptedCharField(_("身份证号码"), max_length=18, blank=True)
    amount_owed = models.DecimalField(_("欠薪金额（元）"), max_digits=14, decimal_places=2)
    period_start = models.DateField(_("欠薪期间起"), null=True, blank=True)
    period_end = models.DateField(_("欠薪期间止"), null=True, blank=True)
    months_unpaid = models.PositiveSmallIntegerField(_("欠薪月数"), default=0)
    amount_recovered = models.DecimalField(
        _("已追回金额（元）"), max_digits=14, decimal_places=2, default=0
    )
    recovered_on = models.DateField(_("追回日期"), null=True, blank=True)
    method = models.CharField(
        _("追回方式"), max_length=24, choices=RecoveryMethod.choices, blank=True
    )

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount_recovered__lte=models.F("amount_owed")),
                name="caseworker_recovered_within_owed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker_name} {self.amount_owed}"

    def clean(self) -> None:
        if self.amount_recovered > self.amount_owed:
            raise ValidationError({"amount_recovered": _("已追回金额不能超过欠薪金额")})


class CaseRecovery(models.Model):
    """追回记录: one payment recovered for one worker of a case (the amount of that payment, the
    day it was paid, how, who recorded it). The worker line's `amount_recovered` is the sum of
    its recoveries and `recovered_on` the day that sum was reached (blank while any part's day is
    unknown), kept in the same transaction by `services.investigation`; what was unpaid when an
    order to pay ran out is the amount owed less the recoveries dated on or before its deadline
    (`rules.unpaid_at`)."""

    worker = models.ForeignKey(CaseWorker, on_delete=models.CASCADE, related_name="recoveries")
    amount = models.DecimalField(_("追回金额（元）"), max_digits=14, decimal_places=2)
    # Blank only for a recovery brought over without its day (an imported clue line, or a
    # total recorded before recoveries were kept one by one): never counted as paid by a
    # deadline.
    recovered_on = models.DateField(_("追回日期"), null=True, blank=True)
    method = models.CharField(
        _("追回方式"), max_length=24, choices=RecoveryMethod.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("登记人"),
    )
    recorded_at = models.DateTimeField(_("登记时间"), default=timezone.now)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    # Recorded with the line when the case was filed (from the clue's line) or the line added,
    # or brought over from the line's total when recoveries began to be kept one by one.
    opening = models.BooleanField(_("随明细带入的追回"), default=False)

    class Meta:
        ordering = ["recovered_on", "id"]
        indexes = [models.Index(fields=["worker", "recovered_on"], name="caserecovery_worker_on")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="caserecovery_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} {self.amount} {self.recovered_on}"


class CaseHistory(StateHistory):
    """案件记录: append-only history of one case (filing, state changes, extension)."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="history")

    owner_field = "case"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["case", "at"])]

    def __str__(self) -> str:
        return f"{self.case_id} {self.action}"


class CaseParty(models.Model):
    """案件当事单位: an enterprise in a role on the case (employer, developer, contractor...)."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="parties")
    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="case_roles")
    role = models.CharField(_("角色"), max_length=24, choices=PartyRole.choices)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "enterprise", "role"], name="uniq_case_party_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.enterprise}"


class CasePerson(models.Model):
    """案件当事人员: the legal representative or a directly responsible person of a party."""

    case = models.ForeignKey(EnforcementCase, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="case_roles")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.CharField(_("角色"), max_length=24, choices=PersonRole.choices)
    position = models.CharField(_("职务"), max_length=50, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person}"


def personal_names(case: EnforcementCase) -> list[str]:
    """Names on a case that must never be published: workers, the reporter, interviewees,
    speakers and directly responsible persons; everyone but the legal representative, whose
    name Order 29 requires (cited by its title: no stored text). Uses prefetched relations when
    the caller loaded them (publication's `PUBLIC_PREFETCH`). Publication redacts them and the
    credit list refuses them with the one detector in parties.rules."""
    legal = {case.employer.legal_representative} if case.employer else set()
    legal |= {
        p.person.name for p in case.persons.all() if p.role == PersonRole.LEGAL_REPRESENTATIVE
    }
    names = {w.worker_name for w in case.workers.all()}
    names |= {
        p.person.name for p in case.persons.all() if p.role != PersonRole.LEGAL_REPRESENTATIVE
    }
    names |= {i.interviewee for i in case.interviews.all()}
    names |= {s.speaker for s in case.statements.all()}
    if case.clue is not None:
        names.add(case.clue.reporter_name)
    legal.discard("")
    return sorted(n for n in names - legal if n)
