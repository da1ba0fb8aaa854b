import datetime as dt

import pytest

from tests import factories
from wageguard.org.rules import Role

WORKER = "赵铁柱"
ID_NUMBER = "51010719900101123X"
MOBILE = "13812345678"
CREDIT_CODE = "91510107MA6CXDX125"
# The day the test cases were decided (处理决定); publication needs a decided case (art. 5).
DECIDED = dt.date(2026, 3, 2)


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou-pub-inspector", Role.INSPECTOR, "510107")


@pytest.fixture
def supervisor(make_user):
    return make_user("wuhou-pub-leader", Role.SUPERVISOR, "510107")


@pytest.fixture
def large_case(inspector):
    """Decided; one worker unpaid 4 months ¥25,000: at or above the national upper figure."""
    return factories.case(
        inspector,
        "四川鑫达建筑工程有限公司",
        [factories.worker(WORKER, "25000", 4, id_number=ID_NUMBER)],
        decided_on=DECIDED,
        facts=f"劳动者{WORKER}（身份证 {ID_NUMBER}，手机 {MOBILE}）反映被拖欠四个月工资。",
        employer_credit_code=CREDIT_CODE,
    )


@pytest.fixture
def transferred_case(inspector):
    """Not decided yet, small amounts, but transferred to the police."""
    case = factories.case(
        inspector, "成都逃匿劳务有限公司", [factories.worker("钱多多", "3000", 1)]
    )
    factories.police_transfer(case, dt.date(2026, 3, 10))
    return case


@pytest.fixture
def small_case(inspector):
    return factories.case(
        inspector, "武侯小额餐饮店", [factories.worker("孙小二", "3000", 1)], decided_on=DECIDED
    )
