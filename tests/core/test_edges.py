"""Probe findings 5 and 7 (issue 10), reproduced on every channel.

5: control characters in a public or staff submission were stored, the county's Excel export then
failed with a 500 and its traceback printed the reporter's name to the log.
7: `0001-01-01` gave a 500 (an HTML 500 on the API), deadlines of 9999-12-31 and recoveries dated
0001 were accepted, full-width digits were silently read.
"""

import datetime as dt
import io
import json
import logging
import re
import sys

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from tests import factories
from tests.portal.steps import report
from wageguard.cases.models import EnforcementCase
from wageguard.clues.models import Clue
from wageguard.clues.services.imports import import_rows, read_json, read_xlsx
from wageguard.core import calendar, dates
from wageguard.core.logs import NoMessageFormatter, PersonalDataReporterFilter
from wageguard.core.text import clean_text
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

DIRTY_NAME = "张\x0b三\x1f\x00"
DIRTY_EMPLOYER = "四川\x00鑫达\x1f建筑\x0b有限公司"


@pytest.fixture
def county(db):
    create_agencies("51")


# -- the policy -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dirty", "line", "block"),
    [
        (DIRTY_NAME, "张 三", "张\n三"),  # VT is Word's line break; US and NUL go
        ("a\r\nb\rc\u2028d", "a b c d", "a\nb\nc\nd"),
        ("甲\t乙", "甲 乙", "甲\t乙"),
        ("\u202e司公限有\u202c", "司公限有", "司公限有"),  # RLO cannot reverse a name in a ledger
        ("鑫\u200b达\ufeff", "鑫达", "鑫达"),  # zero-width space and BOM
        ("x\ud800y", "xy", "xy"),  # a lone surrogate from a JSON escape
        ("e\u0301", "\u00e9", "\u00e9"),  # NFC
        ("（分公司）１２", "（分公司）１２", "（分公司）１２"),  # not NFKC: the reporter's text
        ("\x85\x9f  名  ", "名", "名"),  # C1 controls; ends stripped, inner spaces kept
    ],
)
def test_the_one_cleaning(dirty, line, block):
    assert clean_text(dirty) == line
    assert clean_text(dirty, multiline=True) == block
    assert clean_text(line) == line and clean_text(block, multiline=True) == block  # idempotent


def _opens(response, sheet: str) -> list[list]:
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in book[sheet].iter_rows(values_only=True)]


def _assert_clean(clue: Clue) -> None:
    for value in (clue.reporter_name, clue.employer_name, clue.description):
        assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", value), repr(value)


# -- finding 5 on every channel ----------------------------------------------------------------


def test_public_page_stores_the_report_cleaned(client, county):
    data = factories.clue_submission(
        reporter_name=DIRTY_NAME,
        employer_name=DIRTY_EMPLOYER,
        description="第一行\x0b第二行\x00",
    )
    response = report(client, data)
    assert response.status_code == 303, response.content.decode()[-3000:]
    clue = Clue.objects.get()
    assert clue.reporter_name == "张 三" and clue.employer_name == "四川鑫达建筑 有限公司"
    assert clue.description == "第一行\n第二行"


