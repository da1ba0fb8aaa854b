"""The Excel exports of the project list, the warning inbox and the rate table, read back with
openpyxl: headers, rows in words, the pages' filters, the viewer's jurisdiction (a county never
gets another county's rows), no personal data, the audit event, and query counts that do not
grow with the rows."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects import services
from wageguard.projects.models import Project, Warning
from wageguard.projects.warnings import services as warnings

pytestmark = pytest.mark.django_db
D = dt.date

PROJECTS = "/projects/export.xlsx"
WARNINGS = "/projects/warnings/export.xlsx"
RATES = "/projects/rates/export.xlsx"
ADDRESS = {"510107": "成都市武侯区人民南路四段 9 号", "510104": "成都市锦江区红星路三段 1 号"}


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def wuhou(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


@pytest.fixture
def jinjiang(make_user):
    return make_user("jinjiang", Role.INSPECTOR, "510104")


def register(user, n: int, county: str = "510107", **over):
    return services.register(
        user,
        {
            "name": f"安置房{county}-{n}期",
            "code": f"P{county}2026{n:03d}",
            "site_address": ADDRESS[county],
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": f"四川华西{n}建工有限公司",
            "funding": "government",
            "contract_value": "12345678.90",
            "contract_signed_on": "2026-01-05",
            "started_on": "2026-01-10",
            "state": "construction",
            "labour_officer": "李劳资",
            **over,
        },
    ).project


def sheets(response) -> dict[str, list[tuple]]:
    assert response.status_code == 200, response
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def table(response) -> list[tuple]:
    [rows] = sheets(response).values()
    return rows


# --- 项目台账 ---------------------------------------------------------------------------------


def test_the_project_ledger_reads_back_in_words(client, wuhou):
    project = register(wuhou, 1)
    services.record_account(
        project, wuhou, bank="成都银行", number="622848040256489", opened_on=dt.date(2026, 1, 20)
    )
    client.force_login(wuhou)
    header, *rows = table(client.get(PROJECTS))
    assert header[:10] == (
        "项目名称",
        "项目编码",
        "辖区",
        "状态",
        "建设单位",
        "施工总承包单位",
        "行业主管部门",
        "投资类型",
        "合同金额（元）",
        "开工日期",
    )
    assert header[10:] == (
        "农民工工资专用账户",
        "实名制管理",
        "工资保证金",
        "总包代发工资",
        "维权信息告示牌",
        "工资支付台账",
        "核心制度全部落实",
    )
    [row] = rows
    assert row[:8] == (
        "安置房510107-1期",
        "P5101072026001",
        "武侯区（510107）",
        "在建",
        "成都城投置业有限公司",
        "四川华西1建工有限公司",
        "住房和城乡建设局",
        "政府投资",
    )
    assert row[8] == pytest.approx(12345678.90)
    assert row[9] == dt.datetime(2026, 1, 10)
    assert row[10] == "已落实" and row[11] == "未落实" and row[16] == "否"
    # No personal data and no account number: the labour officer's name is not in the ledger.
    flat = " ".join(str(v) for v in row)
    assert "李劳资" not in flat and "622848040256489" not in flat


def test_the_money_cell_is_a_number_in_money_format(client, wuhou):
    register(wuhou, 1)
    client.force_login(wuhou)
    response = client.get(PROJECTS)
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    cell = book.worksheets[0]["I2"]
    assert cell.data_type == "n" and cell.number_format == "#,##0.00"


def test_the_project_ledger_follows_the_lists_filters(client, wuhou):
    register(wuhou, 1)
    with_account = register(wuhou, 2)
    Project.objects.filter(pk=register(wuhou, 3).pk).update(state="suspended")
    services.record_account(
        with_account, wuhou, bank="成都银行", number="622848040256480", opened_on=D(2026, 1, 20)
    )
    client.force_login(wuhou)
    codes = lambda query: sorted(r[1] for r in table(client.get(PROJECTS, query))[1:])  # noqa: E731
    assert codes({}) == ["P5101072026001", "P5101072026002", "P5101072026003"]
    assert codes({"state": "suspended"}) == ["P5101072026003"]
    assert codes({"system": "account", "status": "gap"}) == ["P5101072026001", "P5101072026003"]
    assert codes({"q": "华西2建工"}) == ["P5101072026002"]
    # The list's export button carries the filters it shows.
    page = client.get("/projects/", {"state": "suspended"}).content.decode()
    assert 'href="/projects/export.xlsx?state=suspended"' in page


def test_a_bad_filter_goes_back_to_the_list(client, wuhou):
    client.force_login(wuhou)
    # The list names the bad filter and its button carries it, so the export is refused too
    # rather than giving every project.
    page = client.get("/projects/", {"state": "nonsense"}).content.decode()
    assert 'data-field="state"' in page and "export.xlsx?state=nonsense" in page
    response = client.get(PROJECTS, {"state": "nonsense"})
    assert response.status_code == 302 and response["Location"].startswith("/projects/?")
    assert not AuditEvent.objects.filter(action="project.export").exists()


def test_a_county_never_gets_another_countys_projects(client, wuhou, jinjiang, make_user):
    register(wuhou, 1)
    register(jinjiang, 2, county="510104")
    client.force_login(jinjiang)
    assert [r[1] for r in table(client.get(PROJECTS))[1:]] == ["P5101042026002"]
    # Asking for 武侯区 by its code finds nothing rather than 武侯区's projects.
    assert table(client.get(PROJECTS, {"region": "510107"}))[1:] == []
    client.force_login(make_user("chengdu", Role.INSPECTOR, "510100"))
    assert len(table(client.get(PROJECTS))) == 3
    client.force_login(make_user("zigong", Role.INSPECTOR, "510300"))
    assert table(client.get(PROJECTS))[1:] == []


def test_a_liaison_exports_its_departments_projects_only(client, wuhou, make_user):
    register(wuhou, 1)
    register(wuhou, 2, department="transport")
    client.force_login(make_user("wh-transport", Role.LIAISON, "510107", kind="transport"))
    assert [r[1] for r in table(client.get(PROJECTS))[1:]] == ["P5101072026002"]


def test_the_project_export_is_audited_with_its_filter(client, wuhou):
    register(wuhou, 1)
    client.force_login(wuhou)
    table(client.get(PROJECTS, {"state": "construction"}))
    event = AuditEvent.objects.get(action="project.export")
    assert event.actor_id == wuhou.pk
    assert event.after == {"filter": {"state": "construction"}, "rows": 1}


def test_the_project_export_runs_a_fixed_number_of_queries(client, wuhou, query_baseline):
    client.force_login(wuhou)

    def queries(name: str | None = None) -> int:
        with query_baseline(name) if name else CaptureQueriesContext(connection) as ctx:
            table(client.get(PROJECTS))
        return len(ctx.captured_queries)

    for n in range(1, 3):
        register(wuhou, n)
    queries()  # the first request also loads cached settings
    few = queries("projects.export_2_projects")
    for n in range(3, 10):
        register(wuhou, n)
    assert queries("projects.export_9_projects") == few


# --- 预警台账 ---------------------------------------------------------------------------------


def test_the_warning_ledger_reads_back_in_words(client, wuhou):
    project = register(wuhou, 1, contract_signed_on="2025-01-05")
    client.force_login(wuhou)
    header, *rows = table(client.get(WARNINGS))
    assert header == (
        "等级",
        "预警规则",
        "预警内容",
        "依据",
        "项目名称",
        "项目编码",
        "辖区",
        "行业主管部门",
        "状态",
        "发出日期",
        "处置期限",
        "逾期",
        "发现次数",
        "处置结果",
        "关闭日期",
    )
    by_rule = {r[1]: r for r in rows}
    account = by_rule["未按期开设农民工工资专用账户"]
    assert account[0] == "红色" and account[3] == "《保障农民工工资支付条例》第二十六条"
    assert account[4:7] == (project.name, project.code, "武侯区（510107）")
    assert account[8] == "已发出" and account[11] == "否" and account[12] == 1
    assert account[9] == dt.datetime.combine(timezone.localdate(), dt.time())
    # Red before orange before yellow (none overdue).
    ranks = {"红色": 0, "橙色": 1, "黄色": 2}
    assert [ranks[r[0]] for r in rows] == sorted(ranks[r[0]] for r in rows)


def test_the_warning_ledger_follows_the_inbox_filters(client, wuhou):
    register(wuhou, 1, contract_signed_on="2025-01-05")
    client.force_login(wuhou)
    late = Warning.objects.get(rule="notice_board_missing")
    late.due_on = dt.date(2020, 1, 6)
    late.save()
    dismissed = Warning.objects.get(rule="deposit_missing")
    warnings.transition(dismissed, "dismiss", wuhou, note="已提交保函，身份证 510107198001010019")
    rows = table(client.get(WARNINGS))[1:]
    # Open by default, overdue first (yellow though it is).
    assert rows[0][1] == "在建项目未设立维权信息告示牌" and rows[0][11] == "是"
    assert "未按期存储工资保证金" not in {r[1] for r in rows}
    assert {r[0] for r in table(client.get(WARNINGS, {"level": "red"}))[1:]} == {"红色"}
    assert [r[1] for r in table(client.get(WARNINGS, {"overdue": "yes"}))[1:]] == [
        "在建项目未设立维权信息告示牌"
    ]
    [gone] = table(client.get(WARNINGS, {"state": "dismissed"}))[1:]
    today = dt.datetime.combine(timezone.localdate(), dt.time())
    assert gone[8] == "不是问题" and gone[14] == today
    # The reason is kept, an ID number typed into it is not.
    assert "已提交保函" in gone[13] and "510107198001010019" not in gone[13]
    # An explicit "every state" exports the decided ones too; the inbox's button carries it.
    everything = table(client.get(WARNINGS, {"state": ""}))[1:]
    assert len(everything) == len(rows) + 1
    page = client.get("/projects/warnings/", {"state": "", "level": "red"}).content.decode()
    assert 'href="/projects/warnings/export.xlsx?level=red&amp;state="' in page


def test_a_county_never_gets_another_countys_warnings(client, wuhou, jinjiang, make_user):
    register(wuhou, 1)
    register(jinjiang, 2, county="510104")
    client.force_login(jinjiang)
    rows = table(client.get(WARNINGS))[1:]
    assert rows and {r[5] for r in rows} == {"P5101042026002"}
    # 武侯区 is not among 锦江区's divisions: the filter is refused, nothing is exported.
    refused = client.get(WARNINGS, {"region": "510107"})
    assert refused.status_code == 302
    assert AuditEvent.objects.filter(action="warning.export").count() == 1
    client.force_login(make_user("wh-transport", Role.LIAISON, "510107", kind="transport"))
    assert table(client.get(WARNINGS))[1:] == []


def test_the_warning_export_is_audited_and_a_bad_filter_refused(client, wuhou):
    register(wuhou, 1)
    client.force_login(wuhou)
    rows = table(client.get(WARNINGS, {"level": "red"}))[1:]
    event = AuditEvent.objects.get(action="warning.export")
    assert event.after == {"filter": {"level": "red"}, "rows": len(rows)}
    refused = client.get(WARNINGS, {"level": "purple"})
    assert refused.status_code == 302 and refused["Location"].startswith("/projects/warnings/?")
    assert AuditEvent.objects.filter(action="warning.export").count() == 1


def test_the_warning_export_runs_a_fixed_number_of_queries(client, wuhou, query_baseline):
    client.force_login(wuhou)

    def queries(name: str | None = None) -> int:
        with query_baseline(name) if name else CaptureQueriesContext(connection) as ctx:
            table(client.get(WARNINGS))
        return len(ctx.captured_queries)

    register(wuhou, 1)
    queries()
    few = queries("projects.warning_export_1_project")
    for n in range(2, 7):
        register(wuhou, n)
    assert queries("projects.warning_export_6_projects") == few


# --- 制度落实率 -------------------------------------------------------------------------------


def test_the_rate_workbook_has_the_pages_three_tables(client, wuhou, jinjiang, make_user):
    register(wuhou, 1)
    register(wuhou, 2, department="transport")
    register(jinjiang, 3, county="510104")
    client.force_login(make_user("chengdu", Role.SUPERVISOR, "510100"))
    page = client.get("/projects/rates/").content.decode()
    assert 'href="/projects/rates/export.xlsx"' in page
    book = sheets(client.get(RATES))
    assert list(book) == ["按辖区", "按行业主管部门", "按制度"]
    header, *regions = book["按辖区"]
    assert header == ("辖区", "在建项目", "全部落实", "落实率")
    assert ("锦江区（510104）", 1, 0, 0) in regions and ("武侯区（510107）", 2, 0, 0) in regions
    assert regions[-1] == ("合计", 3, 0, 0)
    departments = {r[0]: r[1:] for r in book["按行业主管部门"][1:]}
    assert departments == {"住房和城乡建设局": (2, 0, 0), "交通运输局": (1, 0, 0)}
    systems = {r[0]: r[1:] for r in book["按制度"][1:]}
    assert systems["维权信息告示牌"] == (3, 0, 0)
    assert AuditEvent.objects.get(action="project.rates_export").after["projects"] == 3


def test_the_rate_workbook_is_the_viewers_jurisdiction(client, wuhou, jinjiang, make_user):
    project = register(wuhou, 1)
    register(jinjiang, 2, county="510104")
    services.record_account(
        project, wuhou, bank="成都银行", number="622848040256489", opened_on=dt.date(2026, 1, 20)
    )
    client.force_login(jinjiang)
    book = sheets(client.get(RATES))
    assert [r[0] for r in book["按辖区"][1:]] == ["锦江区（510104）", "合计"]
    systems = {r[0]: r[1:] for r in book["按制度"][1:]}
    assert systems["农民工工资专用账户"][:2] == (1, 0)
    # The province reads its prefectures, the rate as a percentage cell.
    client.force_login(make_user("sichuan", Role.TASKFORCE, "510000"))
    book = sheets(client.get(RATES))
    assert next(iter(book)) == "按市（州）"
    [chengdu] = [r for r in book["按市（州）"][1:] if r[0].startswith("成都市")]
    assert chengdu[1:3] == (2, 0)
    systems = {r[0]: r[1:] for r in book["按制度"][1:]}
    assert systems["农民工工资专用账户"] == (2, 1, 0.5)
