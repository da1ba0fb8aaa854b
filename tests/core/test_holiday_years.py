"""节假日设置 page: administrators enter a year; validation; audited; others refused."""

from datetime import date

import pytest
from django.urls import reverse

from wageguard.core import calendar
from wageguard.core.forms import parse_dates
from wageguard.core.models import AuditEvent, HolidayYear

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, make_user):
    client.force_login(make_user("cal-admin", "admin", "510000"))
    return client


def _post(client, **data):
    base = {"year": 2099, "holidays": "", "makeup_workdays": "", "note": ""}
    return client.post(reverse("holiday-years"), {**base, **data})


def test_page_lists_years_and_prefills_library_data(admin_client):
    page = admin_client.get(reverse("holiday-years"), {"year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert "2026-02-14" in text and "2026-02-16" in text  # make-up day and holiday prefilled
    assert "2004" in text  # the library's first year is named


def test_entering_a_year_is_saved_audited_and_used(admin_client):
    response = _post(
        admin_client,
        holidays="2099-02-02~2099-02-04\n2099-05-01",
        makeup_workdays="2099-02-07",
        note="国务院办公厅通知",
    )
    assert response.status_code == 302
    row = HolidayYear.objects.get(year=2099)
    assert row.holidays == ["2099-02-02", "2099-02-03", "2099-02-04", "2099-05-01"]
    assert row.makeup_workdays == ["2099-02-07"] and row.entered_by.username == "cal-admin"
    event = AuditEvent.objects.get(action="holidayyear.create")
    assert event.after["holidays"] == row.holidays and event.actor_username == "cal-admin"
    assert calendar.is_workday(date(2099, 2, 7)) == (True, False)
    # Changing it records before and after.
    _post(admin_client, holidays="2099-02-02", makeup_workdays="")
    update = AuditEvent.objects.get(action="holidayyear.update")
    assert update.before["makeup_workdays"] == ["2099-02-07"]
    assert update.after["makeup_workdays"] == []
    assert calendar.is_workday(date(2099, 2, 3)) == (True, False)
    # Deleting it returns the year to the provisional fallback.
    admin_client.post(reverse("holiday-years"), {"delete": "2099"})
    assert not HolidayYear.objects.exists()
    assert AuditEvent.objects.filter(action="holidayyear.delete").exists()
    assert calendar.is_workday(date(2099, 2, 2)) == (True, True)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"holidays": "2098-12-31"}, "holidays", "不在 2099 年内"),
        ({"makeup_workdays": "2099-02-02"}, "makeup_workdays", "周六或周日"),
        ({"holidays": "2099-02-07", "makeup_workdays": "2099-02-07"}, "makeup_workdays", "既放假"),
        ({"holidays": "2099-02-30"}, "holidays", "无法识别"),
        ({"holidays": "tomorrow"}, "holidays", "无法识别"),
        ({"holidays": "2099-01-01~2099-03-01"}, "holidays", "无法识别"),
        ({"year": "1900"}, "year", ""),
    ],
)
def test_bad_input_is_refused_naming_the_field(admin_client, data, field, message):
    response = _post(admin_client, **data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and message in " ".join(errors[field])
    assert not HolidayYear.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="holidayyear.").exists()


@pytest.mark.parametrize("role", ["auditor", "inspector", "clerk", "supervisor"])
def test_other_roles_get_403(client, make_user, role):
    client.force_login(make_user(f"cal-{role}", role, "510000"))
    # The auditor reads everything and changes nothing.
    assert client.get(reverse("holiday-years")).status_code == (200 if role == "auditor" else 403)
    assert _post(client, holidays="2099-02-02").status_code == 403
    assert not HolidayYear.objects.exists()


def test_parse_dates_accepts_lists_and_periods():
    assert parse_dates("2027-02-06~2027-02-08，2027-05-01、2027-5-2\n") == [
        date(2027, 2, 6),
        date(2027, 2, 7),
        date(2027, 2, 8),
        date(2027, 5, 1),
        date(2027, 5, 2),
    ]
    assert parse_dates("  ") == []
