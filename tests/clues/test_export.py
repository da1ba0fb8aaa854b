"""The 线索台账 Excel export: columns, amounts, masking, filter, jurisdiction and audit."""

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from wageguard.clues.models import ArrearsLine, Clue
from wageguard.clues.reports.export import COLUMNS
from wageguard.core.deadlines import Clock
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def read(response) -> list[list]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in book["线索台账"].iter_rows(values_only=True)]


def test_export_reads_back_with_codes_and_amounts(client, make_user, raw):
    inspector = make_user("insp", Role.INSPECTOR, "510107")
    a = submit(raw, amount_owed="36000.50")
    b = submit(raw, amount_owed="1200", workers_owed=12)
    ArrearsLine.objects.create(
        clue=a, worker_name="张三", amount_owed=Decimal("20000"), amount_recovered=Decimal("5000")
    )
    ArrearsLine.objects.create(
        clue=a, worker_name="李四", amount_owed=Decimal("16000.50"), amount_recovered=Decimal("1")
    )
    client.force_login(inspector)
    rows = read(client.get("/clues/export.xlsx", {"sort": "received"}))
    header = rows[0]
    assert header == [title for title, _w in COLUMNS]
    col = {title: i for i, title in enumerate(header)}
    by_code = {row[col["查询码"]]: row for row in rows[1:]}
    assert set(by_code) == {a.tracking_code, b.tracking_code}
    row_a, row_b = by_code[a.tracking_code], by_code[b.tracking_code]
    assert Decimal(str(row_a[col["欠薪金额"]])) == Decimal("36000.5")
    assert Decimal(str(row_a[col["已追回金额"]])) == Decimal("5001")
    assert Decimal(str(row_b[col["已追回金额"]])) == Decimal("0")
    assert row_b[col["涉及人数"]] == 12 and row_b[col["紧急"]] == "是"
    assert row_a[col["辖区"]] == "武侯区（510107）"
    assert row_a[col["承办机构"]] == "武侯区人力资源和社会保障局"
    assert row_a[col["状态"]] == "已接收" and row_a[col["时限状态"]] == "正常"
    assert row_a[col["来源渠道"]] == "网上/手机"
    assert row_a[col["手机号码"]] == a.phone and row_a[col["身份证号码"]] == a.id_number
    event = AuditEvent.objects.get(action="export.xlsx")
    assert event.after["rows"] == 2 and event.after["filter"] == {"sort": "received"}


def test_export_applies_the_inbox_filter(client, make_user, raw):
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    small = submit(raw, workers_owed=1)
    big = submit(raw, workers_owed=50)
    rows = read(client.get("/clues/export.xlsx", {"urgent": "1"}))
    codes = [row[0] for row in rows[1:]]
    assert codes == [big.tracking_code] and small.tracking_code not in codes


def test_export_masks_reporters_for_roles_without_need_to_know(make_user, raw):
    """No role may export without seeing personal data today; the writer masks anyway, so a
    future role (or a changed table) cannot leak ID numbers through the ledger."""
    from wageguard.clues.filters import STAGE
    from wageguard.clues.reports import export

    clue = submit(raw)
    auditor = make_user("aud", Role.AUDITOR, "510107")
    out, _count = export.build(Clue.objects.restrict(auditor), auditor, Clock.now(STAGE))
    book = load_workbook(out, read_only=True)
    rows = [list(row) for row in book["线索台账"].iter_rows(values_only=True)]
    col = {title: i for i, title in enumerate(rows[0])}
    row = rows[1]
    assert row[col["查询码"]] == clue.tracking_code
    assert row[col["手机号码"]] == clue.phone[:3] + "****" + clue.phone[-4:]
    assert row[col["身份证号码"]] != clue.id_number
    assert row[col["身份证号码"]].endswith(clue.id_number[-4:])
    assert row[col["反映人"]] != clue.reporter_name


def test_another_countys_export_holds_none_of_our_clues(client, make_user, raw):
    ours = submit(raw)
    theirs = submit(raw, work_address="四川省成都市锦江区春熙路 1 号")
    client.force_login(make_user("jj", Role.SUPERVISOR, "510104"))
    codes = [row[0] for row in read(client.get("/clues/export.xlsx"))[1:]]
    assert codes == [theirs.tracking_code] and ours.tracking_code not in codes
    client.force_login(make_user("city", Role.SUPERVISOR, "510100"))
    codes = {row[0] for row in read(client.get("/clues/export.xlsx"))[1:]}
    assert codes == {ours.tracking_code, theirs.tracking_code}


def test_export_needs_the_export_permission(client, make_user):
    client.force_login(make_user("adm", Role.ADMIN, "510107"))
    assert client.get("/clues/export.xlsx").status_code == 403
    assert not AuditEvent.objects.filter(action="export.xlsx").exists()


def test_export_streams_in_chunks(make_user, raw, monkeypatch):
    """Rows come through `iterator(chunk_size=...)`, never a list of the whole table."""
    from wageguard.clues.filters import STAGE
    from wageguard.clues.reports import export

    seen = {}
    original = type(Clue.objects.all()).iterator

    def spy(self, chunk_size=None):
        seen["chunk_size"] = chunk_size
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(type(Clue.objects.all()), "iterator", spy)
    submit(raw)
    user = make_user("insp", Role.INSPECTOR, "510107")
    out, count = export.build(Clue.objects.restrict(user), user, Clock.now(STAGE))
    out.close()
    assert count == 1 and seen["chunk_size"] == export.CHUNK
