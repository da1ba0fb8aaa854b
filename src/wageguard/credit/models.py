"""The credit list (失信联合惩戒名单, Order 45), its listed persons and timeline, the watch list
(重点关注名单) and each province's configurable limits and criteria."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.cases.models import CaseDocument, EnforcementCase
from wageguard.cases.rules import PersonRole
from wageguard.core.history import StateHistory
from wageguard.core.province_settings import ProvinceSettings
from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency
from wageguard.parties.models import Enterprise, Person
from wageguard.regions.models import Region

from . import rules
from .rules import OPEN_STATES, State


class CreditSettings(ProvinceSettings):
    """失信名单办理参数: a province's time limits and watch-list criteria. DOMAIN: the defence,
    decision and removal-review limits and the watch-list criteria are configurable; the
    defaults are 5, 10 and 15 working days."""

    defence_days = models.PositiveSmallIntegerField(
        _("陈述申辩期限（告知书送达后工作日）"), default=rules.DEFAULT_DEFENCE_DAYS
    )
    decision_days = models.PositiveSmallIntegerField(
        _("作出列入决定期限（申辩期满后工作日）"), default=rules.DEFAULT_DECISION_DAYS
    )
    removal_review_days = models.PositiveSmallIntegerField(
        _("提前移出申请审核期限（工作日）"), default=rules.DEFAULT_REMOVAL_REVIEW_DAYS
    )
    watch_min_amount = models.DecimalField(
        _("重点关注：拖欠金额达到（元）"),
        max_digits=14,
        decimal_places=2,
        default=Decimal("100000"),
    )
    watch_min_workers = models.PositiveIntegerField(_("重点关注：涉及人数达到"), default=10)
    watch_repeat_cases = models.PositiveSmallIntegerField(
        _("重点关注：期间内立案次数达到"), default=2
    )
    watch_repeat_months = models.PositiveSmallIntegerField(
        _("重点关注：统计期间（月）"), default=12
    )

    class Meta:
        verbose_name = _("失信名单办理参数")
        verbose_name_plural = _("失信名单办理参数")

    @property
    def watch_criteria(self) -> rules.WatchCriteria:
        return rules.WatchCriteria(
            min_amount=self.watch_min_amount,
            min_workers=self.watch_min_workers,
            repeat_cases=self.watch_repeat_cases,
            repeat_months=self.watch_repeat_months,
        )


class CreditListing(models.Model):
    """失信联合惩戒名单记录: one proposal to list a unit for one case, carried through notice,
    defence and decision to the 3-year term, early removal or expiry. The deciding agency is the
    case's bureau ("whoever enforces decides", Order 45 art. 4)."""

    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="credit_listings"
    )
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="credit_listings"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("作出决定机关")
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=State.choices, default=State.PROPOSED
    )
    # Frozen at proposal: what the documents and the public list name.
    unit_name = models.CharField(_("单位名称"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    facts = models.TextField(_("失信行为事实（公开）"), max_length=2000)
    eligibility_reasons = models.JSONField(_("列入条件判断"), default=list, blank=True)

    proposed_on = models.DateField(_("提出日期"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    notified_on = models.DateField(_("告知书送达日期"), null=True, blank=True)
    defence_due = models.DateField(_("陈述申辩期限"), null=True, blank=True)
    decision_due = models.DateField(_("作出决定期限"), null=True, blank=True)
    due_provisional = models.BooleanField(_("期限为暂定"), default=False)
    defence_on = models.DateField(_("陈述申辩日期"), null=True, blank=True)
    defence_text = models.TextField(_("陈述申辩内容"), max_length=20000, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    listed_on = models.DateField(_("列入日期"), null=True, blank=True)
    expires_on = models.DateField(_("期满移出日期"), null=True, blank=True)
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    drop_reason = models.TextField(_("不予列入理由"), blank=True)

    notice_document = models.ForeignKey(
        CaseDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_document = models.ForeignKey(
        CaseDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    removal_document = models.ForeignKey(
        CaseDocument, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # Early removal on application (Order 45 art. 14).
    removal_applied_on = models.DateField(_("申请提前移出日期"), null=True, blank=True)
    arrears_paid = models.BooleanField(_("已足额支付拖欠工资"), default=False)
    corrected_on = models.DateField(_("改正（清偿）日期"), null=True, blank=True)
    commitment = models.BooleanField(_("已作出信用承诺"), default=False)
    commitment_text = models.TextField(_("信用承诺内容"), max_length=5000, blank=True)
    removal_review_due = models.DateField(_("移出申请审核期限"), null=True, blank=True)
    removal_refused_reason = models.TextField(_("不予提前移出理由"), blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("失信联合惩戒名单")
        verbose_name_plural = _("失信联合惩戒名单")
        ordering = ["-proposed_on", "-id"]
        indexes = [
            models.Index(fields=["region", "state"]),
            models.Index(fields=["state", "expires_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(state__in=OPEN_STATES),
                name="uniq_open_credit_listing_per_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit_name}（{self.get_state_display()}）"

    def is_current(self, today) -> bool:
        return rules.is_current(self.state, self.expires_on, today)

    def stage_due(self, today):
        """The deadline of the step now open: the defence period, then the decision, then the
        review of an application for early removal; None when no step is waiting."""
        if self.state == State.NOTIFIED:
            if self.defence_on is None and self.defence_due and today <= self.defence_due:
                return self.defence_due
            return self.decision_due
        if self.state == State.REMOVAL_REQUESTED:
            return self.removal_review_due
        return None


class ListedPerson(models.Model):
    """被列入人员: the unit's legal representative (or principal) and the directly responsible
    persons are listed with it (Order 45 art. 5). Only the legal representative's name is
    published; ID numbers never are."""

    listing = models.ForeignKey(CreditListing, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credit_listings")
    role = models.CharField(_("角色"), max_length=24, choices=PersonRole.choices)
    position = models.CharField(_("职务"), max_length=50, blank=True)

    class Meta:
        ordering = ["role", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "person", "role"], name="uniq_listed_person_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} {self.person}"


class CreditListingHistory(StateHistory):
    """名单办理记录: append-only timeline of one listing, each step with its deadline."""

    listing = models.ForeignKey(CreditListing, on_delete=models.CASCADE, related_name="history")

    owner_field = "listing"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["listing", "at"])]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.action}"


class WatchListEntry(models.Model):
    """重点关注名单: a unit the bureau watches closely because a case met the province's criteria
    (or a handler added it with a reason). Not a punishment and never published."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="watch_entries"
    )
    case = models.ForeignKey(
        EnforcementCase, on_delete=models.PROTECT, related_name="watch_entries"
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("辖区")
    )
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")
    unit_name = models.CharField(_("单位名称"), max_length=200)
    reasons = models.JSONField(_("关注理由"), default=list)
    added_on = models.DateField(_("列入关注日期"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    ended_on = models.DateField(_("结束关注日期"), null=True, blank=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("重点关注名单")
        verbose_name_plural = _("重点关注名单")
        ordering = ["-added_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(ended_on__isnull=True),
                name="uniq_active_watch_entry_per_case",
            )
        ]

    def __str__(self) -> str:
        return self.unit_name
