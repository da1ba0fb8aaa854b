"""Agencies (机构), users (用户) and integration tokens (接口令牌)."""

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wageguard.core.crypto import EncryptedCharField
from wageguard.core.scoping import RestrictedManager, RestrictedQuerySet
from wageguard.regions.models import Level, Region

from .rules import Role, role_can


class AgencyKind(models.TextChoices):
    HRSS = "hrss", _("人力资源和社会保障局")
    HOUSING = "housing", _("住房和城乡建设局")
    TRANSPORT = "transport", _("交通运输局")
    WATER = "water", _("水利局")
    NDRC = "ndrc", _("发展和改革局")
    FINANCE = "finance", _("财政局")
    POLICE = "police", _("公安局")
    COURT = "court", _("人民法院")
    SASAC = "sasac", _("国有资产监督管理委员会")


class Agency(models.Model):
    """机构: a bureau or department serving one division; HRSS bureaus own the enforcement work."""

    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=20, blank=True)
    kind = models.CharField(_("类别"), max_length=16, choices=AgencyKind.choices)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agencies")
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级机构"),
    )
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    active = models.BooleanField(_("启用"), default=True)

    objects = RestrictedManager()

    class Meta:
        ordering = ["region_id", "kind"]
        verbose_name = _("机构")
        verbose_name_plural = _("机构")
        constraints = [
            models.UniqueConstraint(fields=["region", "kind"], name="uniq_agency_region_kind")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def level(self) -> str:
        return self.region.level

    @property
    def is_hrss(self) -> bool:
        return self.kind == AgencyKind.HRSS


class UserQuerySet(RestrictedQuerySet):
    pass


class WageGuardUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """用户: one person at one agency with one role; the role says what, the agency says where."""

    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("所属机构"),
    )
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, blank=True)
    full_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # A staff member's own mobile is personal data too: encrypted at rest like a reporter's
    # (core.crypto), never searched, so no keyed hash.
    phone = EncryptedCharField(_("手机号"), max_length=20, blank=True)
    # An account another system calls the API with (the national platform's feed, a bank's
    # payroll push): its tokens are minted by an administrator; a person mints only their own.
    is_integration = models.BooleanField(
        _("接口账户"),
        default=False,
        help_text=_("供其他系统调用接口的账户：由管理员为其创建令牌。个人账户只能由本人创建令牌。"),
    )

    objects = WageGuardUserManager()
    scope_region_field = "agency__region"

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.username

    def may_change_province_wide(self, model: str) -> bool:
        """Whether this user may change a setting that holds for the whole province (its
        configurable limits, the working-day calendar): a province-level administrator only. A
        city or county administrator with the same role may not: one county's change would move
        every deadline in the province."""
        if self.is_superuser and self.agency_id is None:
            return True
        return (
            self.can("change", model)
            and self.agency is not None
            and self.agency.region.level == Level.PROVINCE
        )

    def can(self, action: str, model: Any) -> bool:
        """Role permission for `action` on a model class, instance or label ("org.user")."""
        if not self.is_active:
            return False
        if self.is_superuser:
            return True
        label = model if isinstance(model, str) else model._meta.label_lower
        return role_can(self.role, action, label)

    def jurisdiction_region_ids(self) -> list[str] | None:
        """Codes of the divisions this user's agency answers for: its own and every one below it.

        Cached on the instance: a request asks many times, and divisions change once a year.
        """
        if self.is_superuser and self.agency_id is None:
            return None
        cached = getattr(self, "_jurisdiction_cache", None)
        if cached is not None:
            return None if cached == "all" else cached
        if self.agency_id is None:
            codes: list[str] | None = []
        elif self.agency.region.code == f"{settings.WAGEGUARD_PROVINCE}0000":
            # The province served by this deployment sees everything it holds (DESIGN: Scoping):
            # no IN list of 205 codes, so its queries can walk an index in order.
            codes = None
        else:
            codes = jurisdiction_codes(self.agency.region)
        self._jurisdiction_cache = codes if codes is not None else "all"
        return codes

    def in_jurisdiction(self, region_id: str | None) -> bool:
        codes = self.jurisdiction_region_ids()
        return codes is None or (region_id is not None and region_id in codes)


def jurisdiction_codes(region: Region) -> list[str]:
    """A division's own code plus all codes below it (at most two levels)."""
    if region.level == Level.COUNTY:
        return [region.code]
    if region.level == Level.CITY:
        return [region.code, *Region.objects.filter(parent=region).values_list("code", flat=True)]
    return list(
        Region.objects.filter(province_code=region.province_code).values_list("code", flat=True)
    )


class ApiTokenQuerySet(RestrictedQuerySet):
    def active(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """接口令牌: a bearer token for an integration, acting as its user; only its hash is kept."""

    PREFIX = "wg_"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100, blank=True)
    key_prefix = models.CharField(max_length=12, db_index=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = RestrictedManager.from_queryset(ApiTokenQuerySet)()
    scope_region_field = "user__agency__region"

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.key_prefix}… ({self.user})"

    @staticmethod
    def hash_key(key: str) -> str:
        # Tokens carry 256 random bits, so a fast hash is enough; a slow one would tax every call.
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def generate(cls) -> str:
        return cls.PREFIX + secrets.token_urlsafe(32)


class Notification(models.Model):
    """通知: an in-app message to one user (an urgent clue, an escalation)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(max_length=300)
    url = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at", "created_at"])]

    def __str__(self) -> str:
        return self.text
