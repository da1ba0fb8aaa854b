"""送达回证: the receipt that goes with a document when it is served.

"送达诉讼文书必须有送达回证，由受送达人在送达回证上记明收到日期，签名或者盖章" (Civil Procedure
Law, cited as CPL.87; Administrative Penalty Law art. 61 and Administrative Enforcement Law art.
38 apply its rules of service to a bureau's decisions). The signed paper is the evidence of
service, so the receipt is a form to print and carry, made from the record whenever it is
downloaded (never stored: nothing in it is the system's own act):

- before service is recorded, the document's name and number, the addressee and the address,
  with the date, the method and the signatures left blank for the server to fill in by hand;
- after, the same with the recorded method, date, recipient and account of the service filled,
  to print for the file or to check against the signed copy.

Built with python-docx on the A4 page every document uses (documents.page), in Chinese whatever
the reader's page language: it is an official form.
"""

from io import BytesIO

from django.conf import settings
from django.utils import translation
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from ..models import CaseDocument, Decision
from ..rules import DocumentKind
from . import builtin, page
from .numbered import chinese_date

TITLE = "送达回证"
BLANK_DATE = "　　　　年　　月　　日"


def _addressee(document: CaseDocument) -> str:
    decision = Decision.objects.filter(document=document).only("addressee").first()
    return (decision.addressee if decision else "") or document.case.employer_name


def rows(document: CaseDocument) -> list[tuple[str, str]]:
    """(label, value) of the receipt's table; values left empty are filled in by hand."""
    case = document.case
    served = document.served_on is not None
    address = case.employer.address if case.employer_id and case.employer else ""
    with translation.override(settings.LANGUAGE_CODE):
        title = str(DocumentKind(document.kind).label)
        method = document.get_service_method_display() if served else ""
    if served and document.notice_on:
        day = chinese_date(document.notice_on) + "公告，" + chinese_date(document.served_on)
        day += "视为送达"
    else:
        day = chinese_date(document.served_on) if served else BLANK_DATE
    return [
        ("送达机关", document.agency.name),
        ("送达文书名称及文号", f"{title}（{document.number}）"),
        ("受送达人", (document.served_to if served else "") or _addressee(document)),
        ("送达地址", address or case.work_address),
        ("送达方式", method),
        ("收到日期", day),
        ("受送达人签名或者盖章", ""),
        ("代收人及代收理由", ""),
        ("送达人", ""),
        ("见证人", ""),
        ("备注", document.service_note if served else ""),
    ]


def build(document: CaseDocument) -> bytes:
    """The 送达回证 of `document` as .docx bytes (A4)."""
    docx = Document()
    page.apply(docx.sections[0])
    builtin.fonts(docx)
    props = docx.core_properties
    props.author = props.last_modified_by = document.agency.name
    props.title, props.subject = TITLE, document.number
    props.comments = props.keywords = props.category = ""
    for text, size in ((document.agency.name, 18), (TITLE, 22)):
        paragraph = docx.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = True
        run.font.size = Pt(size)
    lines = rows(document)
    table = docx.add_table(rows=len(lines), cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for row, (label, value) in zip(table.rows, lines, strict=True):
        row.height = Cm(1.4)
        row.cells[0].width, row.cells[1].width = Cm(4.6), Cm(11)
        row.cells[0].text, row.cells[1].text = label, value
    docx.add_paragraph(
        "说明：受送达人应在本回证上记明收到日期，签名或者盖章；受送达人在本回证上的签收日期为"
        "送达日期。"
    )
    closing = docx.add_paragraph(f"{document.agency.name}（印章）")
    closing.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = BytesIO()
    docx.save(out)
    return out.getvalue()


def download_name(document: CaseDocument) -> str:
    """武人社监令〔2026〕12号送达回证.docx"""
    return f"{document.number}{TITLE}.docx"
