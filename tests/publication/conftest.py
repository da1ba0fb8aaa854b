import datetime as dt

import pytest

from wageguard.cases.models import EnforcementCase, PoliceTransfer
from wageguard.cases.services import file_case
from wageguard.org.rules import Role

WORKER = "赵铁柱"
ID_NUMBER = "51010719900101123X"
MOBILE = "13812345678"
CREDIT_CODE = "91510107MA6CXDX125"


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou-pub-inspector", Role.INSPECTOR, "510107")


@pytest.fixture
def supervisor(make_user):
    return make_user("wuhou-pub-leader", Role.SUPERVISOR, "510107")


def make_case(
    user, name: str, workers: list[dict], *, decided=True, region="510107", facts="", code=""
):
    """A filed case moved straight to its state for the test (the case workflow is the cases
    app's own business and tested there)."""
    case = file_case(
        user,
        region=region,
        employer_name=name,
        employer_credit_code=code,
        work_address="成都市武侯区人民南路四段 1 号",
        facts=facts,
        workers=workers,
    )
    if decided:
        EnforcementCase.objects.filter(pk=case.pk).update(
            state="decided", decided_on=dt.date(2026, 3, 2)
        )
    case.refresh_from_db()
    return case


@pytest.fixture
def large_case(inspector):
    """Decided; one worker unpaid 4 months ¥25,000: at or above the national upper figure."""
    return make_case(
        inspector,
        "四川鑫达建筑工程有限公司",
        [
            {
                "worker_name": WORKER,
                "id_number": ID_NUMBER,
                "amount_owed": "25000",
                "months_unpaid": 4,
            }
        ],
        facts=f"劳动者{WORKER}（身份证 {ID_NUMBER}，手机 {MOBILE}）反映被拖欠四个月工资。",
        code=CREDIT_CODE,
    )


@pytest.fixture
def transferred_case(inspector):
    """Not decided yet, small amounts, but transferred to the police."""
    case = make_case(
        inspector,
        "成都逃匿劳务有限公司",
        [{"worker_name": "钱多多", "amount_owed": "3000", "months_unpaid": 1}],
        decided=False,
    )
    PoliceTransfer.objects.create(
        case=case,
        transferred_on=dt.date(2026, 3, 10),
        police_agency="成都市公安局武侯区分局",
        threshold_answer="meets",
        conduct="absconded",
    )
    return case


@pytest.fixture
def small_case(inspector):
    return make_case(
        inspector,
        "武侯小额餐饮店",
        [{"worker_name": "孙小二", "amount_owed": "3000", "months_unpaid": 1}],
    )
