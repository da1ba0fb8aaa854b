"""导入配置: a sender's own column headers for one kind of import, saved once and chosen at upload.

Banks send the payment records of a project's wage account with their own headers (交易日期 or
记账日期, 收款人账号 or 对方账号, 交易金额 or 发生额 ...). A profile maps each field of the
importer to the header a bank's file carries; `core.tables.read_table` reads with it, its headers
winning over the importer's fixed aliases. Any importer accepts profiles: nothing here knows a
domain.

Who sees a profile: the owning agency's division decides, the way the audit log is scoped. A
bureau's profiles are seen by the agencies of its division and by those above it (the city, the
province); a province-level agency's profiles are seen by everyone. Who uses one: whoever may run
its importer (`Importer.permission`). Who makes, edits or deletes one: the same permission, and
only for one's own agency (a county does not edit the province's profile of 四川农信; it makes
its own).

A job copies its profile's mapping and name when it is submitted (`ImportJob.mapping`), so editing
or deleting a profile never changes how a queued or re-run job reads its file: neither is refused
while a job uses the profile.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import ImportProfile

NAME_MAX = 100
HEADER_MAX = 100


def _importers() -> Any:
    from .imports import IMPORTERS  # imports.py imports this module

    return IMPORTERS


def usable_kinds(user: Any) -> list[str]:
    """The importer kinds whose permission the user holds."""
    importers = _importers()
    return [kind for kind, importer in importers.items() if user.can(*importer.permission)]


def visible(user: Any, kind: str | None = None) -> QuerySet[ImportProfile]:
    """The profiles a user may see and use: of a kind they may import (all such kinds when
    `kind` is None), owned by an agency in their jurisdiction or at the province's level."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ImportProfile.objects.none()
    kinds = usable_kinds(user)
    if kind is not None:
        kinds = [kind] if kind in kinds else []
    if not kinds:
        return ImportProfile.objects.none()
    queryset = ImportProfile.objects.filter(kind__in=kinds)
    codes = user.jurisdiction_region_ids()
    if codes is None:
        return queryset
    return queryset.filter(Q(agency_region__in=codes) | Q(agency_region__endswith="0000"))


def may_create(user: Any, kind: str | None = None) -> bool:
    """The importer's permission and an agency of one's own to own the profile."""
    if getattr(user, "agency_id", None) is None:
        return False
    kinds = usable_kinds(user)
    return kind in kinds if kind is not None else bool(kinds)


def may_change(user: Any, profile: ImportProfile) -> bool:
    return may_create(user, profile.kind) and profile.agency_id == user.agency_id


def find(user: Any, kind: str, pk: Any) -> ImportProfile:
    """The profile `pk` of `kind` the user may use; a ValidationError on "profile" naming the
    number otherwise (unknown, invisible and another kind's look alike)."""
    try:
        return visible(user, kind).get(pk=int(pk))
    except (TypeError, ValueError, ImportProfile.DoesNotExist):
        raise ValidationError(
            {"profile": _("导入配置 %(id)s 不存在或不可用") % {"id": str(pk)[:20]}}
        ) from None


def clean_mapping(kind: str, mapping: dict[str, Any]) -> dict[str, str]:
    """Only the importer's fields, each with a header of its own; refused naming the column."""
    columns = {c.field: c for c in _importers().get(kind).columns}
    out: dict[str, str] = {}
    seen: dict[str, str] = {}
    for field, header in mapping.items():
        if field not in columns:
            raise ValidationError({"mapping": _("没有字段 %(field)s") % {"field": field}})
        header = str(header or "").strip()
        if not header:
            continue
        title = columns[field].title
        if len(header) > HEADER_MAX:
            raise ValidationError({field: _("“%(column)s”对应的列名过长") % {"column": title}})
        if header.lower() in seen:
            raise ValidationError(
                {
                    field: _("列“%(header)s”已对应“%(other)s”，不能再对应“%(column)s”")
                    % {"header": header, "other": seen[header.lower()], "column": title}
                }
            )
        seen[header.lower()] = title
        out[field] = header
    if not out:
        raise ValidationError({"mapping": _("请至少为一个字段指定文件中的列")})
    return out


def _state(profile: ImportProfile) -> dict[str, Any]:
    return {
        "kind": profile.kind,
        "name": profile.name,
        "bank": profile.bank,
        "mapping": dict(profile.mapping),
    }


def _check_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写配置名称")})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": _("配置名称不能超过 %(n)d 个字") % {"n": NAME_MAX}})
    return name


def _save(profile: ImportProfile) -> None:
    try:
        with transaction.atomic():
            profile.save()
    except IntegrityError:
        raise ValidationError({"name": _("本机构已有同名的导入配置")}) from None


def create(
    user: Any, *, kind: str, name: str, mapping: dict[str, Any], bank: str = ""
) -> ImportProfile:
    """A new profile owned by the user's agency, audited."""
    if kind not in _importers():
        raise ValidationError({"kind": _("没有这种导入类型")})
    if not may_create(user, kind):
        raise PermissionDenied(_("您的角色不能为此类导入建立配置"))
    agency = user.agency
    profile = ImportProfile(
        kind=kind,
        name=_check_name(name),
        bank=(bank or "").strip()[:100],
        mapping=clean_mapping(kind, mapping),
        agency_id=agency.pk,
        agency_name=str(agency.name)[:100],
        agency_region=str(agency.region_id),
        created_by=user,
    )
    with transaction.atomic():
        _save(profile)
        audit.record("import.profile.create", obj=profile, after=_state(profile), actor=user)
    return profile


def update(
    profile: ImportProfile, user: Any, *, name: str, mapping: dict[str, Any], bank: str = ""
) -> ImportProfile:
    """The profile changed by its own agency, audited with before and after. Jobs already
    submitted keep the mapping they copied."""
    if not may_change(user, profile):
        raise PermissionDenied(_("只能修改本机构的导入配置"))
    before = _state(profile)
    profile.name = _check_name(name)
    profile.bank = (bank or "").strip()[:100]
    profile.mapping = clean_mapping(profile.kind, mapping)
    profile.updated_at = timezone.now()
    with transaction.atomic():
        _save(profile)
        audit.record(
            "import.profile.change", obj=profile, before=before, after=_state(profile), actor=user
        )
    return profile


def delete(profile: ImportProfile, user: Any) -> None:
    """Removed by its own agency, audited. Jobs that used it keep its name and mapping."""
    if not may_change(user, profile):
        raise PermissionDenied(_("只能删除本机构的导入配置"))
    with transaction.atomic():
        audit.record("import.profile.delete", obj=profile, before=_state(profile), actor=user)
        profile.delete()
