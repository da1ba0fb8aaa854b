"""`read_table` with an import profile's mapping: the profile's header wins over the aliases, a
mapped header the file lacks refuses it naming both, values are cleaned as without one."""

import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import Workbook

from wageguard.core.tables import Column, read_header, read_table

COLUMNS = (
    Column("paid_on", ("支付日期", "交易日期"), required=True),
    Column("amount", ("金额",), required=True),
    Column("note", ("备注",), multiline=True),
)


def csv_bytes(text: str) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8"))


def test_the_profile_header_wins_over_the_aliases():
    data = csv_bytes("交易日期,记账日期,发生额,金额\n2026-01-01,2026-01-02, 5 ,99\n")
    rows = list(read_table(data, "csv", COLUMNS, {"paid_on": "记账日期", "amount": "发生额"}))
    assert rows == [(2, {"paid_on": "2026-01-02", "amount": "5"})]


def test_a_row_needing_cleaning_is_cleaned_with_a_mapping():
    data = csv_bytes("记账日期,金额,备注\n2026-01-02,5,甲\u200b乙\n")
    [(_n, row)] = read_table(data, "csv", COLUMNS, {"paid_on": "记账日期"})
    assert row == {"paid_on": "2026-01-02", "amount": "5", "note": "甲乙"}


def test_an_xlsx_is_read_with_a_mapping():
    book = Workbook()
    book.active.append(["记账日期", "发生额"])
    book.active.append(["20260102", 5])
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    rows = list(read_table(out, "xlsx", COLUMNS, {"paid_on": "记账日期", "amount": "发生额"}))
    assert rows == [(2, {"paid_on": "20260102", "amount": 5})]


@pytest.mark.parametrize(
    ("source", "expected"),
    [("某银行", ["记账日期", "支付日期", "某银行"]), ("", ["记账日期", "支付日期"])],
)
def test_a_mapped_header_missing_refuses_the_file_naming_it(source, expected):
    data = csv_bytes("交易日期,金额\n2026-01-01,5\n")
    with pytest.raises(ValidationError) as refused:
        next(read_table(data, "csv", COLUMNS, {"paid_on": "记账日期"}, source))
    message = refused.value.message_dict["file"][0]
    assert all(word in message for word in expected)


def test_a_mapped_field_the_importer_lacks_is_ignored():
    data = csv_bytes("支付日期,金额,其他\n2026-01-01,5,x\n")
    [(_n, row)] = read_table(data, "csv", COLUMNS, {"gone": "其他"})
    assert row == {"paid_on": "2026-01-01", "amount": "5"}


def test_the_header_of_a_sample_is_read_cleaned_and_once():
    assert read_header(csv_bytes("记账日期, 发生额 ,,记账日期\n1,2\n"), "csv") == [
        "记账日期",
        "发生额",
    ]
