"""National-platform batch import: good rows go in, bad rows are reported, re-import adds none."""

import io
import json

import pytest
from openpyxl import Workbook

from wageguard.clues.models import Clue
from wageguard.clues.services.imports import import_rows, read_json, read_xlsx
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

HEADER = [
    "线索编号",
    "反映时间",
    "反映人",
    "身份证号",
    "联系电话",
    "行业",
    "用人单位",
    "工作地点",
    "欠薪金额",
    "欠薪人数",
    "情况描述",
]


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def xlsx(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


@pytest.fixture
def rows(people):
    def _row(external_id: str, **over) -> list:
        p = people.person()
        values = {
            "线索编号": external_id,
            "反映时间": "2026-06-01 09:30",
            "反映人": p.name,
            "身份证号": p.id_number,
            "联系电话": p.phone,
            "行业": "工程建设",
            "用人单位": "四川鑫达建筑工程有限公司",
            "工作地点": "四川省凉山州会理县城北新区安置房工地",
            "欠薪金额": 52000,
            "欠薪人数": 4,
            "情况描述": "项目部拖欠四名工人工资",
        }
        values.update(over)
        return [values[h] for h in HEADER]

    return _row


def test_xlsx_imports_good_rows_reports_bad_and_reimport_adds_none(rows, make_user):
    clerk = make_user("sc-clerk", Role.CLERK, "510000")
    batch = [
        rows("GJ-1"),
        rows("GJ-2", 身份证号="123"),
        rows("GJ-3", 工作地点="成都市武侯区人民南路"),
        rows("", 用人单位="没有编号的公司"),
        rows("GJ-5", 欠薪金额="一万"),
    ]
    report = import_rows(read_xlsx(xlsx(batch)), clerk)
    assert (report.created, report.existing) == (2, 0)
    bad = {(e.row, e.field) for e in report.errors}
    assert bad == {(3, "id_number"), (5, "external_id"), (6, "amount_owed")}
    first = Clue.objects.get(external_id="GJ-1")
    assert first.channel == "national_platform" and first.region_id == "513402"
    assert first.sector == "construction" and str(first.received_at.date()) == "2026-06-01"
    assert Clue.objects.get(external_id="GJ-3").region_id == "510107"
    again = import_rows(read_xlsx(xlsx(batch)), clerk)
    assert (again.created, again.existing, len(again.errors)) == (0, 2, 3)
    assert Clue.objects.count() == 2


def test_json_import_and_api(client, people, make_user):
    clerk = make_user("sc-clerk", Role.CLERK, "510000")
    p = people.person()
    payload = {
        "clues": [
            {
                "external_id": "GJ-J1",
                "reporter_name": p.name,
                "id_number": p.id_number,
                "phone": p.phone,
                "employer_name": "锦江某餐饮管理有限公司",
                "work_address": "成都市锦江区春熙路 8 号",
                "description": "拖欠两个月工资",
            },
            {"external_id": "GJ-J2", "employer_name": "x"},
        ]
    }
    report = import_rows(read_json(io.BytesIO(json.dumps(payload).encode())), clerk)
    assert report.created == 1 and report.errors[0].field == "work_address"
    client.force_login(clerk)
    upload = io.BytesIO(json.dumps(payload).encode())
    upload.name = "batch.json"
    response = client.post("/api/v1/clues/import", {"file": upload})
    assert response.status_code == 200
    assert response.json()["existing"] == 1 and response.json()["created"] == 0
    wrong = io.BytesIO(b"not a workbook")
    wrong.name = "batch.csv"
    bad = client.post("/api/v1/clues/import", {"file": wrong})
    assert bad.status_code == 422 and bad.json()["field"] == "file"


def test_import_needs_intake_permission(rows, make_user):
    auditor = make_user("aud", Role.AUDITOR, "510000")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_rows(read_xlsx(xlsx([rows("GJ-9")])), auditor)
