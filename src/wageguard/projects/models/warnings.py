"""Early warnings (预警) on construction projects: the rules as data a province tunes, and the
warnings a scan issues, each with its county, its industry department and its deadline (DOMAIN
section 3; rules in `projects.warnings`)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wageguard.core.history import StateHistory
from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency, AgencyKind
from wageguard.regions.models import Region

from .project import Project


class Level(models.TextChoices):
    RED = "red", _("红色")
    ORANGE = "orange", _("橙色")
    YELLOW = "yellow", _("黄色")


# Most urgent first: the inbox sorts on this rank.
LEVEL_RANK = {Level.RED: 0, Level.ORANGE: 1, Level.YELLOW: 2}


class WarningState(models.TextChoices):
    ISSUED = "issued", _("已发出")
    ASSIGNED = "assigned", _("已分派")
    HANDLED = "handled", _("已处置")
    VERIFIED = "verified", _("已核实")
    CLOSED = "closed", _("已关闭")
    DISMISSED = "dismissed", _("不是问题")


OPEN_STATES = (
    WarningState.ISSUED,
    WarningState.ASSIGNED,
    WarningState.HANDLED,
    WarningState.VERIFIED,
)


class WarningRule(models.Model):
    """One warning rule as a province runs it: on or off, its level, the parameters it takes
    (validated against the rule's legal limits in `projects.warnings.rules`) and the deadline its
    warnings get. The code names the function in `projects.warnings.RULES`."""

    province_code = models.CharField(_("省级代码"), max_length=2)
    code = models.CharField(_("规则编码"), max_length=40)
    level = models.CharField(_("预警等级"), max_length=8, choices=Level.choices)
    enabled = models.BooleanField(_("启用"), default=True)
    parameters = models.JSONField(_("参数"), default=dict, blank=True)
    deadline_workdays = models.PositiveSmallIntegerField(_("处置时限（工作日）"), default=5)
    explanation = models.TextField(_("说明"), blank=True)
    article = models.CharField(_("依据条文"), max_length=20, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province_code", "code"]
        verbose_name = _("预警规则")
        verbose_name_plural = _("预警规则")
        constraints = [
            models.UniqueConstraint(fields=["province_code", "code"], name="uniq_warning_rule")
        ]

    def __str__(self) -> str:
        return self.code


class Warning(models.Model):
    """预警: one rule's finding on one project (and one subject, such as a month or a guarantee),
    sent to the county HRSS bureau and the industry department the project answers to. A finding
    seen again while its warning is open updates that warning (last seen, count)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="warnings")
    rule = models.CharField(_("预警规则"), max_length=40)
    # What the finding is about within the project ("2026-03" for a month, a guarantee's id);
    # empty when the project has one such finding at most.
    key = models.CharField(max_length=40, blank=True)
    level = models.CharField(_("预警等级"), max_length=8, choices=Level.choices)
    level_rank = models.PositiveSmallIntegerField(default=2)
    state = models.CharField(
        _("状态"), max_length=10, choices=WarningState.choices, default=WarningState.ISSUED
    )
    summary = models.CharField(_("预警内容"), max_length=300)
    article = models.CharField(max_length=20, blank=True)
    data = models.JSONField(default=dict, blank=True)
    # Copied from the project so the inbox filters and scopes without a join.
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    department = models.CharField(_("行业主管部门"), max_length=16)
    issued_on = models.DateField(_("发出日期"))
    due_on = models.DateField(_("处置期限"))
    last_seen_on = models.DateField(_("最近发现"))
    seen_count = models.PositiveIntegerField(_("发现次数"), default=1)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    outcome = models.CharField(_("转办去向"), max_length=20, blank=True)
    outcome_ref = models.CharField(_("转办编号"), max_length=40, blank=True)
    outcome_url = models.CharField(max_length=200, blank=True)
    closed_on = models.DateField(_("关闭日期"), null=True, blank=True)
    close_reason = models.TextField(_("关闭理由"), blank=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["level_rank", "due_on", "pk"]
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        constraints = [
            # One open warning per project, rule and subject: a repeat updates it.
            models.UniqueConstraint(
                fields=["project", "rule", "key"],
                condition=Q(state__in=OPEN_STATES),
                name="uniq_open_warning",
            )
        ]
        indexes = [
            # The inbox: the open warnings, their county, level and deadline in one narrow
            # partial index the order reads without touching the table.
            models.Index(
                fields=["region", "level_rank", "due_on"],
                condition=Q(state__in=OPEN_STATES),
                name="warning_open_inbox",
            ),
            # The same, in the inbox's order, for a city or the province (many counties).
            models.Index(
                fields=["level_rank", "due_on", "region"],
                condition=Q(state__in=OPEN_STATES),
                name="warning_open_order",
            ),
            models.Index(fields=["region", "state", "due_on"]),
            models.Index(fields=["department", "region", "state"]),
            models.Index(fields=["project", "state"]),
            models.Index(fields=["rule", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.rule} @ {self.project_id}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @classmethod
    def restrict_extra(cls, queryset: models.QuerySet, user) -> models.QuerySet:
        """An industry department sees the warnings of the projects it answers for only."""
        agency = getattr(user, "agency", None)
        if agency is not None and agency.kind != AgencyKind.HRSS and not user.is_superuser:
            return queryset.filter(department=agency.kind)
        return queryset


class WarningHistory(StateHistory):
    warning = models.ForeignKey(Warning, on_delete=models.CASCADE, related_name="history")

    owner_field = "warning"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["warning", "at"])]

    def __str__(self) -> str:
        return f"{self.warning_id} {self.action}"
