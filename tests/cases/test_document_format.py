"""Issue 14 item 3, documents as an official would print and serve them: every generated Word
document on A4 with the margins of GB/T 9704-2012 (read back with python-docx), the 文号 as
机关代字〔年份〕序号号, a preview before numbering that takes no number, service recorded as its
own step with the 送达回证, and the service pages scoped to the case's jurisdiction."""

import datetime as dt
import re
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from docx import Document
from docx.shared import Cm

from tests import factories
from wageguard.cases import documents
from wageguard.cases.actions import history_words
from wageguard.cases.documents import page
from wageguard.cases.models import CaseDocument, CaseHistory, Decision, NumberSequence
from wageguard.cases.rules import DocumentKind, ServiceMethod
from wageguard.cases.services import measures
from wageguard.cases.services.documents import record_service
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

from .conftest import serve

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


# --- the preview before numbering -------------------------------------------------------------


def _post(client, case, what: str, data: dict, item: int | None = None, **flags):
    prefix = what if item is None else f"{what}-{item}"
    url = f"/cases/{case.pk}/act/{what}/" + (f"{item}/" if item else "")
    return client.post(url, {**{f"{prefix}-{k}": v for k, v in data.items()}, **flags})


def _counters() -> tuple[int, int, int]:
    return (
        CaseDocument.objects.count(),
        Decision.objects.count(),
        sum(NumberSequence.objects.values_list("last", flat=True)),
    )


def test_a_measure_is_previewed_unnumbered_then_confirmed(client, investigating, inspector):
    client.force_login(inspector)
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    data = {"deadline": deadline, "content": "限期足额支付"}
    before = _counters()
    response = _post(client, investigating, "issue_order", data)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="preview"' in body and "（文号待编）" in body
    assert "限期足额支付" in body and deadline in body  # the filled fields
    assert investigating.employer_name in body  # the document's text
    assert 'name="_confirm"' in body and f'value="{deadline}"' in body
    # Looked at, downloaded, gone back to: no number taken, nothing stored or recorded.
    download = _post(client, investigating, "issue_order", data, _preview_docx="1")
    assert download.status_code == 200 and download["Content-Type"] == documents.DOCX_TYPE
    assert_a4(download.content)
    text = "\n".join(p.text for p in Document(BytesIO(download.content)).paragraphs)
    assert documents.PENDING_NUMBER in text and "监令〔" not in text
    back = _post(client, investigating, "issue_order", data, _edit="1")
    assert back.status_code == 200 and "限期足额支付" in back.content.decode()
    assert _counters() == before
    assert not CaseHistory.objects.filter(case=investigating, action="issue_order").exists()
    # Confirmed: numbered 1 (the previews took none), stored, recorded.
    response = _post(client, investigating, "issue_order", data, _confirm="1")
    assert response.status_code == 302
    order = Decision.objects.get(case=investigating)
    assert order.document.serial == 1 and NUMBER.match(order.document.number)
    assert CaseHistory.objects.filter(case=investigating, action="issue_order").exists()


def test_htmx_preview_swaps_the_section_and_confirms_in_place(client, investigating, inspector):
    client.force_login(inspector)
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    hx = {"HTTP_HX_REQUEST": "true"}
    url = f"/cases/{investigating.pk}/act/issue_order/"
    response = client.post(url, {"issue_order-deadline": deadline}, **hx)
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="measures"') and "（文号待编）" in body
    assert f'hx-post="{url}"' in body
    response = client.post(url, {"issue_order-deadline": deadline, "_confirm": "1"}, **hx)
    body = response.content.decode()
    number = Decision.objects.get(case=investigating).document.number
    assert number in body and "（文号待编）" not in body


def test_a_refused_measure_is_refused_at_the_preview(client, investigating, inspector):
    client.force_login(inspector)
    before = _counters()
    response = _post(client, investigating, "issue_order", {"content": "限期支付"})
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-field="deadline"' in body and "请填写履行期限" in body
    assert 'data-testid="preview"' not in body and _counters() == before


def test_preview_measure_takes_no_number(investigating, inspector):
    deadline = timezone.localdate() + dt.timedelta(days=10)
    shown = measures.preview_measure(investigating, inspector, "order", deadline=deadline)
    assert shown.number == documents.PENDING_NUMBER
    assert any(documents.PENDING_NUMBER in line for line in shown.paragraphs)
    assert not NumberSequence.objects.filter(kind="order").exists()
    order = measures.issue_measure(investigating, inspector, "order", deadline=deadline)
    assert order.document.serial == 1


# --- service (送达) as its own step, and the 送达回证 -------------------------------------------


@pytest.fixture
def order(investigating, inspector):
    deadline = timezone.localdate() + dt.timedelta(days=10)
    return measures.issue_measure(investigating, inspector, "order", deadline=deadline)


