"""Numbered Word documents: every kind issued and read back, the per-(agency, kind, year) sequence,
agency templates (used, audited, broken ones refused), no worker names on credit documents, and
the download page's scoping and audit."""

import datetime as dt
import hashlib
from decimal import Decimal
from io import BytesIO
from urllib.parse import quote

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from docx import Document

from tests import factories
from wageguard.cases import documents
from wageguard.cases.documents import numbered
from wageguard.cases.models import CaseDocument, CaseHistory
from wageguard.cases.rules import NUMBER_WORDS, DocumentKind
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role
from wageguard.parties.models import Enterprise

pytestmark = pytest.mark.django_db

CREDIT = {"credit_notice", "credit_decision", "credit_removal"}


def _case(user, region="510107", **over):
    """Two workers on the Wuhou site, one partly paid back: amounts with cents on the documents."""
    data = {
        "project_name": "武侯区人民南路安置房项目",
        "facts": "项目完工后拖欠两名劳动者四个月工资。",
        "workers": [
            factories.worker("张三", "21000", 4),
            factories.worker("李四", "8000.50", 3, amount_recovered="2000"),
        ],
    }
    data.update(over)
    return factories.case(user, "四川鑫达建筑工程有限公司", region=region, **data)


def _open(document: CaseDocument):
    with document.file.open("rb") as handle:
        data = handle.read()
    assert hashlib.sha256(data).hexdigest() == document.sha256
    assert len(data) == document.size
    return Document(BytesIO(data))


def _text(docx) -> str:
    cells = [cell.text for table in docx.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in docx.paragraphs] + cells)


@pytest.fixture
def case(inspector):
    return _case(inspector)


@pytest.mark.parametrize("kind", DocumentKind.values)
def test_every_kind_issues_a_readable_numbered_document(case, inspector, kind):
    enterprise = Enterprise.objects.create(
        name=case.employer_name,
        legal_representative="赵六",
        address="成都市武侯区科华北路 99 号",
    )
    case.employer = enterprise
    case.save(update_fields=["employer"])
    extra = {
        "deadline": dt.date(2026, 12, 15),
        "amount_due": Decimal("27000.50"),
        "compensation_rate": Decimal("50.00"),
        "compensation_amount": Decimal("13500.25"),
        "fine_amount": Decimal("50000"),
        "article": "测试条款第一条",
        "police_agency": "成都市公安局武侯区分局",
        "threshold_answer": "meets",
        "threshold_reasons": ["张三欠薪 4 个月"],
        "checklist": ["责令改正指令书"],
        "listing_facts": "逾期未支付且数额达到标准",
        "defence_deadline": dt.date(2026, 12, 7),
        "addressee": "收件单位甲",
        "content": "其他事项：<&>不会破坏文书",
    }
    with transaction.atomic():
        doc = documents.issue(case, kind, inspector, extra)
    year = doc.year
    assert doc.number == f"武人社{NUMBER_WORDS[kind]}〔{year}〕1号"
    assert (doc.serial, doc.agency_id, doc.template) == (1, case.agency_id, None)
    docx = _open(doc)
    assert docx.core_properties.author == case.agency.name
    assert docx.core_properties.subject == doc.number
    text = _text(docx)
    today = numbered._today()
    assert doc.number in text
    assert f"{today.year}年{today.month}月{today.day}日" in text
    assert case.agency.name in text
    assert str(DocumentKind(kind).label) in text
    assert "四川鑫达建筑工程有限公司" in text
    assert "其他事项：<&>不会破坏文书" in text
    if kind != "drawdown":  # the bank's notice names the unit only
        assert "赵六" in text and "成都市武侯区科华北路 99 号" in text
    if kind in CREDIT:
        assert "张三" not in text and "李四" not in text
        assert "workers" not in doc.context
    else:
        assert [w["name"] for w in doc.context["workers"]] == ["张三", "李四"]
    if kind in {"order", "handling", "drawdown", "court", "transfer"}:
        assert "张三" in text and "李四" in text
        assert "21,000.00 元" in text and "8,000.50 元" in text
    if kind not in {"transfer", "drawdown", "court", "credit_removal", "reminder"}:
        assert "29,000.50 元" in text  # the total owed
    expected = {
        "order": ["2026年12月15日", "27,000.50 元", "测试条款第一条"],
        "handling": ["27,000.50 元", "13,500.25 元", "50%"],
        "penalty": ["50,000.00 元"],
        "drawdown": ["收件单位甲", "27,000.50 元"],
        "court": ["13,500.25 元", "50,000.00 元"],
        # 催告书 (Administrative Enforcement Law art. 35): time, manner, amounts, the right to
        # state and defend; court enforcement 10 days after service (art. 54).
        "reminder": [
            "2026年12月15日",
            "其他事项",
            "27,000.50 元",
            "13,500.25 元",
            "50,000.00 元",
            "陈述和申辩（《中华人民共和国行政强制法》第三十五条第（四）项）",
            "送达十日后",
            "（《中华人民共和国行政强制法》第五十四条）",
        ],
        "transfer": ["成都市公安局武侯区分局", "达到", "张三欠薪 4 个月", "责令改正指令书"],
        "credit_notice": ["逾期未支付且数额达到标准", "2026年12月7日", "29,000.50 元"],
    }
    for snippet in expected.get(kind, []):
        assert snippet in text, snippet
    assert doc.context["number"] == doc.number
    history = CaseHistory.objects.get(case=case, action="document")
    assert history.note == doc.number and history.data["kind"] == kind
    event = AuditEvent.objects.filter(action="case.document").latest("seq")
    assert event.after["number"] == doc.number and event.after["sha256"] == doc.sha256


