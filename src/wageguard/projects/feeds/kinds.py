"""The feed kinds: for each, its columns (the spellings a file's header may use), the parser of a
row, the model it fills and its natural key, and the fields compared to tell an updated row from
an unchanged one. Declared once: the import page, the template file, the API's `kind` and the
staged merge (`store`) all read this table."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _l

from wageguard.core.tables import Column

from ..models import (
    AccountBalance,
    Appropriation,
    Attendance,
    ClockDay,
    Payment,
    PayrollLine,
    RosterWorker,
)

PROJECT = Column("project_code", ("项目编码", "项目代码", "project_code"), required=True)
ID_NUMBER = Column("id_number", ("身份证号码", "身份证号", "证件号码", "id_number"), required=True)
NAME = Column("name", ("姓名", "name"))
MONTH = Column("month", ("月份", "考勤月份", "工资月份", "month"), required=True)


@dataclass(frozen=True)
class Feed:
    kind: str
    label: str | Promise
    model: type[models.Model]
    columns: tuple[Column, ...]
    parse: str  # the `parse.Parser` method that reads one row
    key: tuple[str, ...]  # the model's natural key (unique constraint), by attname
    values: tuple[str, ...]  # what a row sets, compared to tell updated from unchanged
    per_worker: bool  # rows name a roster worker by ID number
    help: str | Promise = ""
    # Written but not compared: the roster's encrypted numbers (a new nonce each time, so the
    # keyed hash beside each is what tells a change) and its time of update.
    written: tuple[str, ...] = ()
    # Values merged rather than replaced: "min" or "max" of what is stored and what comes (a
    # day's first and last clock-in), so rows read twice or in pieces give the same day.
    merge: tuple[tuple[str, str], ...] = ()

    @property
    def columns_written(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.key, *self.values, *self.written)))


ROSTER_VALUES = (
    "name",
    "mobile_hash",
    "trade",
    "contractor_id",
    "contract_signed",
    "contract_signed_on",
    "safety_trained",
    "safety_trained_on",
    "entered_on",
    "left_on",
    "settlement_confirmed",
)

FEEDS: dict[str, Feed] = {
    f.kind: f
    for f in (
        Feed(
            "roster",
            _l("实名制花名册"),
            RosterWorker,
            (
                PROJECT,
                Column("name", ("姓名", "name"), required=True),
                ID_NUMBER,
                Column("mobile", ("手机号码", "联系电话", "mobile")),
                Column("trade", ("工种", "trade")),
                Column("contractor", ("班组/分包单位", "分包单位", "班组", "contractor")),
                Column("contract_signed", ("签订劳动合同", "已签劳动合同", "contract_signed")),
                Column("contract_signed_on", ("劳动合同签订日期", "contract_signed_on")),
                Column("safety_trained", ("岗前安全培训", "安全培训", "safety_trained")),
                Column("safety_trained_on", ("安全培训日期", "safety_trained_on")),
                Column("entered_on", ("进场日期", "entered_on")),
                Column("left_on", ("退场日期", "left_on")),
                Column("settlement_confirmed", ("退场结算确认", "settlement_confirmed")),
            ),
            "roster",
            ("project_id", "id_number_hash"),
            ROSTER_VALUES,
            True,
            _l("以项目编码和身份证号码为准：已在花名册上的农民工按文件更新。"),
            ("id_number", "mobile", "updated_at"),
        ),
        Feed(
            "attendance",
            _l("考勤月汇总"),
            Attendance,
            (PROJECT, NAME, ID_NUMBER, MONTH, Column("days", ("出勤天数", "days"), required=True)),
            "attendance",
            ("worker_id", "month"),
            ("days",),
            True,
            _l("每人每月一行：出勤天数。以农民工和月份为准，重复导入不重复计。"),
            ("project_id",),
        ),
        Feed(
            "clockins",
            _l("实名制考勤打卡记录"),
            ClockDay,
            (
                PROJECT,
                NAME,
                ID_NUMBER,
                Column("at", ("打卡时间", "考勤时间", "刷卡时间", "at"), required=True),
            ),
            "clockin",
            ("worker_id", "day"),
            ("first_minute", "last_minute"),
            True,
            _l(
                "门禁或手机定位的每次打卡一行。每人每天只保留首次和末次打卡，"
                "间隔达到本省设定时长的日子计入当月出勤天数；重复导入不重复计。"
            ),
            ("project_id", "month"),
            (("first_minute", "min"), ("last_minute", "max")),
        ),
        Feed(
            "payroll",
            _l("工资支付表"),
            PayrollLine,
            (
                PROJECT,
                NAME,
                ID_NUMBER,
                MONTH,
                Column("gross", ("应发工资", "应发", "gross"), required=True),
                Column("deductions", ("扣除", "扣款", "deductions")),
                Column("net", ("实发工资", "实发", "net"), required=True),
                Column("signed", ("本人签字", "签字确认", "signed")),
                Column("channel", ("发放方式", "channel")),
            ),
            "payroll",
            ("worker_id", "month"),
            ("gross", "deductions", "net", "signed", "channel"),
            True,
            _l("分包单位编制、农民工本人签字的月度工资支付表，每人每月一行。"),
            ("project_id",),
        ),
        Feed(
            "payments",
            _l("专用账户代发明细"),
            Payment,
            (
                PROJECT,
                NAME,
                ID_NUMBER,
                Column("paid_on", ("支付日期", "交易日期", "paid_on"), required=True),
                Column("month", ("工资月份", "month")),
                Column("amount", ("金额", "交易金额", "amount"), required=True),
                Column("reference", ("银行流水号", "交易流水号", "reference"), required=True),
                Column("card", ("收款卡号", "银行卡号", "card"), required=True),
            ),
            "payment",
            ("project_id", "reference"),
            ("worker_id", "month", "paid_on", "amount", "card_hash", "card_last4"),
            True,
            _l("银行提供的专用账户代发明细。卡号只保存密钥散列和后四位。以银行流水号为准。"),
        ),
        Feed(
            "appropriations",
            _l("人工费用拨付"),
            Appropriation,
            (
                PROJECT,
                Column("paid_on", ("拨付日期", "到账日期", "paid_on"), required=True),
                Column("amount", ("金额", "拨付金额", "amount"), required=True),
                Column("payer", ("拨付单位", "付款单位", "payer")),
                Column("reference", ("银行流水号", "交易流水号", "reference"), required=True),
            ),
            "appropriation",
            ("project_id", "reference"),
            ("paid_on", "amount", "payer"),
            False,
            _l("建设单位拨入专用账户的人工费用，以银行流水号为准。"),
        ),
        Feed(
            "balances",
            _l("专用账户余额"),
            AccountBalance,
            (
                PROJECT,
                Column("on", ("日期", "余额日期", "on"), required=True),
                Column("balance", ("余额", "账户余额", "balance"), required=True),
            ),
            "balance",
            ("project_id", "on"),
            ("balance",),
            False,
            _l("专用账户的日终余额，每个项目每天一行。"),
        ),
    )
}
