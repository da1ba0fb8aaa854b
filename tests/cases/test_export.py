"""The 案件台账 Excel export: read back with openpyxl (numbers, amounts as money, measures with
their document numbers, transfers, credit listings), the list's filters, jurisdiction, audit, and
a query count that does not grow with rows."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests import factories
from wageguard.cases import export, services
from wageguard.cases.documents import issue as issue_document
from wageguard.cases.models import Decision, EnforcementCase, PoliceTransfer
from wageguard.core.deadlines import Clock
from wageguard.core.models import AuditEvent
from wageguard.credit.models import CreditListing
from wageguard.org.rules import Role
from wageguard.parties.services import enterprise_for

pytestmark = pytest.mark.django_db

URL = "/cases/export.xlsx"


def file(
    user, region: str, employer: str, *amounts: tuple[str, str], source: str = "inspection"
) -> EnforcementCase:
    """A case with one worker line per (owed, recovered)."""
    case = factories.case(
        user,
        employer,
        [factories.worker(f"工人{i}", owed, 2) for i, (owed, _rec) in enumerate(amounts)],
        region=region,
        source=source,
        employer_credit_code="91510100MA61R8XQ4E" if employer.endswith("甲") else "",
    )
    for line, (_owed, recovered) in zip(case.workers.all(), amounts, strict=True):
        line.amount_recovered = Decimal(recovered)
        line.save(update_fields=["amount_recovered"])
    return case


def measures_transfer_listing(case: EnforcementCase, user) -> None:
    """An order with its numbered document, a penalty without one, a transfer and a listing."""
    today = timezone.localdate()
    document = issue_document(case, "order", None)
    Decision.objects.create(
        case=case, kind="order", issued_on=today, deadline=today, article="x", document=document
    )
    Decision.objects.create(case=case, kind="penalty", issued_on=today, article="y")
    PoliceTransfer.objects.create(
        case=case,
        transferred_on=today,
        police_agency="成都市公安局武侯区分局",
        threshold_answer="meets",
        conduct="order_ignored",
        response="filed",
    )
    CreditListing.objects.create(
        case=case,
        enterprise=enterprise_for(case.employer_name),
        region=case.region,
        agency=case.agency,
        state="listed",
        unit_name=case.employer_name,
        facts="拖欠工资",
        proposed_on=today,
        proposed_by=user,
        listed_on=today,
        expires_on=today + dt.timedelta(days=1095),
    )


def read(response) -> tuple[list[str], list[list]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    data = b"".join(response.streaming_content)
    book = load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(row) for row in book["案件台账"].iter_rows(values_only=True)]
    return rows[0], rows[1:]


@pytest.fixture
def wuhou(inspector):
    a = file(inspector, "510107", "成都武侯建筑甲", ("20000.50", "5000"), ("16000", "1"))
    b = file(inspector, "510107", "成都武侯劳务乙", ("1200", "0"), source="other")
    measures_transfer_listing(a, inspector)
    return a, b


def test_ledger_reads_back_with_numbers_and_amounts(client, inspector, wuhou):
    a, b = wuhou
    client.force_login(inspector)
    header, rows = read(client.get(URL))
    assert header == [title for title, _w in export.columns()]
    col = {title: i for i, title in enumerate(header)}
    by_number = {row[col["案件编号"]]: row for row in rows}
    assert set(by_number) == {a.number, b.number}
    row_a, row_b = by_number[a.number], by_number[b.number]
    assert Decimal(str(row_a[col["欠薪金额"]])) == Decimal("36000.50")
    assert Decimal(str(row_a[col["已追回金额"]])) == Decimal("5001")
    assert Decimal(str(row_b[col["欠薪金额"]])) == Decimal("1200")
    assert Decimal(str(row_b[col["已追回金额"]])) == Decimal("0")
    assert row_a[col["劳动者人数"]] == 2 and row_b[col["劳动者人数"]] == 1
    assert row_a[col["辖区"]] == "武侯区（510107）"
    assert row_a[col["承办机构"]] == "武侯区人力资源和社会保障局"
    assert row_a[col["用人单位"]] == "成都武侯建筑甲"
    assert row_a[col["统一社会信用代码"]] == "91510100MA61R8XQ4E"
    assert row_a[col["来源"]] == "检查发现" and row_b[col["来源"]] == "其他来源"
    assert row_a[col["立案日期"]].date() == a.filed_on
    assert row_a[col["办案期限"]].date() == a.due_date
    provisional = "（期限暂定）" if a.due_provisional else ""
    assert row_a[col["时限状态"]] == f"正常{provisional}" and row_a[col["状态"]] == "已立案"
    order = a.decisions.get(kind="order").document.number
    assert row_a[col["措施（种类与文号）"]] == f"责令改正（限期支付） {order}；行政处罚（罚款）"
    today = timezone.localdate()
    assert row_a[col["移送公安"]] == f"{today:%Y-%m-%d} 移送，已立案"
    expires = today + dt.timedelta(days=1095)
    assert row_a[col["失信名单状态"]] == f"已列入（至 {expires:%Y-%m-%d}）"
    assert row_b[col["措施（种类与文号）"]] is None and row_b[col["移送公安"]] is None
    event = AuditEvent.objects.get(action="case.export")
    assert event.after == {"filter": {}, "rows": 2}
    assert event.actor_id == inspector.pk


def test_amounts_are_numbers_in_money_format(client, inspector, wuhou):
    client.force_login(inspector)
    data = b"".join(client.get(URL).streaming_content)
    sheet = load_workbook(io.BytesIO(data))["案件台账"]
    header = [c.value for c in sheet[1]]
    owed = sheet.cell(row=2, column=header.index("欠薪金额") + 1)
    filed = sheet.cell(row=2, column=header.index("立案日期") + 1)
    assert isinstance(owed.value, int | float) and owed.number_format == "#,##0.00"
    assert filed.is_date and filed.number_format == "yyyy-mm-dd"
    assert sheet[1][0].font.bold and sheet.freeze_panes == "A2"


def test_list_filters_apply(client, inspector, supervisor, wuhou):
    a, b = wuhou
    services.transition(b, "start_investigation", inspector)
    client.force_login(supervisor)
    _h, rows = read(client.get(URL, {"state": "investigating"}))
    assert [row[0] for row in rows] == [b.number]
    _h, rows = read(client.get(URL, {"q": "武侯建筑甲", "page": "3"}))
    assert [row[0] for row in rows] == [a.number]
    event = AuditEvent.objects.filter(action="case.export").latest("pk")
    assert event.after == {"filter": {"q": "武侯建筑甲"}, "rows": 1}
    # The list's sort is the ledger's order.
    _h, rows = read(client.get(URL, {"sort": "-filed"}))
    assert [row[0] for row in rows] == [b.number, a.number]
    # A bad filter goes back to the list, which names it; nothing is exported.
    response = client.get(URL, {"state": "nonsense"})
    assert response.status_code == 302 and response["Location"] == "/cases/?state=nonsense"
    assert AuditEvent.objects.filter(action="case.export").count() == 3


def test_the_list_links_to_the_export_with_its_filters(client, inspector, wuhou):
    client.force_login(inspector)
    page = client.get("/cases/", {"state": "open", "q": "甲"}).content.decode()
    assert 'href="/cases/export.xlsx?state=open&amp;q=%E7%94%B2"' in page


def test_another_county_never_sees_ours_and_the_province_sees_all(
    client, inspector, make_user, wuhou
):
    a, b = wuhou
    jinjiang = make_user("jj-insp", Role.INSPECTOR, "510104")
    theirs = file(jinjiang, "510104", "锦江劳务丙", ("3000", "0"))
    client.force_login(jinjiang)
    _h, rows = read(client.get(URL))
    assert [row[0] for row in rows] == [theirs.number]
    client.force_login(make_user("zg-sup", Role.SUPERVISOR, "510300"))
    _h, rows = read(client.get(URL))
    assert rows == []
    client.force_login(make_user("sc-taskforce", Role.TASKFORCE, "510000"))
    _h, rows = read(client.get(URL))
    assert {row[0] for row in rows} == {a.number, b.number, theirs.number}


def test_needs_the_view_permission(client, make_user):
    client.force_login(make_user("wh-admin", Role.ADMIN, "510107"))
    assert client.get(URL).status_code == 403
    assert not AuditEvent.objects.filter(action="case.export").exists()


def test_query_count_does_not_grow_with_rows(client, inspector, query_baseline):
    client.force_login(inspector)

    def queries(name: str | None = None) -> int:
        with query_baseline(name) if name else CaptureQueriesContext(connection) as ctx:
            read(client.get(URL))
        return len(ctx.captured_queries)

    for n in range(2):
        case = file(inspector, "510107", f"成都示例单位{n}", ("1000", "0"), ("2000", "10"))
        measures_transfer_listing(case, inspector)
    queries()  # the first request also loads cached settings
    few = queries("cases.export_2_cases")
    for n in range(2, 9):
        case = file(inspector, "510107", f"成都示例单位{n}", ("1000", "0"), ("2000", "10"))
        measures_transfer_listing(case, inspector)
    many = queries("cases.export_9_cases")
    assert many == few, few


def test_rows_stream_in_chunks(inspector, wuhou, monkeypatch):
    """Rows come through `iterator(chunk_size=...)`, never a list of the whole table."""
    seen = {}
    cls = type(EnforcementCase.objects.all())
    original = cls.iterator

    def spy(self, chunk_size=None):
        seen["chunk_size"] = chunk_size
        return original(self, chunk_size=chunk_size)

    monkeypatch.setattr(cls, "iterator", spy)
    qs = EnforcementCase.objects.restrict(inspector, "view")
    from wageguard.cases.filters import STAGE

    out, count = export.build(qs, Clock.now(STAGE))
    out.close()
    assert count == 2 and seen["chunk_size"] == export.CHUNK
