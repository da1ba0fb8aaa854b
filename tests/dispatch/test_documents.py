"""A round's documents (issue 13 item 4): the report and the bulletin as Word and Excel carry
exactly `meeting.briefing.build`'s figures (the meeting screen's) for the same round, read back
from the files; the bulletin names exactly the lagging units; one sheet per prefecture with
native charts; A4; archived and downloadable only by the province; the job writes each round's
documents once, the day after its due date."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from tests import factories
from wageguard.cases.models import CaseWorker, EnforcementCase
from wageguard.clues.models import Clue
from wageguard.core.models import AuditEvent
from wageguard.dispatch.documents import services
from wageguard.dispatch.documents.excel import PREFECTURE_HEADER_ROW, SUMMARY_HEADER_ROW
from wageguard.dispatch.documents.models import DispatchDocument
from wageguard.dispatch.kpis import KPIS
from wageguard.dispatch.meeting import briefing
from wageguard.dispatch.rounds import services as rounds
from wageguard.dispatch.rounds.models import ProgressReport
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
CHENGDU, ZIGONG = "510100", "510300"
KINDS = {k.key: k.kind for k in KPIS}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def province(make_user):
    return make_user("docs-taskforce", Role.TASKFORCE, "510000")


@pytest.fixture
def chengdu(make_user):
    return make_user("docs-chengdu", Role.SUPERVISOR, CHENGDU)


def _clue(raw, day, region=None, **state):
    clue = factories.clue_intake(raw()).clue
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))
    Clue.objects.filter(pk=clue.pk).update(received_at=moment, region_id=region or clue.region_id)
    if state:
        Clue.objects.filter(pk=clue.pk).update(**state)
    return clue


@pytest.fixture
def two_rounds(raw, province, chengdu, make_user):
    """Two rounds: clues and cases in 成都 and 自贡 in both periods; 成都 reports the second."""
    start = TODAY - dt.timedelta(days=13)
    first = rounds.create_round(
        province,
        title="冬季调度",
        start=start,
        end=start + dt.timedelta(days=6),
        due_date=start + dt.timedelta(days=7),
        cadence="weekly",
    )
    second = rounds.next_round(province, first)
    late, soon = TODAY - dt.timedelta(days=2), TODAY + dt.timedelta(days=20)
    for day in (first.start, second.start):
        _clue(raw, day, due_date=late)
        _clue(raw, day, state="resolved", outcome="paid_in_full", due_date=soon)
        _clue(raw, day, region="510302", due_date=soon)
    _clue(raw, second.end, region="510302", state="closed", outcome="court", due_date=soon)
    inspector = make_user("docs-inspector", Role.INSPECTOR, factories.WUHOU)
    case = factories.case(inspector, workers=[factories.worker("甲", "12345.67")])
    EnforcementCase.objects.filter(pk=case.pk).update(filed_on=second.start)
    CaseWorker.objects.filter(case=case).update(amount_recovered=Decimal("1000.5"))
    rounds.submit(
        chengdu,
        ProgressReport.objects.get(round=second, region_id=CHENGDU),
        "=SUM(A1) 不是公式\n本周化解欠薪线索 2 条。",
        {"clues_received": "集中受理"},
    )
    return first, second


def _number(text: str) -> Decimal | None:
    text = text.strip()
    if text in {"—", ""}:
        return None
    return Decimal(text.replace(",", "").rstrip("%"))


def _equal(shown, value) -> bool:
    if value is None:
        return shown is None
    return shown is not None and Decimal(str(shown)) == Decimal(value)


def _docx(document: DispatchDocument) -> Document:
    with document.file.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def _files(rows):
    return {r.format: r for r in rows}


def _tables_with(doc, first_cell: str):
    return [t for t in doc.tables if t.rows[0].cells[0].text.strip() == first_cell]


def test_the_report_carries_the_briefings_figures(two_rounds, province):
    _first, second = two_rounds
    files = _files(services.generate(province, second, "report"))
    b = briefing.build(province, second)
    assert set(files) == {"docx", "xlsx"}
    # Word: headline (this round, previous, change) and every prefecture's headline KPIs.
    doc = _docx(files["docx"])
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # A4
    headline = _tables_with(doc, "指标")[0]
    totals = {f.kpi.key: f for f in b.report.total.figures}
    before = {f.kpi.key: f.value for f in b.previous.total.figures}
    rows = {r.cells[0].text: r for r in headline.rows[1:]}
    for key in briefing.HEADLINE:
        cells = rows[str(totals[key].kpi.label)].cells
        assert _equal(_number(cells[2].text), totals[key].value), key
        assert _equal(_number(cells[3].text), before[key]), key
    table = _tables_with(doc, "市（州）")[0]
    body = table.rows[1:]
    assert [r.cells[0].text for r in body[:-1]] == [p.region.name for p in b.prefectures]
    assert body[-1].cells[0].text == "四川省合计"
    for row, figures in [
        *zip(body[:-1], [p.figures for p in b.prefectures], strict=True),
        (body[-1], b.report.total.figures),
    ]:
        values = {f.kpi.key: f.value for f in figures}
        for col, key in enumerate(briefing.HEADLINE, start=1):
            assert _equal(_number(row.cells[col].text), values[key]), (row.cells[0].text, key)
    text = "\n".join(p.text for p in doc.paragraphs)
    computed = services.context.moment(b.computed_at)
    assert text.count(f"数据计算时间：{computed}") >= 2 + len(b.rankings)
    assert "本周化解欠薪线索 2 条。" in text and "集中受理" in text
    assert "{{" not in text and "{%" not in text
    # Excel: the summary sheet's province row and prefecture rows, every KPI.
    with files["xlsx"].file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    summary = book["汇总"]
    expected = [b.report.total, *[row for row in b.report.children]]
    for offset, row in enumerate(expected, start=1):
        cells = summary[SUMMARY_HEADER_ROW + offset]
        assert cells[0].value.startswith(row.region.name)
        for col, f in enumerate(row.figures, start=1):
            assert _equal(cells[col].value, f.value), (row.region.name, f.kpi.key)
    assert len(summary._charts) == 2
    # One sheet per prefecture, short names, figures with the previous round's.
    prefecture_sheets = book.sheetnames[3:]
    assert len(prefecture_sheets) == len(b.prefectures) == 21
    assert "成都" in prefecture_sheets and "凉山州" in prefecture_sheets
    assert all(len(name) <= 31 for name in book.sheetnames)
    for name, p in zip(prefecture_sheets, b.prefectures, strict=True):
        ws = book[name]
        assert ws["A1"].value.startswith(p.region.name)
        assert ws._charts
        for i, f in enumerate(p.figures, start=1):
            row = ws[PREFECTURE_HEADER_ROW + i]
            assert row[6].value == f.kpi.key
            assert _equal(row[2].value, f.value), (name, f.kpi.key)
            assert _equal(row[3].value, p.previous.get(f.kpi.key)), (name, f.kpi.key)
    # A narrative that looks like a formula stays text.
    cell = next(c for c in book["成都"]["A"] if str(c.value).startswith("=SUM"))
    assert cell.data_type == "s" and "本周化解欠薪线索" in cell.value


def test_the_bulletin_names_exactly_the_lagging_units(two_rounds, province):
    _first, second = two_rounds
    later = second.due_date + dt.timedelta(days=1)  # unreported prefectures are now late
    files = _files(services.generate(province, second, "bulletin", today=later))
    b = briefing.build(province, second, today=later)
    lagging = {p.region.name: "；".join(p.reasons) for p in b.lagging}
    assert lagging  # the late reports at least
    doc = _docx(files["docx"])
    table = _tables_with(doc, "市（州）")[0]
    named = {r.cells[0].text: r.cells[1].text for r in table.rows[1:]}
    assert named == lagging
    text = "\n".join(p.text for p in doc.paragraphs)
    assert str(briefing.LAGGING_RULE) in text
    late = [p.region.name for p in b.prefectures if p.late]
    assert "、".join(late) in text and "成都市" not in late
    with files["xlsx"].file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    assert book.sheetnames[0] == "滞后单位"
    rows = list(book["滞后单位"].iter_rows(min_row=6, values_only=True))
    assert {r[0]: r[1] for r in rows if r[0]} == lagging


def test_archive_and_download_only_for_the_province(
    client, two_rounds, province, chengdu, make_user
):
    _first, second = two_rounds
    client.force_login(province)
    url = reverse("dispatch:round-document-generate", kwargs={"pk": second.pk, "kind": "bulletin"})
    assert client.post(url).status_code == 302
    docs = list(DispatchDocument.objects.filter(round=second))
    assert {(d.kind, d.format) for d in docs} == {("bulletin", "docx"), ("bulletin", "xlsx")}
    assert all(d.generated_by == province and len(d.sha256) == 64 and d.size for d in docs)
    page = client.get(reverse("dispatch:round", kwargs={"pk": second.pk}))
    assert "调度报告与通报" in page.content.decode() and "生成调度报告" in page.content.decode()
    doc = next(d for d in docs if d.format == "docx")
    download = reverse("dispatch:round-document", kwargs={"pk": second.pk, "doc_id": doc.pk})
    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="dispatch.document_download").count() == 1
    assert AuditEvent.objects.filter(action="dispatch.document_generate").count() == 1
    # A prefecture sees the round (its own report) but not the province's documents; a county
    # sees no round at all.
    for viewer in (chengdu, make_user("docs-county", Role.SUPERVISOR, factories.WUHOU)):
        client.force_login(viewer)
        assert client.get(download).status_code == 404
        assert client.post(url).status_code == 404
    client.force_login(chengdu)
    assert (
        "调度报告与通报"
        not in client.get(reverse("dispatch:round", kwargs={"pk": second.pk})).content.decode()
    )
    # Another province-level role that may view rounds but not request them: sees, cannot make.
    auditor = make_user("docs-auditor", Role.AUDITOR, "510000")
    client.force_login(auditor)
    if rounds.may_view(auditor):
        assert client.get(download).status_code == 200
        assert client.post(url).status_code == 403
    assert DispatchDocument.objects.filter(round=second).count() == 2


def test_the_job_writes_each_rounds_documents_once(two_rounds, province):
    first, second = two_rounds
    day = first.due_date + dt.timedelta(days=1)
    result = services.scheduled(today=day, dry_run=True)
    assert result.written == [(first.pk, "report"), (first.pk, "bulletin")]
    assert not DispatchDocument.objects.exists()
    services.scheduled(today=day)
    docs = DispatchDocument.objects.filter(round=first)
    assert docs.count() == 4 and not docs.filter(generated_by__isnull=False).exists()
    assert services.scheduled(today=day).written == []
    assert services.scheduled(today=day + dt.timedelta(days=1)).written == []
    assert DispatchDocument.objects.count() == 4
    # Not before the day after the due date; computed as the province's task force sees it.
    assert services.scheduled(today=second.due_date).written == []
    services.scheduled(today=second.due_date + dt.timedelta(days=1))
    report = DispatchDocument.objects.get(round=second, kind="report", format="xlsx")
    with report.file.open("rb") as handle:
        summary = load_workbook(io.BytesIO(handle.read()))["汇总"]
    b = briefing.build(province, second)
    row = summary[SUMMARY_HEADER_ROW + 1]
    for col, f in enumerate(b.report.total.figures, start=1):
        assert _equal(row[col].value, f.value), f.kpi.key
    assert AuditEvent.objects.filter(action="dispatch.document_generate", actor_id=None).exists()


def test_the_packaged_templates_use_only_context_names(two_rounds, province):
    """The templates may be edited in Word: they still render with the context's names only."""
    from docxtpl import DocxTemplate

    from wageguard.dispatch.documents import context, word

    _first, second = two_rounds
    names = set(context.build_context(briefing.build(province, second), "report", timezone.now()))
    for kind in ("report", "bulletin"):
        used = DocxTemplate(io.BytesIO(word.template(kind))).get_undeclared_template_variables()
        assert used <= names, used - names
    assert re.fullmatch(
        r".+调度情况报告-\d{8}-\d{4}\.docx",
        services.download_name(
            DispatchDocument(
                round=second, kind="report", format="docx", generated_at=timezone.now()
            )
        ),
    )
