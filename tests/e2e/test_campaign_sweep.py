"""Issue 12's done-when, in Chromium at phone size: 武侯区's inspector team records a sweep visit
that finds no dedicated wage account; the item is in the county's ledger with its deadline; the
housing department answers the assignment made of it; the bureau reports the rectification with
evidence and 成都市 (a second person, a level above) verifies and closes it; the campaign's
coverage and closing rate move from 0 to 100%."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from wageguard.campaigns import services as campaigns
from wageguard.campaigns.coordination import services as coordination
from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.sweeps import services as sweeps
from wageguard.org.models import Agency, AgencyKind
from wageguard.projects import services as projects

from .actions import submit_action
from .test_login_home import login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def _world(demo) -> dict:
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        demo["province-taskforce"],
        name="根治欠薪冬季专项行动",
        kind="winter",
        region="510000",
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=60),
        targets=[
            {
                "label": "在建项目全覆盖检查",
                "metric": "projects_inspected_rate",
                "value": 100,
                "due_date": today + dt.timedelta(days=30),
            },
            {
                "label": "问题全部销号",
                "metric": "ledger_closed_rate",
                "value": 100,
                "due_date": today + dt.timedelta(days=50),
            },
        ],
    )
    projects.register(
        demo["wuhou-inspector"],
        {
            "name": "武侯区簇锦安置房三期",
            "code": "E2E-SWEEP-1",
            "site_address": "成都市武侯区簇锦街道 18 号",
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": "四川华西建工有限公司",
            "contract_signed_on": "2026-03-01",
            "started_on": "2026-03-10",
            "state": "construction",
        },
    )
    sweep = sweeps.create_sweep(
        demo["province-taskforce"],
        campaign,
        name="武侯区在建项目拉网式排查",
        region="510107",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=30),
    )
    sweeps.add_project_targets(demo["province-taskforce"], sweep)
    team = sweeps.form_team(
        demo["province-taskforce"],
        sweep,
        name="武侯区第一检查组",
        region="510107",
        members=[demo["wuhou-inspector"], demo["wuhou-inspector2"]],
    )
    sweeps.assign(demo["province-taskforce"], sweep, team, limit=10)
    return {"campaign": campaign, "sweep": sweep}


def _phone(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    page = context.new_page()
    login(page, base, username)
    return page


def _target_values(page: Page, base: str, campaign_pk: int) -> dict[str, str]:
    page.goto(f"{base}/campaigns/{campaign_pk}/")
    rows = page.get_by_test_id("targets").locator("tr[data-metric]")
    expect(rows).to_have_count(2)
    return {
        row.get_attribute("data-metric"): row.locator("td[data-value]").inner_text().strip()
        for row in rows.all()
    }


def test_a_sweep_finding_goes_through_the_ledger_and_moves_the_campaign(
    browser: Browser, live_server, demo, artifacts, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = _world(demo)
    base = live_server.url
    campaign_pk = world["campaign"].pk

    supervisor = _phone(browser, base, "chengdu-supervisor")
    assert _target_values(supervisor, base, campaign_pk) == {
        "projects_inspected_rate": "0%",
        "ledger_closed_rate": "—",
    }

    # The inspector's day: the target assigned to the team, one tap to the visit form.
    inspector = _phone(browser, base, "wuhou-inspector")
    inspector.goto(f"{base}/campaigns/sweeps/mine/")
    todo = inspector.get_by_test_id("todo")
    expect(todo).to_contain_text("武侯区簇锦安置房三期")
    todo.get_by_text("开始检查").first.click()
    form = inspector.get_by_test_id("visit-form")
    for system in form.locator("[data-system]").all():
        answer = "未落实" if system.get_attribute("data-system") == "sys_account" else "已落实"
        system.get_by_text(answer, exact=True).click()
    form.locator('input[name="wages_monthly"][value="yes"]').check(force=True)
    form.get_by_label("备注").fill("项目未开设农民工工资专用账户，工资由劳务班组长现金发放")
    with inspector.expect_navigation():
        form.get_by_role("button", name="提交检查记录").click()
    items = inspector.get_by_test_id("items")
    expect(items).to_contain_text("农民工工资专用账户未落实")
    expect(items).to_contain_text("整改期限")
    width = inspector.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the visit page scrolls sideways on a phone: {width}px"
    inspector.screenshot(path=str(artifacts / "sweep-visit-phone.png"), full_page=True)

    item = LedgerItem.objects.get(source="sweep")
    assert item.region_id == "510107" and item.campaign_id == campaign_pk
    # In the county's ledger, with its deadline.
    inspector.goto(f"{base}/campaigns/ledger/")
    row = inspector.locator(f'[data-item="{item.pk}"]')
    expect(row).to_contain_text(item.due_date.isoformat())
    inspector.context.close()

    # The bureau hands the account to the housing department, which answers on its phone.
    housing = Agency.objects.get(region_id="510107", kind=AgencyKind.HOUSING)
    coordination.assign(
        demo["wuhou-leader"],
        agency=housing,
        subject="督促总包单位开设农民工工资专用账户",
        details=item.description,
        ledger_item=item,
    )
    department = _phone(browser, base, "wuhou-housing")
    department.goto(f"{base}/campaigns/assignments/")
    department.get_by_test_id("assignments").get_by_role(
        "link", name="督促总包单位开设农民工工资专用账户"
    ).click()
    submit_action(
        department,
        "answer",
        lambda f: f.get_by_label("答复内容").fill("已约谈总包单位，专用账户已于本周开设。"),
    )
    expect(department.get_by_test_id("state")).to_have_text("已答复待确认")
    department.context.close()

    # The county reports the rectification with evidence; 成都市 verifies and closes it.
    leader = _phone(browser, base, "wuhou-leader")
    leader.goto(f"{base}/campaigns/ledger/{item.pk}/")
    expect(leader.get_by_test_id("item-assignments")).to_contain_text("已答复")

    def rectified(f):
        f.get_by_label("说明").fill("专用账户已开设，本月工资已通过专户代发")
        f.get_by_label("整改佐证").set_input_files(
            files=[{"name": "开户许可证.png", "mimeType": "image/png", "buffer": PNG}]
        )

    submit_action(leader, "rectify", rectified)
    expect(leader.get_by_test_id("evidence")).to_contain_text("开户许可证.png")
    expect(leader.get_by_test_id("open-verify_close")).to_have_count(0)  # not by the same bureau
    leader.context.close()

    supervisor.goto(f"{base}/campaigns/ledger/{item.pk}/")
    submit_action(
        supervisor,
        "verify_close",
        lambda f: f.get_by_label("说明").fill("已核验开户许可证和代发记录，同意销号"),
    )
    expect(supervisor.get_by_test_id("state")).to_have_text("已销号")
    assert _target_values(supervisor, base, campaign_pk) == {
        "projects_inspected_rate": "100%",
        "ledger_closed_rate": "100%",
    }
    supervisor.screenshot(path=str(artifacts / "campaign-after-sweep.png"), full_page=True)
    supervisor.context.close()
