import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from wageguard.demo.synthetic import Synthetic, counties_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(y, m, d, hour, tzinfo=SHANGHAI)


@pytest.fixture
def people(db):
    return Synthetic(counties_of("51"), seed=11)


@pytest.fixture
def raw(people):
    """A valid public submission from a worker at a Wuhou building site."""

    def _raw(**over):
        person = people.person()
        base = {
            "reporter_name": person.name,
            "id_number": person.id_number,
            "phone": person.phone,
            "sector": "construction",
            "employer_name": "四川鑫达建筑工程有限公司",
            "employer_credit_code": people.credit_code(),
            "project_name": "武侯区人民南路安置房项目",
            "work_address": "四川省成都市武侯区人民南路四段 12 号工地",
            "period_start": "2026-05",
            "period_end": "2026-08",
            "amount_owed": "36000",
            "workers_owed": 3,
            "description": "项目完工后包工头拖欠三个月工资。",
        }
        base.update(over)
        return base

    return _raw