def test_staff_page_stores_the_call_cleaned(client, county):
    client.force_login(factories.user("w-clerk", Role.CLERK, "510107"))
    response = client.post(
        reverse("clues:new"),
        {
            "channel": "hotline_12333",
            "sector": "construction",
            "reporter_name": DIRTY_NAME,
            "employer_name": DIRTY_EMPLOYER,
            "work_address": "成都市武侯区人民南路四段 12 号\x1f",
            "description": "来电\x00反映",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    clue = Clue.objects.get()
    _assert_clean(clue)
    assert clue.reporter_name == "张 三" and clue.work_address.endswith("12 号")


def test_api_intake_public_and_staff_stores_cleaned(client, county):
    body = factories.clue_submission(reporter_name=DIRTY_NAME, employer_name=DIRTY_EMPLOYER)
    response = client.post("/api/v1/public/clues", body, content_type="application/json")
    assert response.status_code == 201, response.json()
    client.force_login(factories.user("w-clerk", Role.CLERK, "510107"))
    staff = factories.staff_clue_data(
        channel="letter",
        reporter_name="\u202e五王",
        employer_name=DIRTY_EMPLOYER,
        arrears=[{"worker_name": "赵\x00七\x0b", "amount_owed": "6000"}],
    )
    response = client.post("/api/v1/clues", staff, content_type="application/json")
    assert response.status_code == 201, response.json()
    clues = list(Clue.objects.order_by("pk"))
    assert [c.reporter_name for c in clues] == ["张 三", "五王"]
    for clue in clues:
        _assert_clean(clue)
    assert list(clues[1].arrears.values_list("worker_name", flat=True)) == ["赵七"]


def test_imports_store_rows_cleaned(county):
    clerk = factories.user("w-clerk", Role.CLERK, "510107")
    row = factories.clue_submission(
        reporter_name=DIRTY_NAME, employer_name=DIRTY_EMPLOYER, description="甲\x0b乙"
    )
    feed = io.BytesIO(json.dumps({"clues": [{**row, "external_id": "N-1"}]}).encode())
    report = import_rows(read_json(feed), clerk)
    assert report.created == 1 and not report.errors
    # An xlsx cannot hold C0 controls (XML refuses them); bidi and zero-width characters it can.
    book = Workbook()
    book.active.append(["线索编号", "反映人", "用人单位", "工作地点", "情况描述"])
    book.active.append(
        ["N-2", "\u202e四李", "鑫\u200b达公司", "成都市武侯区人民南路四段 12 号", "第一行\n第二行"]
    )
    stream = io.BytesIO()
    book.save(stream)
    stream.seek(0)
    report = import_rows(read_xlsx(stream), clerk)
    assert report.created == 1 and not report.errors, report.errors
    first, second = Clue.objects.order_by("pk")
    assert (first.reporter_name, first.employer_name, first.description) == (
        "张 三",
        "四川鑫达建筑 有限公司",
        "甲\n乙",
    )
    assert (second.reporter_name, second.employer_name) == ("四李", "鑫达公司")
    assert second.description == "第一行\n第二行"


def test_the_countys_ledgers_open_after_dirty_submissions(client, county):
    report(
        client,
        factories.clue_submission(reporter_name=DIRTY_NAME, employer_name=DIRTY_EMPLOYER),
    )
    inspector = factories.user("w-insp", Role.INSPECTOR, "510107")
    client.force_login(inspector)
    response = client.post(
        "/cases/new/",
        {
            "region": "510107",
            "source": "inspection",
            "employer_name": DIRTY_EMPLOYER,
            "facts": "检查发现\x00拖欠工资\x0b。",
            "workers": "张\x1f三,,12000,4",
        },
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    case = EnforcementCase.objects.get()
    assert case.employer_name == "四川鑫达建筑 有限公司"
    assert list(case.workers.values_list("worker_name", flat=True)) == ["张三"]
    clues = _opens(client.get("/clues/export.xlsx"), "线索台账")
    assert "四川鑫达建筑 有限公司" in clues[1]
    cases = _opens(client.get("/cases/export.xlsx"), "案件台账")
    assert "四川鑫达建筑 有限公司" in cases[1]


def test_an_api_failure_answers_json_and_logs_no_personal_data(county, monkeypatch, caplog):
    secret = "".join(["张", "三 ", "1101051949", "1231002X"])  # not in any source line

    def broken(day):
        raise RuntimeError(f"反映人 {secret}")

    monkeypatch.setattr(calendar, "is_workday", broken)
    client = Client(raise_request_exception=False)
    client.force_login(factories.user("w-clerk", Role.CLERK, "510107"))
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/api/v1/calendar/is-workday", {"date": "2026-05-06"})
    assert response.status_code == 500 and response["Content-Type"].startswith("application/json")
    assert response.json() == {
        "code": "server_error",
        "message": "服务器内部错误，请稍后重试",
        "field": None,
    }
    record = next(r for r in caplog.records if r.exc_info)
    logged = NoMessageFormatter("%(message)s").format(record)
    assert "RuntimeError" in logged and "test_edges.py" in logged  # where, for the operator
    assert "张三" not in logged and "11010519491231002X" not in logged
    # The formatter is the one the console handler really uses.
    from django.conf import settings

    assert settings.LOGGING["formatters"]["plain"]["()"].endswith("NoMessageFormatter")


def test_chained_exceptions_lose_every_message():
    first, second = "".join(["张", "三"]), "".join(["李", "四"])
    try:
        try:
            raise ValueError(first)
        except ValueError as inner:
            raise KeyError(second) from inner
    except KeyError:
        info = sys.exc_info()
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "boom", None, info)
    text = NoMessageFormatter("%(message)s").format(record)
    assert "张三" not in text and "李四" not in text
    assert "builtins.ValueError: [message withheld, 2 characters]" in text
    assert "builtins.KeyError: [message withheld, 4 characters]" in text  # repr'd: '李四'
    assert "direct cause" not in text and text.count("Traceback") == 2


def test_error_reports_show_no_post_values_or_local_variables(rf, settings):
    settings.DEBUG = False
    request = rf.post("/report/", {"reporter_name": "张三"})
    reporter_filter = PersonalDataReporterFilter()
    assert reporter_filter.get_post_parameters(request)["reporter_name"] != "张三"
    assert reporter_filter.get_traceback_frame_variables(request, sys._getframe()) == []
    assert settings.DEFAULT_EXCEPTION_REPORTER_FILTER.endswith("PersonalDataReporterFilter")


def test_api_405_and_404_answer_json(client, county):
    response = client.delete("/api/v1/calendar/is-workday")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    assert "GET" in response["Allow"]
    response = client.get("/api/v1/nowhere")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_page_failure_is_a_chinese_page(county, monkeypatch):
    from wageguard.portal.report import views

    def broken(*args, **kwargs):
        raise RuntimeError("张三")

    monkeypatch.setattr(views, "render", broken)
    response = Client(raise_request_exception=False).get("/report/what/")
    assert response.status_code == 500 and "服务器内部错误" in response.content.decode()


# -- finding 7: dates ------------------------------------------------------------------------

FULL_WIDTH = "２０２６-０１-０５"


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", FULL_WIDTH])
def test_case_api_dates_are_422_naming_the_field(client, make_user, value):
    from tests.cases.conftest import direct_case

    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    case = direct_case(inspector)
    client.force_login(inspector)
    url = f"/api/v1/cases/{case.pk}"
    client.post(f"{url}/transition", {"action": "start_investigation"}, "application/json")
    r = client.post(
        f"{url}/ledger-checks", {"checked_on": value, "ledger_kept": True}, "application/json"
    )
    assert r.status_code == 422 and r.json()["field"] == "checked_on", r.content
    assert r["Content-Type"].startswith("application/json")
    r = client.post(f"{url}/measures", {"kind": "order", "deadline": value}, "application/json")
    assert r.status_code == 422 and r.json()["field"] == "deadline", r.content
    if value == FULL_WIDTH:
        assert "半角" in r.json()["message"]
    else:
        assert "日期须在" in r.json()["message"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"received_at": "0001-01-01T00:00"}, "received_at"),
        ({"received_at": "9999-12-31T00:00"}, "received_at"),
        ({"received_at": "２０２６-０１-０５T09:00"}, "received_at"),
        ({"period_start": "0001-01"}, "period_start"),
        ({"period_end": FULL_WIDTH}, "period_end"),
        (
            {
                "arrears": [
                    {"worker_name": "赵七", "amount_owed": "1", "recovered_on": "0001-01-01"}
                ]
            },
            "recovered_on",
        ),
    ],
)
def test_clue_api_dates_are_422_naming_the_field(client, county, body, field):
    client.force_login(factories.user("w-clerk", Role.CLERK, "510107"))
    data = {**factories.staff_clue_data(channel="letter"), **body}
    response = client.post("/api/v1/clues", data, content_type="application/json")
    assert response.status_code == 422, response.content
    assert response.json()["field"] == field
    assert response["Content-Type"].startswith("application/json")
    assert not Clue.objects.exists()