def test_sequence_per_agency_kind_and_year(case, inspector, make_user, monkeypatch):
    first = documents.issue(case, "order", inspector)
    second = documents.issue(case, "order", inspector)
    other_kind = documents.issue(case, "penalty", inspector, {"fine_amount": 20000})
    year = first.year
    assert [first.number, second.number] == [f"武人社监令〔{year}〕1号", f"武人社监令〔{year}〕2号"]
    assert other_kind.number == f"武人社监罚〔{year}〕1号"
    outsider = make_user("jj-inspector", Role.INSPECTOR, "510104")
    jinjiang = _case(outsider, region="510104")
    assert documents.issue(jinjiang, "order", outsider).number == f"锦人社监令〔{year}〕1号"
    monkeypatch.setattr(numbered, "_today", lambda: dt.date(year + 1, 1, 2))
    new_year = documents.issue(case, "order", inspector)
    assert new_year.number == f"武人社监令〔{year + 1}〕1号" and new_year.year == year + 1
    # A correction is a new document; the earlier ones keep their numbers.
    first.refresh_from_db()
    assert first.number == f"武人社监令〔{year}〕1号"
    assert documents.issue(case, "order", inspector).number == f"武人社监令〔{year + 1}〕2号"


def test_amounts_stay_exact_and_dates_are_chinese():
    assert documents.money(Decimal("1234567890.05")) == "1,234,567,890.05 元"
    assert documents.money(Decimal("0.1") + Decimal("0.2")) == "0.30 元"
    assert documents.chinese_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert numbered._format("amount_due", "12000") == "12,000.00 元"
    assert numbered._format("fine_amount", 2000) == "2,000.00 元"
    assert numbered._format("compensation_rate", Decimal("75.50")) == "75.5%"
    assert numbered._format("amount_due", "NaN") == "NaN"
    assert numbered._format("worker_count", 3) == 3
    assert numbered._format("content", "a\x0cb\nc") == "ab\nc"


def test_unknown_kind_is_refused(case, inspector):
    with pytest.raises(ValidationError) as exc:
        documents.issue(case, "memo", inspector)
    assert "kind" in exc.value.message_dict


def test_builtin_templates_are_valid_and_cached():
    for kind in DocumentKind.values:
        data = documents.builtin_template(kind)
        assert documents.builtin_template(kind) is data
        assert documents.validate_template(kind, data) == data


