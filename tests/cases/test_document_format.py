"""Issue 14 item 3, documents as an official would print and serve them: every generated Word
document on A4 with the margins of GB/T 9704-2012 (read back with python-docx), the 文号 as
机关代字〔年份〕序号号, a preview before numbering that takes no number, service recorded as its
own step with the 送达回证, and the service pages scoped to the case's jurisdiction."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from docx import Document
from docx.shared import Cm

from tests import factories
from wageguard.cases import documents
from wageguard.cases.documents import page
from wageguard.cases.models import CaseDocument
from wageguard.cases.rules import DocumentKind

pytestmark = pytest.mark.django_db

CM = 0.01  # Word keeps sizes in twips: 21 cm reads back as 21.0009 cm


def assert_a4(data: bytes) -> None:
    """Every section of a .docx is A4 upright with the standard's margins."""
    docx = Document(BytesIO(data))
    assert docx.sections
    for section in docx.sections:
        assert section.page_width.cm == pytest.approx(21.0, abs=CM)
        assert section.page_height.cm == pytest.approx(29.7, abs=CM)
        assert section.top_margin.cm == pytest.approx(3.7, abs=CM)
        assert section.bottom_margin.cm == pytest.approx(3.5, abs=CM)
        assert section.left_margin.cm == pytest.approx(2.8, abs=CM)
        assert section.right_margin.cm == pytest.approx(2.6, abs=CM)


def stored(document: CaseDocument) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def case(inspector):
    return factories.case(inspector, "四川鑫达建筑工程有限公司", workers=[factories.worker()])


# --- A4 and the margins ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_builtin_template_and_issued_document_is_a4(case, inspector, kind):
    assert_a4(documents.builtin_template(kind))
    with transaction.atomic():
        document = documents.issue(case, kind, inspector, {"fine_amount": 1000})
    assert_a4(stored(document))


def _letter_template(marker: str) -> bytes:
    """A template made on python-docx's (and American Word's) default page: US Letter."""
    source = Document()
    assert source.sections[0].page_width.cm == pytest.approx(21.59, abs=CM)
    source.add_paragraph("{{ number }}")
    source.add_paragraph(marker + "{{ employer_name }}")
    out = BytesIO()
    source.save(out)
    return out.getvalue()


def test_an_uploaded_letter_template_is_printed_on_a4(case, inspector, supervisor):
    data = _letter_template("本局模板：")
    documents.upload_template(supervisor, "order", SimpleUploadedFile("模板.docx", data))
    document = documents.issue(case, "order", inspector)
    assert document.template is not None
    raw = stored(document)
    assert_a4(raw)
    assert "本局模板：四川鑫达建筑工程有限公司" in "\n".join(
        p.text for p in Document(BytesIO(raw)).paragraphs
    )


def test_an_uploaded_a4_template_keeps_its_own_margins(case, inspector, supervisor):
    """An agency that laid its template out on A4 (a letterhead with a wider top) keeps it."""
    source = Document()
    section = source.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin = Cm(5)
    source.add_paragraph("{{ number }}")
    out = BytesIO()
    source.save(out)
    documents.upload_template(supervisor, "order", SimpleUploadedFile("模板.docx", out.getvalue()))
    section = Document(BytesIO(stored(documents.issue(case, "order", inspector)))).sections[0]
    assert section.page_width.cm == pytest.approx(21.0, abs=CM)
    assert section.top_margin.cm == pytest.approx(5.0, abs=CM)


def test_a_landscape_a4_section_is_kept():
    source = Document()
    section = source.sections[0]
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    assert page.is_a4(section)
    page.fit(source)
    assert section.page_width.cm == pytest.approx(29.7, abs=CM)


# --- 文号 -------------------------------------------------------------------------------------

NUMBER = re.compile(r"^(?P<code>[\u4e00-\u9fff]+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号$")


def test_the_number_is_agency_code_year_in_brackets_and_serial(case, inspector):
    first = documents.issue(case, "order", inspector)
    second = documents.issue(case, "order", inspector)
    for serial, document in enumerate((first, second), start=1):
        match = NUMBER.match(document.number)
        assert match, document.number
        assert match["code"] == "武人社监令"
        assert int(match["year"]) == document.year
        assert int(match["serial"]) == serial == document.serial
    # The agency's code is its short name (机构简称, set on the agency's page).
    case.agency.short_name = "武侯人社"
    case.agency.save(update_fields=["short_name"])
    third = documents.issue(case, "order", inspector)
    assert third.number == f"武侯人社监令〔{third.year}〕3号"
