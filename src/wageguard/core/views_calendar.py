"""节假日设置: administrators enter a year's holidays when the library does not know it yet."""

from datetime import date
from functools import lru_cache

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import calendar, services
from .forms import HolidayYearForm, apply_errors, format_dates
from .models import HolidayYear


@lru_cache(maxsize=1)
def library_years() -> tuple[int, int] | None:
    """First and last year the installed chinese_calendar knows (fixed until an upgrade)."""
    known = [y for y in range(1990, date.today().year + 10) if calendar.library_knows(y)]
    return (known[0], known[-1]) if known else None


def _initial(year: int) -> dict:
    """What the form starts from: the entered year, else the library's data to correct."""
    row = HolidayYear.objects.filter(year=year).first()
    if row is not None:
        holidays, makeups, note = row.holiday_dates(), row.makeup_dates(), row.note
    else:
        holidays, makeups = calendar.library_year(year) or ([], [])
        note = ""
    return {
        "year": year,
        "holidays": format_dates(holidays),
        "makeup_workdays": format_dates(makeups),
        "note": note,
    }


@login_required
def holiday_years(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.can("view", "core.holidayyear"):
        raise PermissionDenied
    can_change = user.may_change_province_wide("core.holidayyear")
    if request.method == "POST" and not can_change:
        raise PermissionDenied
    this_year = timezone.localdate().year
    form = None
    if request.method == "POST":
        if request.POST.get("delete"):
            try:
                year = int(request.POST["delete"])
            except ValueError:
                year = None
            if year is not None:
                services.delete_holiday_year(user, year)
                messages.success(
                    request, _("已删除 %(year)s 年的录入，恢复使用内置日历") % {"year": year}
                )
            return redirect("holiday-years")
        form = HolidayYearForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_holiday_year(
                    user,
                    year=data["year"],
                    holidays=data["holidays"],
                    makeups=data["makeup_workdays"],
                    note=data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("已保存 %(year)s 年节假日安排") % {"year": data["year"]}
                )
                return redirect("holiday-years")
    if form is None:
        try:
            year = int(request.GET.get("year", this_year + 1))
        except ValueError:
            year = this_year + 1
        year = min(max(year, services.MIN_YEAR), services.MAX_YEAR)
        form = HolidayYearForm(initial=_initial(year))
    status = [(y, calendar.year_source(y)) for y in range(this_year - 1, this_year + 3)]
    return render(
        request,
        "core/holiday_years.html",
        {
            "form": form,
            "entered": HolidayYear.objects.select_related("entered_by").order_by("-year"),
            "library_range": library_years(),
            "status": status,
            "can_change": can_change,
        },
    )