def _edited_template(kind: str, marker: str) -> bytes:
    source = Document(BytesIO(documents.builtin_template(kind)))
    source.add_paragraph(marker)
    out = BytesIO()
    source.save(out)
    return out.getvalue()


def test_uploaded_agency_template_is_used_and_audited(case, inspector, supervisor):
    data = _edited_template("order", "本局定制模板：{{ employer_name }}")
    upload = SimpleUploadedFile("责令改正.docx", data)
    with pytest.raises(PermissionDenied):
        documents.upload_template(inspector, "order", upload)
    template = documents.upload_template(supervisor, "order", upload)
    assert template.agency_id == supervisor.agency_id and template.uploaded_by == supervisor
    assert template.sha256 == hashlib.sha256(data).hexdigest()
    event = AuditEvent.objects.get(action="case.template.upload")
    assert event.after["kind"] == "order" and event.after["sha256"] == template.sha256
    assert documents.current_template(case.agency, "order") == template
    doc = documents.issue(case, "order", inspector)
    assert doc.template == template
    assert "本局定制模板：四川鑫达建筑工程有限公司" in _text(_open(doc))
    # Other kinds still use the built-in template.
    assert documents.issue(case, "penalty", inspector, {"fine_amount": 1}).template is None


@pytest.mark.parametrize(
    ("kind", "data", "message"),
    [
        ("order", b"", "请选择"),
        ("order", b"%PDF-1.4 not a word file", ".docx"),
        ("order", b"PK\x03\x04broken zip", ".docx"),
        ("order", "unclosed", "标记有误"),
        ("order", "unknown", "未知的占位符"),
        ("credit_notice", "workers", "不列劳动者"),
    ],
)
def test_broken_upload_is_refused_naming_file(supervisor, kind, data, message):
    if data == "unclosed":
        data = _edited_template(kind, "{{ employer_name ")
    elif data == "unknown":
        data = _edited_template(kind, "{{ emploer_name }}")
    elif data == "workers":
        data = _edited_template(kind, "{% for w in workers %}{{ w.name }}{% endfor %}")
    with pytest.raises(ValidationError) as exc:
        documents.upload_template(supervisor, kind, SimpleUploadedFile("模板.docx", data))
    assert message in exc.value.message_dict["file"][0]
    assert not AuditEvent.objects.filter(action="case.template.upload").exists()


def test_uploaded_template_cannot_reach_python(supervisor):
    data = _edited_template("order", "{{ employer_name.__class__.__mro__ }}")
    with pytest.raises(ValidationError) as exc:
        documents.validate_template("order", data)
    assert "file" in exc.value.message_dict


def test_credit_documents_never_name_workers(case, inspector):
    extra = {"workers": [{"name": "张三"}], "listing_facts": "数额达到标准"}
    for kind in sorted(CREDIT):
        doc = documents.issue(case, kind, inspector, extra)
        text = _text(_open(doc))
        assert "张三" not in text and "李四" not in text
        assert "张三" not in str(doc.context)


# --- pages ----------------------------------------------------------------------------------


