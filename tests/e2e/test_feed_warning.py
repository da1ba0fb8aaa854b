"""Issue 11's done-when, in Chromium: a month of attendance with no payment through the dedicated
account raises a red warning; the Wuhou inspector opens it, follows it to the project and the
workers behind it, turns it into a case, and imports the bank's payments once the contractor
pays; the province's 制度落实率 table counts the project as paying through the account."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.projects.feeds_helpers import id_number, roster_row
from wageguard.projects import feeds, services
from wageguard.projects.models import Warning
from wageguard.projects.rules import System

from .actions import submit_action
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CODE = "E2E-FEED-1"
MONTH = "2026-10"  # due by the end of November: unpaid on 3 December


def _numbered(rows):
    return list(enumerate(rows, start=2))


def _project(user):
    project = services.register(
        user,
        {
            "name": "武侯区簇桥安置房二期",
            "code": CODE,
            "site_address": "成都市武侯区簇桥街道 8 号",
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": "四川华西建工有限公司",
            "contract_signed_on": "2026-03-01",
            "started_on": "2026-03-10",
            "state": "construction",
            "labour_officer": "李四",
        },
    ).project
    feeds.run("roster", user, _numbered([roster_row(s, code=CODE) for s in (1, 2, 3)]))
    base = [{"project_code": CODE, "id_number": id_number(s), "month": MONTH} for s in (1, 2, 3)]
    feeds.run("attendance", user, _numbered([{**b, "days": "22"} for b in base]))
    payroll = [{**b, "gross": "6600", "net": "6600", "signed": "是"} for b in base]
    result = feeds.run("payroll", user, _numbered(payroll))
    assert result.errors == []
    return project


def _applied(page: Page, base: str) -> int:
    """The 总包代发 row of the province's table: projects paying through the account."""
    page.goto(f"{base}/projects/rates/")
    cell = page.locator(f'tr[data-system="{System.CONTRACTOR_PAYROLL}"] td').nth(1)
    return int(cell.inner_text().split("/")[0])


def test_an_unpaid_attendance_month_is_followed_to_a_case_and_the_rate(
    page: Page, live_server, demo, artifacts, tmp_path
):
    inspector = demo["wuhou-inspector"]
    project = _project(inspector)
    red = Warning.objects.get(project=project, rule="attendance_unpaid")
    assert red.level == "red"

    login(page, live_server.url, "province-taskforce")
    before = _applied(page, live_server.url)
    page.context.clear_cookies()

    login(page, live_server.url, "wuhou-inspector")
    page.goto(f"{live_server.url}/projects/warnings/?level=red")
    row = page.locator(f'tr[data-warning="{red.pk}"]')
    expect(row).to_contain_text("出勤月份工资未通过专用账户发放")
    row.get_by_test_id("open-warning").click()
    expect(page.get_by_test_id("summary")).to_contain_text("2026-10")

    # The project and the workers behind the warning: masked roster, the month's difference.
    page.get_by_test_id("project-link").click()
    expect(page.locator("h1")).to_contain_text("武侯区簇桥安置房二期")
    roster = page.get_by_test_id("roster")
    for serial in (1, 2, 3):
        expect(roster).to_contain_text(f"工人{serial}")
    expect(roster).not_to_contain_text(id_number(1))  # masked by default
    expect(page.get_by_test_id("differences")).to_contain_text("未经专用账户发放")
    page.goto(f"{live_server.url}/projects/warnings/{red.pk}/")
    expect(page.get_by_test_id("state")).to_have_text("已发出")

    # Turned into a case, which files it through the cases app with the project linked.
    submit_action(
        page,
        "to_case",
        lambda form: form.locator("textarea").fill("三名农民工十月工资未经专用账户代发，立案调查"),
    )
    outcome = page.get_by_test_id("outcome")
    expect(outcome).to_be_visible()
    case_number = outcome.inner_text()
    outcome.locator("a").click()
    expect(page.locator("body")).to_contain_text(case_number)
    expect(page.locator("body")).to_contain_text("武侯区簇桥安置房二期")

    # The contractor pays; the bank's file comes in through the import page and the worker.
    payments = tmp_path / "代发明细.csv"
    lines = ["项目编码,姓名,身份证号码,支付日期,工资月份,金额,银行流水号,收款卡号"]
    lines += [
        f"{CODE},工人{s},{id_number(s)},2026-12-02,{MONTH},6600,E2E{s},62220212{s:08d}"
        for s in (1, 2, 3)
    ]
    payments.write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.goto(f"{live_server.url}/imports/payments/")
    page.get_by_test_id("upload").locator('input[type="file"]').set_input_files(str(payments))
    page.get_by_test_id("upload").get_by_role("button", name="开始导入").click()
    expect(page.get_by_test_id("progress")).to_be_visible()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    expect(page.get_by_test_id("created")).to_have_text("3")
    expect(page.get_by_test_id("refused")).to_contain_text("0")

    page.goto(f"{live_server.url}/projects/{project.pk}/")
    expect(page.get_by_test_id("months")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("未经专用账户发放")
    page.screenshot(path=str(artifacts / "feed-warning-project.png"), full_page=True)
    page.context.clear_cookies()

    login(page, live_server.url, "province-taskforce")
    assert _applied(page, live_server.url) == before + 1
    page.screenshot(path=str(artifacts / "feed-warning-rates.png"), full_page=True)
