"""One feed row judged in Python: dates, months, amounts, flags and the ID number's checksum, each
refused with the column named.

A `Parser` lives for one batch and carries what every row of it shares: today's date (the age an
ID number implies and the latest date accepted are judged against one day, not the clock at each
row) and the months and dates already read, since a month's file repeats one month and a few
payment days millions of times. Without those caches parsing was half of an import's time.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core import dates
from wageguard.core.crypto import hasher
from wageguard.parties.rules import validate_id_number, validate_mobile

from ..models import PayChannel

# A single amount above this is refused as a typing error (a worker's month is not ¥100 million).
MAX_AMOUNT = Decimal("99999999.99")
_PLAIN_AMOUNT = re.compile(r"[0-9]{1,8}(?:\.[0-9]{1,2})?")
CENT = Decimal("0.01")

# Column labels for messages, translated only when a row is refused (not 8 times a row).
LABELS = {
    "month": _l("月份"),
    "project_code": _l("项目编码"),
    "name": _l("姓名"),
    "id_number": _l("身份证号码"),
    "mobile": _l("手机号码"),
    "trade": _l("工种"),
    "contractor": _l("班组/分包单位"),
    "contract_signed_on": _l("劳动合同签订日期"),
    "safety_trained_on": _l("安全培训日期"),
    "entered_on": _l("进场日期"),
    "left_on": _l("退场日期"),
    "settlement_confirmed": _l("退场结算确认"),
    "contract_signed": _l("签订劳动合同"),
    "safety_trained": _l("岗前安全培训"),
    "gross": _l("应发工资"),
    "deductions": _l("扣除"),
    "net": _l("实发工资"),
    "signed": _l("本人签字"),
    "channel": _l("发放方式"),
    "paid_on": _l("支付日期"),
    "amount": _l("金额"),
    "reference": _l("银行流水号"),
    "card": _l("收款卡号"),
    "payer": _l("拨付单位"),
    "on": _l("日期"),
    "balance": _l("余额"),
    "at": _l("打卡时间"),
}
APPROPRIATED_ON = _l("拨付日期")

TRUE = frozenset({"是", "已签", "已签订", "已培训", "已确认", "1", "y", "yes", "true", "√"})
FALSE = frozenset({"否", "未签", "未签订", "未培训", "未确认", "0", "n", "no", "false", "×", ""})
CHANNELS = {str(c.label): c.value for c in PayChannel} | {c.value: c.value for c in PayChannel}


def _last_day(month: dt.date) -> int:
    return ((month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)).day


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


class Parser:
    """The row parsers of one batch (the module's docstring says why it holds state)."""

    def __init__(self, today: dt.date | None = None) -> None:
        self.today = today or timezone.localdate()
        self.low, self.high = dates.PAST.bounds(self.today)
        self._months: dict[Any, dt.date | ValidationError] = {}
        self._dates: dict[tuple[Any, str], dt.date | ValidationError] = {}
        self._card_hash = hasher("card")

    # --- cells ---------------------------------------------------------------------------------

    def text(self, row: dict, name: str, label: str, limit: int, *, required: bool = False) -> str:
        value = row.get(name)
        # Nearly always a stripped string within its limit: nothing to do.
        plain = value.__class__ is str and 0 < len(value) <= limit
        if plain and not (value[0].isspace() or value[-1].isspace()):
            return value
        value = "" if value is None else str(value).strip()
        if required and not value:
            raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
        if len(value) > limit:
            raise ValidationError(
                {name: _("%(label)s不能超过 %(n)d 个字") % {"label": label, "n": limit}}
            )
        return value

    def _in_range(self, day: dt.date, name: str, label: str) -> dt.date:
        if not self.low <= day <= self.high:
            try:
                dates.PAST.check(day, self.today)
            except dates.DateOutOfRange as exc:
                raise ValidationError({name: f"{label}：{exc}"}) from None
        return day

    def date(self, row: dict, name: str, label: str, *, required: bool = False) -> dt.date | None:
        value = row.get(name)
        if value is None or value == "":
            if required:
                raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
            return None
        key = (value, name)
        found = self._dates.get(key)
        if found is None:
            try:
                found = self._read_date(value, name, str(label))
            except ValidationError as exc:
                found = exc
            self._dates[key] = found
        if isinstance(found, ValidationError):
            raise found
        return found

    def _read_date(self, value: Any, name: str, label: str) -> dt.date:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return self._in_range(value, name, label)
        text = str(value).strip().replace("/", "-")
        if not text:
            raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
        try:
            day = dt.date.fromisoformat(text[:10])
        except ValueError:
            raise ValidationError(
                {name: _("%(label)s格式应为 2026-01-31") % {"label": label}}
            ) from None
        return self._in_range(day, name, label)

    def month(self, row: dict, name: str = "month") -> dt.date:
        value = row.get(name)
        found = self._months.get(value)
        if found is None:
            try:
                found = self._read_month(value, name)
            except ValidationError as exc:
                found = exc
            self._months[value] = found
        if isinstance(found, ValidationError):
            raise found
        return found

    def _read_month(self, value: Any, name: str) -> dt.date:
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            month = value.replace(day=1)
        else:
            text = "" if value is None else str(value).strip().replace("/", "-").replace(".", "-")
            if not text:
                raise ValidationError({name: _("请填写月份")})
            try:
                year, number = text[:7].split("-")
                month = dt.date(int(year), int(number), 1)
            except ValueError:
                raise ValidationError({name: _("月份格式应为 2026-01")}) from None
        # A month is past once its first day is.
        return self._in_range(month, name, str(LABELS["month"]))

    def amount(
        self, row: dict, name: str, label: str, *, required: bool = True, positive: bool = False
    ) -> Decimal:
        value = row.get(name)
        text = "" if value is None else str(value).strip()
        if _PLAIN_AMOUNT.fullmatch(text):  # the common case: digits and at most two decimals
            number = Decimal(text)
            if positive and not number:
                raise ValidationError({name: _("%(label)s超出合理范围") % {"label": label}})
            return number.quantize(CENT)
        if not text:
            if required:
                raise ValidationError({name: _("请填写%(label)s") % {"label": label}})
            return Decimal("0.00")
        try:
            number = Decimal(text.replace(",", "").replace("¥", "").strip())
        except InvalidOperation:
            raise ValidationError({name: _("%(label)s应为数字") % {"label": label}}) from None
        if (
            not number.is_finite()
            or not (number > 0 if positive else number >= 0)
            or (number > MAX_AMOUNT)
        ):
            raise ValidationError({name: _("%(label)s超出合理范围") % {"label": label}})
        if number != number.quantize(CENT):
            raise ValidationError({name: _("%(label)s最多两位小数") % {"label": label}})
        return number.quantize(CENT)

    def flag(self, row: dict, name: str, label: str) -> bool:
        value = row.get(name)
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise ValidationError({name: _("%(label)s应填“是”或“否”") % {"label": label}})

    def code(self, row: dict) -> str:
        return self.text(row, "project_code", LABELS["project_code"], 40, required=True)

    def worker(self, row: dict) -> dict[str, Any]:
        out = {
            "project_code": self.code(row),
            "name": self.text(row, "name", LABELS["name"], 50),
        }
        number = self.text(row, "id_number", LABELS["id_number"], 30, required=True)
        try:
            out["id_number"] = validate_id_number(number, today=self.today)
        except ValidationError as exc:
            raise ValidationError({"id_number": exc.messages}) from None
        return out

    # --- rows, one function a kind ----------------------------------------------------------

    def roster(self, row: dict) -> dict[str, Any]:
        out = self.worker(row)
        if not out["name"]:
            raise ValidationError({"name": _("请填写姓名")})
        mobile = self.text(row, "mobile", LABELS["mobile"], 30)
        if mobile:
            try:
                mobile = validate_mobile(mobile)
            except ValidationError as exc:
                raise ValidationError({"mobile": exc.messages}) from None
        out.update(
            mobile=mobile,
            trade=self.text(row, "trade", LABELS["trade"], 30),
            contractor=self.text(row, "contractor", LABELS["contractor"], 200),
            contract_signed_on=self.date(row, "contract_signed_on", LABELS["contract_signed_on"]),
            safety_trained_on=self.date(row, "safety_trained_on", LABELS["safety_trained_on"]),
            entered_on=self.date(row, "entered_on", LABELS["entered_on"]),
            left_on=self.date(row, "left_on", LABELS["left_on"]),
            settlement_confirmed=self.flag(
                row, "settlement_confirmed", LABELS["settlement_confirmed"]
            ),
        )
        out["contract_signed"] = self.flag(
            row, "contract_signed", LABELS["contract_signed"]
        ) or bool(out["contract_signed_on"])
        out["safety_trained"] = self.flag(row, "safety_trained", LABELS["safety_trained"]) or bool(
            out["safety_trained_on"]
        )
        if out["entered_on"] and out["left_on"] and out["left_on"] < out["entered_on"]:
            raise ValidationError({"left_on": _("退场日期不能早于进场日期")})
        return out

    def attendance(self, row: dict) -> dict[str, Any]:
        out = self.worker(row)
        out["month"] = self.month(row)
        value = row.get("days")
        text = "" if value is None else str(value).strip()
        last = _last_day(out["month"])
        if text.isdigit() and text.isascii():
            days = int(text)
        else:
            try:
                exact = Decimal(text)
                days = int(exact)
            except (InvalidOperation, ValueError, OverflowError):
                raise ValidationError({"days": _("出勤天数应为整数")}) from None
            if exact != days:
                days = -1
        if not 0 <= days <= last:
            raise ValidationError({"days": _("出勤天数应为 0 至 %(n)d 的整数") % {"n": last}})
        out["days"] = days
        return out

    def clockin(self, row: dict) -> dict[str, Any]:
        out = self.worker(row)
        value = row.get("at")
        if isinstance(value, dt.datetime):
            at = value
        else:
            text = "" if value is None else str(value).strip().replace("/", "-")
            if not text:
                raise ValidationError({"at": _("请填写打卡时间")})
            try:
                at = dt.datetime.fromisoformat(text)
            except ValueError:
                raise ValidationError({"at": _("打卡时间格式应为 2026-01-31 07:58")}) from None
        if timezone.is_aware(at):  # a real-name platform's API may send an offset
            at = timezone.localtime(at)
        day = self._in_range(at.date(), "at", str(LABELS["at"]))
        minute = at.hour * 60 + at.minute
        out.update(day=day, month=day.replace(day=1), first_minute=minute, last_minute=minute)
        return out

    def payroll(self, row: dict) -> dict[str, Any]:
        out = self.worker(row)
        out["month"] = self.month(row)
        out["gross"] = self.amount(row, "gross", LABELS["gross"])
        out["deductions"] = self.amount(row, "deductions", LABELS["deductions"], required=False)
        out["net"] = self.amount(row, "net", LABELS["net"])
        if out["gross"] - out["deductions"] != out["net"]:
            raise ValidationError({"net": _("实发工资应等于应发工资减扣除")})
        out["signed"] = self.flag(row, "signed", LABELS["signed"])
        channel = self.text(row, "channel", LABELS["channel"], 20) or PayChannel.ACCOUNT
        if channel not in CHANNELS:
            raise ValidationError({"channel": _("发放方式应为专用账户代发、现金或其他方式")})
        out["channel"] = CHANNELS[channel]
        return out

    def payment(self, row: dict) -> dict[str, Any]:
        out = self.worker(row)
        out["paid_on"] = self.date(row, "paid_on", LABELS["paid_on"], required=True)
        # The bank's file may not say which month's wage it pays: by default the month before
        # the transfer, the month whose wage falls due in it (DOMAIN section 3).
        out["month"] = (
            self.month(row)
            if row.get("month") not in (None, "")
            else previous_month(out["paid_on"])
        )
        out["amount"] = self.amount(row, "amount", LABELS["amount"], positive=True)
        out["reference"] = self.text(row, "reference", LABELS["reference"], 64, required=True)
        card = self.text(row, "card", LABELS["card"], 40, required=True)
        card = "".join(c for c in card if c.isdigit())
        if not 12 <= len(card) <= 19:
            raise ValidationError({"card": _("收款卡号应为 12 至 19 位数字")})
        out["card_hash"], out["card_last4"] = self._card_hash(card), card[-4:]
        return out

    def appropriation(self, row: dict) -> dict[str, Any]:
        return {
            "project_code": self.code(row),
            "paid_on": self.date(row, "paid_on", APPROPRIATED_ON, required=True),
            "amount": self.amount(row, "amount", LABELS["amount"], positive=True),
            "payer": self.text(row, "payer", LABELS["payer"], 200),
            "reference": self.text(row, "reference", LABELS["reference"], 64, required=True),
        }

    def balance(self, row: dict) -> dict[str, Any]:
        return {
            "project_code": self.code(row),
            "on": self.date(row, "on", LABELS["on"], required=True),
            "balance": self.amount(row, "balance", LABELS["balance"]),
        }