def _downloaded(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_download_for_the_case_jurisdiction_and_the_province_only(
    client, case, inspector, make_user
):
    doc = documents.issue(case, "order", inspector, {"deadline": dt.date(2026, 12, 15)})
    url = reverse("cases:document", kwargs={"pk": case.pk, "doc_id": doc.pk})
    client.force_login(make_user("jj-viewer", Role.SUPERVISOR, "510104"))
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.filter(action="case.document.download").exists()
    for user in (inspector, make_user("sc-taskforce", Role.TASKFORCE, "510000")):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == documents.DOCX_TYPE
        assert "attachment" in response["Content-Disposition"]
        assert (
            quote(f"{doc.number}劳动保障监察责令改正指令书.docx") in response["Content-Disposition"]
        )
        data = _downloaded(response)
        assert hashlib.sha256(data).hexdigest() == doc.sha256
        assert doc.number in _text(Document(BytesIO(data)))
        event = AuditEvent.objects.filter(action="case.document.download").latest("seq")
        assert event.actor_id == user.pk and event.after["number"] == doc.number
    # A document is only reachable through its own case.
    other = _case(inspector)
    client.force_login(inspector)
    assert client.get(reverse("cases:document", args=[other.pk, doc.pk])).status_code == 404


def test_templates_page_lists_kinds_and_placeholders(client, inspector, supervisor):
    client.force_login(inspector)
    page = client.get(reverse("cases:templates"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="template-upload"' not in html  # inspectors may only look
    for kind in DocumentKind.values:
        assert f'data-kind="{kind}"' in html
    assert "{{ employer_name }}" in html and "{{ police_agency }}" in html
    assert client.post(reverse("cases:templates"), {"kind": "order"}).status_code == 403
    client.force_login(supervisor)
    assert (
        'data-testid="template-upload"' in client.get(reverse("cases:templates")).content.decode()
    )


def test_upload_through_the_page_then_download_current(client, supervisor, inspector, case):
    client.force_login(supervisor)
    data = _edited_template("handling", "本局处理决定模板 {{ number }}")
    response = client.post(
        reverse("cases:templates"),
        {"kind": "handling", "file": SimpleUploadedFile("处理决定.docx", data)},
    )
    assert response.status_code == 302
    page = client.get(reverse("cases:templates")).content.decode()
    assert "本机关上传" in page and supervisor.display_name in page
    current = client.get(reverse("cases:template-current", args=["handling"]))
    assert hashlib.sha256(_downloaded(current)).hexdigest() == hashlib.sha256(data).hexdigest()
    builtin = client.get(reverse("cases:template-builtin", args=["handling"]))
    assert _downloaded(builtin) == documents.builtin_template("handling")
    assert AuditEvent.objects.filter(action="case.template.download").count() == 2
    assert client.get(reverse("cases:template-builtin", args=["memo"])).status_code == 404
    doc = documents.issue(case, "handling", inspector)
    assert f"本局处理决定模板 {doc.number}" in _text(_open(doc))
    # A broken file is refused on the page with the message under the file field.
    refused = client.post(
        reverse("cases:templates"),
        {"kind": "order", "file": SimpleUploadedFile("x.docx", b"not a word file")},
    )
    assert refused.status_code == 400
    assert 'data-field="file"' in refused.content.decode()
    assert documents.current_template(case.agency, "order") is None


def test_templates_page_queries_do_not_grow_with_uploads(client, supervisor, query_baseline):
    for kind in ("order", "handling", "penalty"):
        documents.upload_template(supervisor, kind, _edited_template(kind, "定制"))
    client.force_login(supervisor)
    with query_baseline("cases.templates_page_three_uploads"):
        assert client.get(reverse("cases:templates")).status_code == 200


def test_issued_on_sets_the_date_and_the_year(case, inspector):
    doc = documents.issue(case, "order", inspector, {"issued_on": dt.date(2031, 3, 4)})
    assert doc.number == "武人社监令〔2031〕1号"
    assert "2031年3月4日" in _text(_open(doc))
    with pytest.raises(ValidationError) as exc:
        documents.issue(case, "order", inspector, {"issued_on": "yesterday"})
    assert "issued_on" in exc.value.message_dict


def test_a_refused_row_leaves_no_file(case, inspector, settings, tmp_path):
    """A clash on (agency, kind, year, serial) refuses the row and removes the file written."""
    settings.MEDIA_ROOT = tmp_path  # this test's files only: another run may write beside it
    year = numbered._today().year
    CaseDocument.objects.create(
        case=case, agency=case.agency, kind="order", year=year, serial=1, number="手工", sha256=""
    )
    storage = CaseDocument._meta.get_field("file").storage
    folder = numbered._today().strftime("cases/documents/%Y/%m")
    before = set(storage.listdir(folder)[1]) if storage.exists(folder) else set()
    with pytest.raises(IntegrityError), transaction.atomic():
        documents.issue(case, "order", inspector)
    after = set(storage.listdir(folder)[1]) if storage.exists(folder) else set()
    assert after == before
