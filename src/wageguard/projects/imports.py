"""The housing department's project list (XLSX or CSV) as a registered importer: each row goes
through `services.register`, so a file row, a page and the API are checked alike, and the same
list twice changes nothing."""

from typing import Any

from django.utils.translation import gettext_lazy as _

from wageguard.core.imports import Importer, Outcome
from wageguard.core.tables import Column

from . import services

COLUMNS = (
    Column("code", ("项目编码", "项目代码", "code"), required=True),
    Column("name", ("项目名称", "name"), required=True),
    Column("site_address", ("项目地址", "建设地点", "site_address"), required=True),
    Column("region", ("所在区县代码", "行政区划代码", "region")),
    Column("department", ("行业主管部门", "department")),
    Column("developer_name", ("建设单位", "developer"), required=True),
    Column("developer_credit_code", ("建设单位统一社会信用代码",)),
    Column(
        "general_contractor_name",
        ("施工总承包单位", "总承包单位", "general_contractor"),
        required=True,
    ),
    Column(
        "general_contractor_credit_code",
        ("总包单位统一社会信用代码", "施工总承包单位统一社会信用代码"),
    ),
    Column("funding", ("投资类型", "funding")),
    Column("contract_value", ("合同金额", "合同金额（元）", "contract_value")),
    Column("labour_cost_share", ("人工费用比例", "人工费用比例（%）")),
    Column("appropriation_cycle", ("人工费用拨付周期",)),
    Column("contract_signed_on", ("合同签订日期", "施工合同签订日期")),
    Column("permit_on", ("施工许可日期", "施工许可证日期")),
    Column("started_on", ("开工日期",)),
    Column("planned_completion_on", ("计划竣工日期",)),
    Column("labour_officer", ("劳资专管员",)),
    Column("state", ("项目状态", "state")),
)


def import_row(user: Any, row: dict[str, Any]) -> Outcome:
    result = services.register(user, row, source="import")
    if result.created:
        return Outcome.CREATED
    return Outcome.UPDATED if result.changed else Outcome.UNCHANGED


IMPORTER = Importer(
    label=_("工程项目清单"),
    columns=COLUMNS,
    row=import_row,
    permission=("add", "projects.project"),
    help=_(
        "住房城乡建设等部门提供的在建项目清单。以项目编码为准：已登记的项目按清单更新，空白的栏目不清除已有信息。"
    ),
)
