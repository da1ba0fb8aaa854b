"""Core data with no domain: entered holiday years (节假日安排), the audit log (审计日志), and
background imports (导入任务) with their column profiles (导入配置)."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, date
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .scoping import RestrictedQuerySet

# --------------------------------------------------------------------------------------------
# Holiday years


class HolidayYear(models.Model):
    """节假日安排: one year's official holidays and make-up working days, entered by an
    administrator when the State Council's notice is newer than the installed library.

    An entered year replaces the library's data for that year completely.
    """

    year = models.PositiveSmallIntegerField(_("年份"), unique=True)
    holidays = models.JSONField(_("放假日期"), default=list, blank=True)
    makeup_workdays = models.JSONField(_("调休上班日期"), default=list, blank=True)
    note = models.TextField(_("依据/备注"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("录入人"),
    )
    entered_at = models.DateTimeField(_("录入时间"), default=timezone.now)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日安排")
        verbose_name_plural = _("节假日安排")

    def __str__(self) -> str:
        return str(self.year)

    def holiday_dates(self) -> list[date]:
        return sorted(date.fromisoformat(d) for d in self.holidays)

    def makeup_dates(self) -> list[date]:
        return sorted(date.fromisoformat(d) for d in self.makeup_workdays)


# --------------------------------------------------------------------------------------------
# Audit log

GENESIS_HASH = "0" * 64


class RateWindow(models.Model):
    """One client's count of requests in one window of the public rate limit (core.throttle)
    when no Redis is configured: an UPDATE ... SET count = count + n is atomic in every
    database, where the database cache's incr (read, add, write) is not."""

    key = models.CharField(max_length=200, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.key}={self.count}"


class AppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(RestrictedQuerySet):
    """Reads are scoped; writes other than `audit.record()` are refused."""

    def restrict(self, user: Any, action: str = "view") -> AuditEventQuerySet:
        """Events written by someone of an agency in the viewer's jurisdiction.

        Events with no agency (system jobs, failed logins of unknown names) belong to the
        province: only a viewer whose jurisdiction includes a province-level division sees them.
        """
        if user is None or not getattr(user, "is_authenticated", False):
            return self.none()
        if not user.can(action, self.model):
            return self.none()
        codes = user.jurisdiction_region_ids()
        if codes is None:
            return self
        condition = Q(agency_region__in=codes)
        if any(code.endswith("0000") for code in codes):
            condition |= Q(agency_region="")
        return self.filter(condition)

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are never updated")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are never deleted")

    def bulk_create(self, *args: Any, **kwargs: Any) -> list:
        raise AppendOnlyError("audit events are appended one at a time by audit.record()")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AppendOnlyError("audit events are never updated")

    def update_or_create(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("audit events are never updated")


class AuditEventManager(models.Manager.from_queryset(AuditEventQuerySet)):
    pass


# Fields covered by the hash, in the order they are documented; `id`, `prev_hash` and `hash`
# are not content (`prev_hash` is chained in front of the content instead).
HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_username",
    "actor_name",
    "agency_id",
    "agency_name",
    "agency_region",
    "request_id",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
    "client_address",
)


