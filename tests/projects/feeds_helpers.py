"""Shared by the feed tests: a project under construction in 武侯区 and checksum-valid IDs."""

from stdnum.cn import ric

from wageguard.projects import services
from wageguard.projects.rules import State

CODE = "5101072026001"


def id_number(serial: int, birth: str = "19800101") -> str:
    body = f"510107{birth}{serial % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def project(user, code: str = CODE, address: str = "成都市武侯区人民南路四段 9 号"):
    return services.register(
        user,
        {
            "name": f"项目{code}",
            "code": code,
            "site_address": address,
            "developer_name": "成都城投置业有限公司",
            "general_contractor_name": "四川华西建工有限公司",
            "started_on": "2026-01-10",
            "state": State.UNDER_CONSTRUCTION,
            "labour_officer": "李四",
        },
    ).project


def roster_row(serial: int, code: str = CODE, **over) -> dict:
    return {
        "project_code": code,
        "name": f"工人{serial}",
        "id_number": id_number(serial),
        "mobile": f"138{serial:08d}",
        "trade": "钢筋工",
        "contract_signed": "是",
        "entered_on": "2026-01-12",
        **over,
    }
