"""GET /api/v1/calendar/add-workdays and /is-workday: shapes, bounds, 422 naming the field."""

import pytest

pytestmark = pytest.mark.django_db

ADD = "/api/v1/calendar/add-workdays"
IS = "/api/v1/calendar/is-workday"


@pytest.fixture
def api(client, make_user):
    client.force_login(make_user("cal-clerk", "clerk", "510107"))
    return client


def test_add_workdays_shape(api):
    body = api.get(ADD, {"start": "2025-01-24", "days": 3}).json()
    assert body == {"date": "2025-02-05", "provisional": False}
    assert api.get(ADD, {"start": "2099-01-02", "days": 1}).json() == {
        "date": "2099-01-05",
        "provisional": True,
    }
    assert api.get(ADD, {"start": "2025-01-28", "days": 0}).json()["date"] == "2025-01-28"


def test_is_workday_shape(api):
    assert api.get(IS, {"date": "2025-01-26"}).json() == {"workday": True, "provisional": False}
    assert api.get(IS, {"date": "2026-02-16"}).json() == {"workday": False, "provisional": False}
    assert api.get(IS, {"date": "2099-01-03"}).json() == {"workday": False, "provisional": True}


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (ADD, {"start": "2025-01-24", "days": -1}, "days"),
        (ADD, {"start": "2025-01-24", "days": 3651}, "days"),
        (ADD, {"start": "2025-01-24", "days": "five"}, "days"),
        (ADD, {"start": "2025-01-24"}, "days"),
        (ADD, {"start": "2025-02-30", "days": 1}, "start"),
        (ADD, {"start": "yesterday", "days": 1}, "start"),
        # Outside the calendar's plausible years (core.dates.CALENDAR): refused at the start.
        (ADD, {"start": "9999-12-30", "days": 10}, "start"),
        (ADD, {"start": "0001-01-01", "days": 1}, "start"),
        (ADD, {"start": "２０２５-０１-２４", "days": 1}, "start"),
        (IS, {"date": "2025-13-01"}, "date"),
        (IS, {}, "date"),
    ],
)
def test_bad_input_is_422_naming_the_field(api, url, params, field):
    response = api.get(url, params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["field"] == field and body["code"] and body["message"]


def test_needs_authentication(client):
    response = client.get(IS, {"date": "2025-01-26"})
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"


def test_openapi_documents_the_bounds(api):
    spec = api.get("/api/v1/openapi.json").json()
    params = spec["paths"]["/api/v1/calendar/add-workdays"]["get"]["parameters"]
    days = next(p for p in params if p["name"] == "days")
    assert days["schema"]["minimum"] == 0 and days["schema"]["maximum"] == 3650


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        ("2027-09-30", True),  # the day before National Day (a Thursday)
        ("2027-10-01", False),  # National Day, a Friday: statutory (放假办法 art. 2)
        ("2027-10-04", True),  # the Monday after: no make-up or substitute day is guessed
        ("2027-02-05", False),  # lunar New Year's Eve
        ("2027-04-05", False),  # Qingming
    ],
)
def test_unpublished_years_keep_the_statutory_holidays_through_the_api(api, day, workday):
    assert api.get(IS, {"date": day}).json() == {"workday": workday, "provisional": True}


def test_add_workdays_over_an_unpublished_national_day(api):
    body = api.get(ADD, {"start": "2027-09-30", "days": 1}).json()
    assert body == {"date": "2027-10-04", "provisional": True}


def test_the_holiday_years_page_names_the_provisional_calendar(client, make_user):
    client.force_login(make_user("cal-admin2", "admin", "510000"))
    html = client.get("/calendar/holiday-years/").content.decode()
    assert "《全国年节及纪念日放假办法》第二条" in html and "暂定（仅法定节日）" in html
