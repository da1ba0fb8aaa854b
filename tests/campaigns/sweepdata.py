"""Sweep fixtures: the province's campaign around today, projects under construction in 武侯区
and 锦江区 (one finished, which no sweep lists), 成都市's sweep of them and a 武侯区 team of two."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from wageguard.campaigns import services as campaigns
from wageguard.campaigns.sweeps import services as sweeps
from wageguard.org.rules import Role
from wageguard.projects import services as projects


def project(by, code: str, address: str, state: str = "construction"):
    return projects.register(
        by,
        {
            "name": f"{code} 安置房项目",
            "code": code,
            "site_address": address,
            "developer_name": "成都标记置业有限公司",
            "general_contractor_name": "四川标记建筑有限公司",
            "state": state,
        },
    ).project


def visit_data(**over) -> dict:
    """A clean visit: every core system in place, wages paid monthly, no arrears."""
    data = {
        "systems": dict.fromkeys(
            ["account", "real_name", "deposit", "payroll", "notice", "ledger"], "yes"
        ),
        "wages_monthly": True,
        "arrears_workers": 0,
        "arrears_amount": Decimal("0"),
        "remarks": "",
    }
    data.update(over)
    return data


@pytest.fixture
def world(people, make_user):
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        people["province_taskforce"],
        name="冬季专项行动",
        kind="winter",
        region="510000",
        start_date=today - dt.timedelta(days=10),
        end_date=today + dt.timedelta(days=60),
    )
    wuhou = people["wuhou_inspector"]
    mate = make_user("wh-insp2", Role.INSPECTOR, "510107")
    made = [
        project(wuhou, "WH-1", "成都市武侯区人民南路四段 1 号"),
        project(wuhou, "WH-2", "成都市武侯区人民南路四段 2 号"),
        project(wuhou, "WH-3", "成都市武侯区人民南路四段 3 号"),
        project(wuhou, "WH-DONE", "成都市武侯区人民南路四段 4 号", state="registered"),
        project(
            make_user("jj-insp", Role.INSPECTOR, "510104"), "JJ-1", "成都市锦江区红星路三段 1 号"
        ),
    ]
    sweep = sweeps.create_sweep(
        people["chengdu_supervisor"],
        campaign,
        name="成都市在建项目拉网式排查",
        region="510100",
        start_date=today - dt.timedelta(days=1),
        end_date=today + dt.timedelta(days=30),
    )
    sweeps.add_project_targets(people["chengdu_supervisor"], sweep)
    team = sweeps.form_team(
        people["wuhou_supervisor"], sweep, name="武侯一组", region="510107", members=[wuhou, mate]
    )
    sweeps.assign(people["wuhou_supervisor"], sweep, team, limit=10)
    return {
        "campaign": campaign,
        "sweep": sweep,
        "team": team,
        "mate": mate,
        "projects": made,
        "targets": {t.project.code: t for t in sweep.targets.select_related("project")},
    }