def test_filters_refuse_dates_that_cannot_be_searched(client, county):
    client.force_login(factories.user("w-insp", Role.INSPECTOR, "510107"))
    for value in ("0001-01-01", FULL_WIDTH):
        response = client.get("/api/v1/channel-checks", {"date_from": value})
        assert response.status_code == 422 and response.json()["field"] == "date_from"
    response = client.get("/api/v1/channel-checks", {"date_from": "abc"})
    assert response.json()["message"] == "date_from: 请使用 YYYY-MM-DD 格式的日期"


@pytest.mark.parametrize(
    "value", ["0001-01-01T00:00", "9999-12-31T10:00", "２０２６-０１-０５T09:00"]
)
def test_staff_page_date_error_in_place_with_the_input_kept(client, county, value):
    client.force_login(factories.user("w-clerk", Role.CLERK, "510107"))
    response = client.post(
        reverse("clues:new"),
        {
            "channel": "letter",
            "received_at": value,
            "sector": "other",
            "employer_name": "某公司",
            "work_address": "成都市武侯区",
            "description": "来信",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'data-field="received_at"' in html
    assert 'value="某公司"' in html and not Clue.objects.exists()


def test_case_page_deadline_far_ahead_is_refused_in_place(client, make_user):
    from tests.cases.conftest import direct_case

    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    case = direct_case(inspector)
    client.force_login(inspector)
    colleague = make_user("w-col", Role.INSPECTOR, "510107")
    url = f"/api/v1/cases/{case.pk}"
    client.post(f"{url}/transition", {"action": "start_investigation"}, "application/json")
    ids = {"inspector_ids": [inspector.pk, colleague.pk]}
    assert client.post(f"{url}/inspectors", ids, "application/json").status_code == 200
    data = {"issue_order-deadline": "9999-12-31", "issue_order-amount_due": "1000"}
    response = client.post(f"/cases/{case.pk}/act/issue_order/", data)
    html = response.content.decode()
    assert response.status_code in (200, 400) and "履行期限" in html and "日期须在" in html
    assert 'value="9999-12-31"' in html


def test_policies_bounds():
    today = dt.date(2026, 12, 3)
    assert dates.PAST.bounds(today) == (dt.date(2000, 1, 1), today)
    assert dates.PLANNED.bounds(today) == (dt.date(2025, 12, 3), dt.date(2031, 12, 3))
    assert dates.PLANNED.bounds(dt.date(2028, 2, 29))[1] == dt.date(2033, 2, 28)
    with pytest.raises(dates.DateOutOfRange):
        dates.PAST.check(dt.datetime(1, 1, 1, tzinfo=dt.UTC), today)
    with pytest.raises(ValueError):
        dates.require_ascii_digits(FULL_WIDTH)


def test_calendar_arithmetic_fails_clearly_at_the_ends():
    with pytest.raises(calendar.CalendarRangeError):
        calendar.add_months(dt.date(1, 1, 1), -1)
    with pytest.raises(calendar.CalendarRangeError):
        calendar.days_period_end(dt.date(9999, 12, 30), 15)
    assert timezone.localdate()  # the default calendar still answers in range


def test_the_feed_reader_cleans_every_cell():
    """core.tables reads every background import (project lists, payroll): a CSV may carry C0
    controls and bidi overrides an xlsx cannot."""
    from wageguard.core.tables import Column, read_table

    columns = (
        Column("name", ("项目名称",), required=True),
        Column("note", ("备注",), multiline=True),
    )
    body = "\ufeff项目名称\x1f,备注\r\n\u202e目项\x00,甲\x0b乙\r\n".encode()
    rows = list(read_table(io.BytesIO(body), "csv", columns))
    assert rows == [(2, {"name": "目项", "note": "甲\n乙"})]
