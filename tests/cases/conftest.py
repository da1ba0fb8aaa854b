import pytest

from wageguard.clues.models import ArrearsLine
from wageguard.clues.services import intake
from wageguard.clues.services import transition as clue_transition
from wageguard.clues.validation import clean_intake
from wageguard.org.rules import Role


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou-inspector", Role.INSPECTOR, "510107")


@pytest.fixture
def supervisor(make_user):
    return make_user("wuhou-leader", Role.SUPERVISOR, "510107")


@pytest.fixture
def verifying_clue(inspector):
    """A Wuhou clue under verification with two workers' arrears lines, May to August (4 months)."""
    clue = intake(
        clean_intake(
            {
                "employer_name": "四川鑫达建筑工程有限公司",
                "employer_credit_code": "",
                "project_name": "武侯区人民南路安置房项目",
                "work_address": "四川省成都市武侯区人民南路四段 12 号工地",
                "period_start": "2026-05",
                "period_end": "2026-08",
                "description": "项目完工后包工头拖欠四个月工资。",
                "sector": "construction",
            },
            public=False,
        )
    ).clue
    ArrearsLine.objects.create(clue=clue, worker_name="张三", amount_owed=21000)
    ArrearsLine.objects.create(
        clue=clue, worker_name="李四", amount_owed=8000, amount_recovered=2000, method="employer"
    )
    clue = clue_transition(clue, "accept", inspector)
    return clue_transition(clue, "start_verification", inspector)
