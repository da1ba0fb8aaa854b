"""Entering and removing a holiday year: permission, validation, audit, all in one transaction."""

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .models import HolidayYear

MIN_YEAR = 2000
MAX_YEAR = 2100
_FIELDS = ["year", "holidays", "makeup_workdays", "note"]


def _check_permission(actor: Any) -> None:
    """The calendar moves every deadline in the province: only a province-level administrator
    changes it (`User.may_change_province_wide`)."""
    if actor is None or not actor.may_change_province_wide("core.holidayyear"):
        raise PermissionDenied(_("节假日安排对全省有效，只能由省级管理员设置"))


def validate_year(year: int, holidays: list[date], makeups: list[date]) -> None:
    """The rules of a State Council notice that a typing slip would break.

    A make-up working day is always a weekend day (a weekday is a working day anyway), and no
    day can be both a holiday and a working day.
    """
    errors: dict[str, list[str]] = {}
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors.setdefault("year", []).append(
            _("年份应在 %(min)s 至 %(max)s 之间") % {"min": MIN_YEAR, "max": MAX_YEAR}
        )
    for field, days in (("holidays", holidays), ("makeup_workdays", makeups)):
        wrong = [d.isoformat() for d in days if d.year != year]
        if wrong:
            errors.setdefault(field, []).append(
                _("以下日期不在 %(year)s 年内：%(dates)s")
                % {"year": year, "dates": "、".join(wrong)}
            )
    both = sorted(set(holidays) & set(makeups))
    if both:
        errors.setdefault("makeup_workdays", []).append(
            _("以下日期不能既放假又上班：%(dates)s")
            % {"dates": "、".join(d.isoformat() for d in both)}
        )
    weekdays = [d.isoformat() for d in makeups if d.weekday() < 5]
    if weekdays:
        errors.setdefault("makeup_workdays", []).append(
            _("调休上班日应为周六或周日：%(dates)s") % {"dates": "、".join(weekdays)}
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_holiday_year(
    actor: Any, *, year: int, holidays: list[date], makeups: list[date], note: str = ""
) -> HolidayYear:
    """Enter or replace one year; from now on it wins over the library for that year."""
    _check_permission(actor)
    holidays, makeups = sorted(set(holidays)), sorted(set(makeups))
    validate_year(year, holidays, makeups)
    row = HolidayYear.objects.select_for_update().filter(year=year).first()
    before = audit.snapshot(row, _FIELDS) if row else None
    if row is None:
        row = HolidayYear(year=year)
    row.holidays = [d.isoformat() for d in holidays]
    row.makeup_workdays = [d.isoformat() for d in makeups]
    row.note = note
    row.entered_by = actor
    row.entered_at = timezone.now()
    row.save()
    audit.record(
        "holidayyear.update" if before else "holidayyear.create",
        obj=row,
        actor=actor,
        before=before,
        after=audit.snapshot(row, _FIELDS),
    )
    return row


@transaction.atomic
def delete_holiday_year(actor: Any, year: int, reason: str = "") -> None:
    """Remove an entered year, so the library (or the provisional fallback) answers again."""
    _check_permission(actor)
    row = HolidayYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        return
    before = audit.snapshot(row, _FIELDS)
    audit.record("holidayyear.delete", obj=row, actor=actor, before=before, reason=reason)
    row.delete()
