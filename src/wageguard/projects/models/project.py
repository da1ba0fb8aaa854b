"""Construction projects (工程项目), the parties on them, and the facts their core wage-payment
systems are judged on (DOMAIN "Construction projects"; rules in `projects.rules`)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.history import StateHistory
from wageguard.core.scoping import RestrictedQuerySet
from wageguard.org.models import Agency, AgencyKind
from wageguard.parties.models import Enterprise
from wageguard.regions.models import Region

from ..rules import (
    ACTIVE,
    AppropriationCycle,
    ContractorRole,
    DepositForm,
    Funding,
    State,
    Status,
    System,
)

# The industry departments a project can answer to (行业工程建设主管部门, Decree 724 art. 38).
DEPARTMENTS = (AgencyKind.HOUSING, AgencyKind.TRANSPORT, AgencyKind.WATER, AgencyKind.NDRC)


class ProjectQuerySet(RestrictedQuerySet):
    def active(self) -> "ProjectQuerySet":
        return self.filter(state__in=ACTIVE)


class ProjectManager(models.Manager.from_queryset(ProjectQuerySet)):
    pass


class Project(models.Model):
    """工程项目: one construction project, supervised by the HRSS bureau of the county where
    the site is and by the industry department that approved it."""

    name = models.CharField(_("项目名称"), max_length=200)
    name_norm = models.CharField(max_length=200, db_index=True, editable=False)
    code = models.CharField(_("项目编码"), max_length=40, unique=True)
    site_address = models.CharField(_("项目地址"), max_length=300)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("所在辖区")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="projects", verbose_name=_("监管机构")
    )
    department = models.CharField(
        _("行业主管部门"),
        max_length=16,
        choices=[(k.value, k.label) for k in DEPARTMENTS],
        default=AgencyKind.HOUSING,
    )
    developer = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="developed_projects",
        verbose_name=_("建设单位"),
    )
    general_contractor = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="contracted_projects",
        verbose_name=_("施工总承包单位"),
    )
    funding = models.CharField(_("投资类型"), max_length=12, choices=Funding.choices)
    contract_value = models.DecimalField(
        _("合同金额（元）"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    labour_cost_share = models.DecimalField(
        _("人工费用比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    appropriation_cycle = models.CharField(
        _("人工费用拨付周期"), max_length=12, choices=AppropriationCycle.choices, blank=True
    )
    contract_signed_on = models.DateField(_("施工合同签订日期"), null=True, blank=True)
    permit_on = models.DateField(_("施工许可日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    planned_completion_on = models.DateField(_("计划竣工日期"), null=True, blank=True)
    completed_on = models.DateField(_("实际竣工日期"), null=True, blank=True)
    settled_on = models.DateField(_("结算日期"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=12, choices=State.choices, default=State.REGISTERED
    )
    labour_officer = models.CharField(_("劳资专管员"), max_length=50, blank=True)
    # Whether every core system is applied, as last assessed: the one indexed column the
    # province's 制度落实率 counts, so the rate over 100,000 projects is one aggregate.
    applies_all = models.BooleanField(_("核心制度全部落实"), default=False)
    assessed_at = models.DateTimeField(_("评估时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectManager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        verbose_name = _("工程项目")
        verbose_name_plural = _("工程项目")
        indexes = [
            models.Index(fields=["region", "state"]),
            models.Index(fields=["department", "region", "state"]),
            models.Index(fields=["state", "applies_all"]),
            # The dispatch KPIs' 制度落实率 by county (always live, of now): covered.
            models.Index(
                fields=["region", "state", "applies_all"], name="project_region_state_all"
            ),
            models.Index(fields=["general_contractor"]),
            models.Index(fields=["developer"]),
        ]

    def __str__(self) -> str:
        return self.name

    @classmethod
    def restrict_extra(cls, queryset: models.QuerySet, user) -> models.QuerySet:
        """An industry department sees the projects it answers for, never the others in its
        county (DESIGN "Scoping": another department only what was assigned to it)."""
        agency = getattr(user, "agency", None)
        if agency is not None and agency.kind != AgencyKind.HRSS and not user.is_superuser:
            return queryset.filter(department=agency.kind)
        return queryset


class ProjectContractor(models.Model):
    """分包单位: a subcontractor on the project and its team leader (班组长)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="contractors")
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        related_name="subcontracts",
        verbose_name=_("分包单位"),
    )
    role = models.CharField(_("分包类型"), max_length=8, choices=ContractorRole.choices)
    team_leader = models.CharField(_("班组长"), max_length=50, blank=True)
    entered_on = models.DateField(_("进场日期"), null=True, blank=True)
    left_on = models.DateField(_("退场日期"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("分包单位")
        verbose_name_plural = _("分包单位")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "enterprise"], name="uniq_project_contractor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.project_id}"


class WageAccount(models.Model):
    """农民工工资专用账户 (Decree 724 art. 26), opened by the general contractor."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE, related_name="wage_account")
    bank = models.CharField(_("开户银行"), max_length=100)
    # A unit's account, not a person's: stored whole for the bank feeds to match, shown masked.
    number = models.CharField(_("账号"), max_length=40)
    opened_on = models.DateField(_("开户日期"))
    notice_started_on = models.DateField(_("销户公示开始日期"), null=True, blank=True)
    closed_on = models.DateField(_("销户日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("农民工工资专用账户")
        verbose_name_plural = _("农民工工资专用账户")
        constraints = [models.UniqueConstraint(fields=["bank", "number"], name="uniq_wage_account")]

    def __str__(self) -> str:
        return f"{self.bank} {self.masked_number}"

    @property
    def masked_number(self) -> str:
        return f"****{self.number[-4:]}" if len(self.number) > 4 else "****"


class WageDeposit(models.Model):
    """工资保证金 or the bank guarantee that replaces it (Decree 724 art. 32)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="deposits")
    form = models.CharField(_("存储形式"), max_length=10, choices=DepositForm.choices)
    amount = models.DecimalField(
        _("金额（元）"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField(
        _("存储比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    bank = models.CharField(_("存储银行/出具保函银行"), max_length=100, blank=True)
    lodged_on = models.DateField(_("存储日期"), null=True, blank=True)
    expires_on = models.DateField(_("保函到期日"), null=True, blank=True)
    exemption_reason = models.TextField(_("减免理由"), blank=True)
    released_on = models.DateField(_("返还日期"), null=True, blank=True)
    # Set when the deposit is drawn on, cleared when it is topped up to its amount again: the
    # province's top-up period (`DepositSettings.topup_workdays`) in working days.
    topup_due_on = models.DateField(_("补足期限"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-lodged_on", "-pk"]
        verbose_name = _("工资保证金")
        verbose_name_plural = _("工资保证金")
        indexes = [models.Index(fields=["form", "expires_on"])]

    def __str__(self) -> str:
        return f"{self.get_form_display()} {self.amount or ''}"


class ProjectSystem(models.Model):
    """One core system's status on one project as last assessed (`projects.rules.assess`): stored
    so rates by region, department and system are aggregates over an index, not a rule run per
    project per page view."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="systems")
    system = models.CharField(_("核心制度"), max_length=10, choices=System.choices)
    status = models.CharField(_("落实情况"), max_length=10, choices=Status.choices)
    reason = models.CharField(_("说明"), max_length=300, blank=True)
    article = models.CharField(max_length=20)
    # Copied from the project so the rate table groups without a join.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    department = models.CharField(max_length=16)
    active = models.BooleanField(default=False)
    assessed_at = models.DateTimeField()

    class Meta:
        ordering = ["project_id", "system"]
        constraints = [
            models.UniqueConstraint(fields=["project", "system"], name="uniq_project_system")
        ]
        indexes = [models.Index(fields=["active", "system", "region", "status"])]

    def __str__(self) -> str:
        return f"{self.project_id} {self.system} {self.status}"


class Evidence(models.Model):
    """佐证材料: a photo or file showing a core system in place (the notice board's photo, the
    account's opening certificate, the deposit's receipt)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="evidence")
    system = models.CharField(_("核心制度"), max_length=10, choices=System.choices)
    file = models.FileField(upload_to="projects/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    dated = models.DateField(_("材料日期"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        indexes = [models.Index(fields=["project", "system"])]

    def __str__(self) -> str:
        return self.original_name


class ProjectHistory(StateHistory):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="history")

    owner_field = "project"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["project", "at"])]

    def __str__(self) -> str:
        return f"{self.project_id} {self.action}"
