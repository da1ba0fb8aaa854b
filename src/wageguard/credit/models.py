"""The credit list (失信联合惩戒名单, Order 45), its listed persons and timeline, the watch list
(重点关注名单) and each province's configurable limits and criteria."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.cases.models import CaseDocument, Decision, EnforcementCase
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
    """失信名单办理参数: a province's watch-list criteria (DOMAIN: configurable). The time limits
    of the list itself are fixed by Order 45 (arts. 6, 8, 14) and live in `rules`, not here."""

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

    # The order to pay by a deadline the listing rests on (art. 5): its deadline starts the
    # 20 working days of the decision (art. 8); its revocation revokes the listing (art. 16).
    order = models.ForeignKey(
        Decision, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order_deadline = models.DateField(_("责令限期支付文书指定期限"), null=True, blank=True)
    decision_extended = models.BooleanField(_("已批准延长作出列入决定期限"), default=False)
    decision_extended_on = models.DateField(_("批准延长日期"), null=True, blank=True)
    decision_extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decision_extension_reason = models.TextField(_("延长理由"), max_length=2000, blank=True)

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
    # Art. 6: an objection made in time is checked within 5 working days, the result told.
    objection_checked_on = models.DateField(_("异议核实日期"), null=True, blank=True)
    objection_result = models.TextField(_("异议核实结果"), max_length=5000, blank=True)
    # Art. 7: corrected and a written commitment before the decision: the official's choice.
    relief_commitment_on = models.DateField(_("书面信用承诺日期"), null=True, blank=True)
    relief_commitment_text = models.TextField(_("书面信用承诺内容"), max_length=5000, blank=True)
    relief_choice = models.CharField(
        _("是否列入的选择"), max_length=12, choices=rules.ReliefChoice.choices, blank=True
    )
    relief_reason = models.TextField(_("选择理由"), max_length=2000, blank=True)
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
    # Art. 13: what the official found where the records could not tell.
    recurrence_finding = models.CharField(
        _("列入期间再次拖欠（核实情况）"),
        max_length=12,
        choices=rules.RecurrenceFinding.choices,
        blank=True,
    )
    criminal_finding = models.CharField(
        _("刑事诉讼情况（核实情况）"),
        max_length=12,
        choices=rules.CriminalFinding.choices,
        blank=True,
    )
    findings_note = models.TextField(_("核实情况说明"), max_length=2000, blank=True)

    # Art. 15: early removal obtained by fraud revoked, the listing restored with a new term.
    restored_on = models.DateField(_("恢复列入日期"), null=True, blank=True)
    restore_reason = models.TextField(_("恢复列入理由"), max_length=2000, blank=True)

    # Art. 16: the order the listing rests on was revoked; the listing is revoked.
    revoked_on = models.DateField(_("撤销列入决定日期"), null=True, blank=True)
    revoking_kind = models.CharField(
        _("撤销责令文书的途径"), max_length=12, choices=rules.RevokingKind.choices, blank=True
    )
    revoking_body = models.CharField(_("撤销责令文书的机关"), max_length=200, blank=True)
    revoking_document = models.CharField(_("撤销文书文号"), max_length=100, blank=True)
    order_revoked_on = models.DateField(_("责令文书撤销日期"), null=True, blank=True)
    revocation_note = models.TextField(_("撤销说明"), max_length=2000, blank=True)

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

    @property
    def served_on(self):
        """The day the notice reached the unit: the notice document's recorded service (送达)
        when there is one, else the day recorded when it was issued (`notified_on`)."""
        doc = self.notice_document
        return (doc.served_on if doc is not None else None) or self.notified_on

    @property
    def objection_due(self):
        """The last day to object (art. 6: 5 working days from receipt of the notice)."""
        served = self.served_on
        return rules.objection_due(served).date if served else self.defence_due

    @property
    def objection_check_due(self):
        """The bureau's last day to check an objection made in time (art. 6), None when there
        is none to check."""
        if self.defence_on is None or self.objection_checked_on is not None:
            return None
        if self.defence_text == rules.WAIVER:
            return None
        due = self.objection_due
        if due is not None and self.defence_on > due:
            return None  # made after the period: art. 6 sets no check deadline
        return rules.objection_check_due(self.defence_on).date

    def bureau_due(self):
        """The deadline the bureau itself must meet now (what supervision watches): checking an
        objection, the listing decision (art. 8), or the review of an application (art. 14)."""
        if self.state in (State.PROPOSED, State.NOTIFIED):
            check = self.objection_check_due if self.state == State.NOTIFIED else None
            dues = [d for d in (check, self.decision_due) if d is not None]
            return min(dues) if dues else None
        if self.state == State.REMOVAL_REQUESTED:
            return self.removal_review_due
        return None

    def stage_due(self, today):
        """The deadline of the step now open: the objection period while it runs, then the
        bureau's own (`bureau_due`); None when no step is waiting."""
        if self.state == State.NOTIFIED:
            due = self.objection_due
            if self.defence_on is None and due and today <= due:
                return due
        return self.bureau_due()


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