def test_nothing_shows_served_until_service_is_recorded(client, investigating, inspector, order):
    client.force_login(inspector)
    document = order.document
    assert document.served_on is None and document.service_method == ""
    body = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert f'data-document="{document.pk}" data-served="0"' in body
    assert "已送达" not in body.split('data-testid="measures"')[1].split("</table>")[0]
    today = timezone.localdate().isoformat()
    data = {"service_method": "direct", "served_on": today, "served_to": "张经理"}
    response = _post(client, investigating, "record_service", data, item=document.pk)
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.served_on, document.service_method) == (timezone.localdate(), "direct")
    body = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert f'data-document="{document.pk}" data-served="1"' in body
    # The history says it in words.
    row = CaseHistory.objects.get(case=investigating, action="record_service")
    words = history_words(row, {})
    assert words == f"{document.number}：{today} 直接送达，受送达人：张经理"
    assert words in body


@pytest.mark.parametrize(
    ("data", "field", "text"),
    [
        ({"service_method": "direct"}, "served_on", "请填写送达日期"),
        ({"service_method": "by_pigeon", "served_on": "today"}, "service_method", ""),
        ({"service_method": "entrusted", "served_on": "today"}, "service_note", "受委托"),
        ({"service_method": "left", "served_on": "today"}, "service_note", "留置送达"),
        ({"service_method": "direct", "served_on": "tomorrow"}, "served_on", ""),
    ],
)
def test_service_refusals_name_the_field(
    client, investigating, inspector, order, data, field, text
):
    client.force_login(inspector)
    days = {"today": timezone.localdate(), "tomorrow": timezone.localdate() + dt.timedelta(1)}
    data = {k: days[v].isoformat() if v in days else v for k, v in data.items()}
    response = _post(client, investigating, "record_service", data, item=order.document_id)
    assert response.status_code == 400
    body = response.content.decode()
    assert f'data-field="{field}"' in body and text in body
    order.document.refresh_from_db()
    assert order.document.served_on is None


def test_entrusted_service_names_the_body_entrusted(investigating, inspector, order):
    document = record_service(
        order.document,
        inspector,
        service_method=ServiceMethod.ENTRUSTED,
        served_on=timezone.localdate(),
        service_note="委托成华区人力资源和社会保障局代为送达",
    )
    assert document.get_service_method_display() == "委托送达"


def _cells(data: bytes) -> dict[str, str]:
    table = Document(BytesIO(data)).tables[0]
    return {row.cells[0].text: row.cells[1].text for row in table.rows}


def test_the_receipt_is_blank_before_service_and_filled_after(
    client, investigating, inspector, order
):
    client.force_login(inspector)
    url = f"/cases/{investigating.pk}/receipts/{order.document_id}.docx"
    body = client.get(f"/cases/{investigating.pk}/").content.decode()
    assert f'href="{url}"' in body
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == documents.DOCX_TYPE
    assert "%E9%80%81%E8%BE%BE%E5%9B%9E%E8%AF%81.docx" in response["Content-Disposition"]
    assert_a4(response.content)
    cells = _cells(response.content)
    assert cells["送达文书名称及文号"] == f"劳动保障监察责令改正指令书（{order.document.number}）"
    assert cells["受送达人"] == investigating.employer_name
    assert (
        cells["送达方式"] == ""
        and "年" in cells["收到日期"]
        and cells["受送达人签名或者盖章"] == ""
    )
    day = timezone.localdate()
    serve(order, inspector, on=day, served_to="张经理")
    cells = _cells(client.get(url).content)
    assert cells["送达方式"] == "直接送达" and cells["受送达人"] == "张经理"
    assert cells["收到日期"] == f"{day.year}年{day.month}月{day.day}日"
    events = AuditEvent.objects.filter(action="case.document.receipt")
    assert [e.after["served"] for e in events.order_by("pk")] == [False, True]


def test_another_county_can_neither_serve_nor_download_the_receipt(
    client, investigating, inspector, order, make_user
):
    outsider = make_user("chenghua-inspector", Role.INSPECTOR, "510108")
    client.force_login(outsider)
    today = timezone.localdate().isoformat()
    data = {"service_method": "direct", "served_on": today}
    assert (
        _post(client, investigating, "record_service", data, item=order.document_id).status_code
        == 404
    )
    url = f"/cases/{investigating.pk}/receipts/{order.document_id}.docx"
    assert client.get(url).status_code == 404
    deadline = (timezone.localdate() + dt.timedelta(days=10)).isoformat()
    assert _post(client, investigating, "issue_order", {"deadline": deadline}).status_code == 404
    with pytest.raises(PermissionDenied):
        record_service(
            order.document, outsider, service_method="direct", served_on=timezone.localdate()
        )
    order.document.refresh_from_db()
    assert order.document.served_on is None
