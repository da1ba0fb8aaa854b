"""Coordination's data: the leading group (领导小组) of a division with its member units and
contacts, assignments (交办) to other departments with their reply files, history and the
reminder and escalation steps the scheduled job took, and the province's assignment settings.

Registered with the campaigns app by one import at the bottom of `campaigns/models.py`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wageguard.core.crypto import EncryptedCharField
from wageguard.core.history import StateHistory
from wageguard.core.province_settings import ProvinceSettings
from wageguard.core.scoping import RestrictedManager
from wageguard.org.models import Agency, AgencyKind
from wageguard.regions.models import Region

from .rules import REMINDER_WORKDAYS, REPLY_WORKDAYS, AssignmentState, GroupRole, Step

__all__ = [
    "Assignment",
    "AssignmentFile",
    "AssignmentHistory",
    "AssignmentSettings",
    "AssignmentStep",
    "GroupContact",
    "GroupMember",
    "LeadingGroup",
]


class LeadingGroup(models.Model):
    """领导小组 of one division (根治拖欠农民工工资工作领导小组): its member units and contacts.
    Its office sits at the division's HRSS bureau, which keeps the lists."""

    region = models.OneToOneField(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    name = models.CharField(_("名称"), max_length=100)
    office = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("办公室所在单位")
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["region_id"]
        verbose_name = _("领导小组")
        verbose_name_plural = _("领导小组")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    """成员单位: a department of the division in the leading group, with its role and duties."""

    group = models.ForeignKey(LeadingGroup, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("成员单位")
    )
    role = models.CharField(
        _("小组职务"), max_length=8, choices=GroupRole.choices, default=GroupRole.MEMBER
    )
    duties = models.CharField(_("工作职责"), max_length=300, blank=True)

    class Meta:
        ordering = ["group", "role", "agency_id"]
        verbose_name = _("成员单位")
        constraints = [
            models.UniqueConstraint(fields=["group", "agency"], name="uniq_group_member_agency")
        ]

    def __str__(self) -> str:
        return str(self.agency)


class GroupContact(models.Model):
    """联络员: a named contact of a member unit. The phone is personal data: encrypted at rest and
    masked for roles without need to know (org.rules.sees_personal_data)."""

    member = models.ForeignKey(GroupMember, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100)
    phone = EncryptedCharField(_("联系电话"), max_length=20)

    class Meta:
        ordering = ["member", "pk"]
        verbose_name = _("联络员")

    def __str__(self) -> str:
        return self.name


class Assignment(models.Model):
    """交办: a matter an HRSS bureau hands to another department's agency of its division (or
    below), answered by that department within a reply deadline counted in working days, computed
    once when assigned and stored (DESIGN: Deadlines)."""

    subject = models.CharField(_("事项"), max_length=200)
    details = models.TextField(_("交办内容"))
    # The department that answers (承办单位); its division is the row's `region`.
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("承办单位")
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="+", verbose_name=_("行政区划")
    )
    assigned_by_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("交办单位")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("交办时间"))
    workdays = models.PositiveSmallIntegerField(_("答复期限（工作日）"))
    due_date = models.DateField(_("答复期限"))
    due_provisional = models.BooleanField(_("期限待确认"), default=False)
    ledger_item = models.ForeignKey(
        "campaigns.LedgerItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assignments",
        verbose_name=_("问题台账"),
    )
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("工程项目"),
    )
    enterprise = models.ForeignKey(
        "parties.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("企业"),
    )
    state = models.CharField(
        _("状态"),
        max_length=12,
        choices=AssignmentState.choices,
        default=AssignmentState.ASSIGNED,
    )
    reply = models.TextField(_("答复内容"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    decision_note = models.TextField(_("确认/退回意见"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    # Set by the overdue escalation (the bureau above the assigning one was told), shown on lists.
    escalated_to = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("逾期上报至"),
    )

    objects = RestrictedManager()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        indexes = [
            models.Index(fields=["agency", "state", "due_date"]),
            models.Index(fields=["region", "state", "due_date"]),
            models.Index(fields=["assigned_by_agency", "state"]),
            models.Index(fields=["state", "due_date"]),
        ]

    def __str__(self) -> str:
        return self.subject

    @classmethod
    def restrict_extra(cls, queryset: models.QuerySet, user: Any) -> models.QuerySet:
        """A department's user sees only what was assigned to their own agency (DESIGN
        "Scoping": another department only what was assigned to it); HRSS bureaus see their
        jurisdiction's."""
        agency = getattr(user, "agency", None)
        if user.is_superuser and agency is None:
            return queryset
        if agency is None:
            return queryset.none()
        if agency.kind != AgencyKind.HRSS:
            return queryset.filter(agency_id=agency.pk)
        return queryset


class AssignmentFile(models.Model):
    """A file sent with an answer (a photo, a PDF), checked by its bytes like every upload."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="assignments/%Y/%m/")
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class AssignmentHistory(StateHistory):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="history")

    owner_field = "assignment"

    class Meta(StateHistory.Meta):
        indexes = [models.Index(fields=["assignment", "at"])]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.action}"


class AssignmentStep(models.Model):
    """A reminder or an overdue escalation the job took: one per assignment, kind and deadline,
    so running the job again (the same day or the next) changes nothing."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(_("类型"), max_length=12, choices=Step.choices)
    due_date = models.DateField()
    to_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("通知单位")
    )
    at = models.DateTimeField()
    note = models.CharField(_("内容"), max_length=300)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "kind", "due_date"], name="uniq_assignment_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.kind}"


class AssignmentSettings(ProvinceSettings):
    """交办参数 of the province (**configurable**: no national rule fixes them)."""

    reply_workdays = models.PositiveSmallIntegerField(
        _("默认答复期限（工作日）"), default=REPLY_WORKDAYS
    )
    reminder_workdays = models.PositiveSmallIntegerField(
        _("到期前提醒（工作日）"), default=REMINDER_WORKDAYS
    )

    class Meta:
        verbose_name = _("交办参数")