class AuditEvent(models.Model):
    """审计日志: one change, login or export; append-only and chained by SHA-256.

    Actor and agency are plain numbers plus frozen names, not foreign keys: deleting or renaming a
    user must never touch the log, and the log must show who it was at the time.
    """

    seq = models.BigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"))
    actor_id = models.BigIntegerField(_("操作人ID"), null=True, blank=True)
    actor_username = models.CharField(_("操作人用户名"), max_length=150, blank=True)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    agency_id = models.BigIntegerField(_("机构ID"), null=True, blank=True)
    agency_name = models.CharField(_("机构"), max_length=100, blank=True)
    agency_region = models.CharField(_("机构区划"), max_length=12, blank=True)
    request_id = models.CharField(_("请求编号"), max_length=64, blank=True)
    action = models.CharField(_("操作"), max_length=64)
    object_type = models.CharField(_("对象类型"), max_length=100, blank=True)
    object_id = models.CharField(_("对象ID"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True)
    after = models.JSONField(_("变更后"), null=True, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    client_address = models.CharField(_("客户端地址"), max_length=64, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventManager()
    scope_region_field = "agency_region"

    class Meta:
        ordering = ["-seq"]
        verbose_name = _("审计日志")
        verbose_name_plural = _("审计日志")
        indexes = [
            models.Index(fields=["at"], name="core_audit_at"),
            models.Index(fields=["actor_id", "at"], name="core_audit_actor_at"),
            models.Index(fields=["object_type", "object_id"], name="core_audit_object"),
            models.Index(fields=["action", "at"], name="core_audit_action_at"),
            models.Index(fields=["agency_region", "at"], name="core_audit_region_at"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    # -- append-only -------------------------------------------------------------------------

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            raise AppendOnlyError("audit events are never updated")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("audit events are never deleted")

    # -- chain -------------------------------------------------------------------------------

    def content(self) -> dict[str, Any]:
        data = {name: getattr(self, name) for name in HASHED_FIELDS}
        at = self.at
        if timezone.is_naive(at):
            at = timezone.make_aware(at, UTC)
        data["at"] = at.astimezone(UTC).isoformat(timespec="microseconds")
        return data

    def compute_hash(self) -> str:
        """HMAC-SHA256 under a key kept outside the database (`audit_key()`): with a plain hash,
        whoever can write the table could delete a row and recompute every hash after it."""
        canonical = json.dumps(
            self.content(), sort_keys=True, separators=(",", ":"), ensure_ascii=False
        )
        message = (self.prev_hash + canonical).encode("utf-8")
        return hmac.new(audit_key(), message, hashlib.sha256).hexdigest()


def audit_key() -> bytes:
    """The chain's key: WAGEGUARD_AUDIT_KEY, else derived from SECRET_KEY (both live in the
    server's environment, never in the database). It must never change for the life of the log;
    `core.checks` warns a production server that runs without its own."""
    own = settings.WAGEGUARD_AUDIT_KEY
    if own:
        return own.encode("utf-8")
    return hmac.new(settings.SECRET_KEY.encode("utf-8"), b"wageguard-audit", "sha256").digest()


class ImportJob(models.Model):
    """导入任务: one file (a project list, a payroll month, a bank statement) read in the background
    by the task worker, with its progress and its refused rows, so a long import neither holds a
    web request nor is lost when the browser closes (`core.imports`)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("导入中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(_("导入类型"), max_length=40)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.QUEUED)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # The uploader's agency: whose jobs a colleague may look at (the uploader's own bureau).
    agency_id = models.IntegerField(null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    rows_total = models.PositiveIntegerField(null=True, blank=True)
    rows_read = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(_("新增"), default=0)
    updated = models.PositiveIntegerField(_("更新"), default=0)
    unchanged = models.PositiveIntegerField(_("未变"), default=0)
    refused = models.PositiveIntegerField(_("拒收"), default=0)
    message = models.TextField(_("说明"), blank=True)
    errors_file = models.FileField(upload_to="imports/%Y/%m/", blank=True)
    # The import profile the file was read with, and a copy of its mapping and name as they were
    # at submission: a job run again after the profile was edited or deleted reads the file the
    # same way, so the profile may change at any time.
    profile = models.ForeignKey(
        "ImportProfile",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("导入配置"),
    )
    profile_name = models.CharField(_("导入配置"), max_length=100, blank=True)
    mapping = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["kind", "sha256", "agency_id"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.original_name}"

    @property
    def percent(self) -> int | None:
        if self.state == self.State.DONE:
            return 100
        if not self.rows_total:
            return None
        return min(99, int(self.rows_read * 100 / self.rows_total))

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)


class ImportProfile(models.Model):
    """导入配置: how one sender's files name the columns of one kind of import, such as a bank's
    payment records of a project's wage account (交易日期/记账日期, 对方账号, 发生额 ...): a mapping
    {field: the header in the file}, read by `core.tables.read_table` ahead of the fixed aliases.

    Owned by an agency; seen by every agency whose jurisdiction holds the owner's division (its own
    bureau and those above it), and by everyone when the owner is province-level (`core.profiles`).
    The owner is stored as plain numbers and codes, like `ImportJob`, since core may not import
    the agencies' app."""

    kind = models.CharField(_("导入类型"), max_length=40)
    name = models.CharField(_("配置名称"), max_length=100)
    bank = models.CharField(_("银行"), max_length=100, blank=True)
    mapping = models.JSONField(_("列对应"), default=dict)
    agency_id = models.IntegerField(_("所属机构"), db_index=True)
    agency_name = models.CharField(_("所属机构名称"), max_length=100, blank=True)
    # The owner's division: who may see the profile (`core.profiles.visible`).
    agency_region = models.CharField(max_length=12, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("导入配置")
        verbose_name_plural = _("导入配置")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "agency_id", "name"], name="uniq_import_profile_name"
            )
        ]

    def __str__(self) -> str:
        return self.name
