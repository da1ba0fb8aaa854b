"""Writes the packaged Word templates of the dispatch documents (dispatch_report.docx,
bulletin.docx) next to this file.

The .docx files are the templates in use; they are committed so the task force can open one in
Word, change the wording, fonts or layout, and commit it back (docs/dispatch.md, "Documents").
This script is how they were first made and remakes them from scratch:
`.venv/bin/python -m wageguard.dispatch.documents.templates.build`. Running it overwrites any
edit made in Word, so after such an edit the .docx, not this script, is the source.

Layout after GB/T 9704 (党政机关公文格式): A4, margins 37/35/28/26 mm, body in 仿宋 三号 (16 pt),
title in 小标宋 二号 (22 pt, 宋体 where the font is missing); tables in 10.5 pt so nine columns fit
the 156 mm line. Tags are docxtpl's (Jinja): `{{ name }}` in one run, `{%p %}` paragraphs and
`{%tr %}` rows around repeated parts. The names the context holds are listed in
docs/dispatch.md and built in `documents.context.build_context`.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HERE = Path(__file__).resolve().parent
BODY_FONT, TITLE_FONT = "仿宋", "宋体"
# The headline KPIs, in meeting.briefing.HEADLINE's order: the columns of the prefecture table.
COLUMNS = (
    "clues_received",
    "clues_overdue",
    "clues_on_time_rate",
    "cases_filed",
    "amount_owed",
    "amount_recovered",
    "workers_helped",
    "systems_applied_rate",
)


def _font(run_or_style, name: str, size: float) -> None:
    run_or_style.font.name = name
    run_or_style.font.size = Pt(size)
    rpr = run_or_style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _document() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    _font(document.styles["Normal"], BODY_FONT, 16)
    props = document.core_properties
    props.author = props.last_modified_by = "{{ province }}"
    props.title = "{{ title }}"
    props.subject = "{{ round }}"
    props.comments = props.keywords = props.category = ""
    return document


def _title(document, text: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    _font(run, TITLE_FONT, 22)


def _heading(document, text: str) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold = True


def _para(document, text: str, indent: bool = True, size: float | None = None) -> None:
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    if size:
        _font(run, BODY_FONT, size)
    if indent and not text.startswith("{%"):
        paragraph.paragraph_format.first_line_indent = Pt(32)


def _note(document, text: str) -> None:
    """A small line under a table: when its figures were computed."""
    _para(document, text, indent=False, size=10.5)


def _table(document, rows: list[list[str]]) -> None:
    """A grid: the first row bold; a row of one cell holding a `{%tr %}` tag stays one cell."""
    width = max(len(r) for r in rows)
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (row, texts) in enumerate(zip(table.rows, rows, strict=True)):
        for cell, text in zip(row.cells, texts, strict=False):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = i == 0
            _font(run, BODY_FONT, 10.5)


def _figures_table(document) -> None:
    head = ["市（州）", *(f"{{{{ labels.{k} }}}}（{{{{ units.{k} }}}}）" for k in COLUMNS)]
    row = ["{{ p.name }}", *(f"{{{{ p.v.{k} }}}}" for k in COLUMNS)]
    total = ["{{ total.name }}合计", *(f"{{{{ total.v.{k} }}}}" for k in COLUMNS)]
    _table(
        document,
        [head, ["{%tr for p in prefectures %}"], row, ["{%tr endfor %}"], total],
    )


def _headline(document) -> None:
    _table(
        document,
        [
            ["指标", "单位", "本轮", "上轮", "变化"],
            ["{%tr for h in headline %}"],
            [
                "{{ h.label }}",
                "{{ h.unit }}",
                "{{ h.value }}",
                "{{ h.previous }}",
                "{{ h.change }}",
            ],
            ["{%tr endfor %}"],
        ],
    )


def _header(document) -> None:
    _title(document, "{{ title }}")
    _para(document, "统计期间：{{ period }}；报送截止日期：{{ due_date }}", indent=False)
    _para(document, "{%p if campaign %}", indent=False)
    _para(document, "专项行动：{{ campaign }}", indent=False)
    _para(document, "{%p endif %}", indent=False)
    _para(document, "本文所列数据计算时间：{{ computed_at }}。", indent=False)


def report() -> Document:
    document = _document()
    _header(document)
    _heading(document, "一、总体情况")
    _para(
        document,
        "{{ province }}本轮（{{ period }}）主要指标如下"
        "{% if previous_round %}，与上一轮（{{ previous_round }}）比较{% endif %}：",
    )
    _headline(document)
    _note(document, "数据计算时间：{{ computed_at }}")
    _para(
        document,
        "{% if festival %}距春节（{{ festival }}）还有{{ days_to_festival }}天，{% endif %}"
        "本轮期间立案案件尚欠工资{{ outstanding }}元。",
    )
    _heading(document, "二、各市（州）情况")
    _figures_table(document)
    _note(document, "数据计算时间：{{ computed_at }}")
    _para(document, "{%p if not_reported %}")
    _para(document, "尚未报送进展情况的：{{ not_reported|join('、') }}。")
    _para(document, "{%p endif %}")
    _heading(document, "三、排名情况")
    _para(document, "{{ rule }}")
    _para(document, "{%p for rk in rankings %}")
    _para(document, "{{ loop.index }}. {{ rk.label }}（{{ rk.order }}）", indent=False)
    _table(
        document,
        [
            ["名次", "市（州）", "本轮", "上轮", "变化", "备注"],
            ["{%tr for s in rk.rows %}"],
            [
                "{{ s.place }}",
                "{{ s.name }}",
                "{{ s.value }}",
                "{{ s.previous }}",
                "{{ s.change }}",
                "{{ s.mark }}",
            ],
            ["{%tr endfor %}"],
        ],
    )
    _note(document, "数据计算时间：{{ computed_at }}")
    _para(document, "{%p endfor %}")
    _heading(document, "四、进展滞后单位")
    _para(document, "{%p if lagging %}")
    _para(document, "{%p for p in lagging %}")
    _para(document, "{{ p.name }}：{{ p.reasons }}。")
    _para(document, "{%p endfor %}")
    _para(document, "{%p else %}")
    _para(document, "本轮无进展滞后单位。")
    _para(document, "{%p endif %}")
    _heading(document, "五、舆情情况")
    _para(document, "{%p if opinion %}")
    _para(document, "{%p for o in opinion %}")
    _para(
        document,
        "{{ loop.index }}. {{ o.title }}（{{ o.region }}，{{ o.risk }}，{{ o.state }}，"
        "发现于{{ o.seen_at }}）",
    )
    _para(document, "{%p endfor %}")
    _para(document, "{%p else %}")
    _para(document, "本轮无升级通报的舆情。")
    _para(document, "{%p endif %}")
    _heading(document, "六、各市（州）进展情况")
    _para(document, "{%p for p in prefectures %}")
    _heading(document, "（{{ loop.index }}）{{ p.name }}")
    _para(document, "报送情况：{{ p.status }}")
    _para(document, "{%p for line in p.lines %}")
    _para(document, "{{ line }}")
    _para(document, "{%p endfor %}")
    _para(document, "{%p for e in p.explanations %}")
    _para(document, "{{ e.label }}：{{ e.text }}")
    _para(document, "{%p endfor %}")
    _para(document, "{%p endfor %}")
    _closing(document)
    return document


def bulletin() -> Document:
    document = _document()
    _header(document)
    _para(document, "各市（州）人力资源社会保障局：", indent=False)
    _para(
        document,
        "现将{{ round }}（{{ period }}）进展滞后单位通报如下。{{ rule }}",
    )
    _heading(document, "一、进展滞后单位")
    _para(document, "{%p if lagging %}")
    _table(
        document,
        [
            ["市（州）", "列为滞后的原因"],
            ["{%tr for p in lagging %}"],
            ["{{ p.name }}", "{{ p.reasons }}"],
            ["{%tr endfor %}"],
        ],
    )
    _para(document, "{%p else %}")
    _para(document, "本轮无进展滞后单位。")
    _para(document, "{%p endif %}")
    _heading(document, "二、进展情况报送")
    _para(document, "{%p if late %}")
    _para(document, "逾期报送或未报送进展情况的：{{ late|join('、') }}。")
    _para(document, "{%p else %}")
    _para(document, "各市（州）均按期报送进展情况。")
    _para(document, "{%p endif %}")
    _heading(document, "三、主要指标")
    _headline(document)
    _note(document, "数据计算时间：{{ computed_at }}")
    _figures_table(document)
    _note(document, "数据计算时间：{{ computed_at }}")
    _para(
        document,
        "请被通报的单位认真分析原因，采取有效措施，加快工作进度，并于下一轮调度中报告整改情况。",
    )
    _closing(document)
    return document


def _closing(document) -> None:
    for text in ("{{ province }}根治欠薪工作专班", "{{ date }}"):
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT


BUILDERS = {"dispatch_report": report, "bulletin": bulletin}


def build(name: str) -> bytes:
    out = BytesIO()
    BUILDERS[name]().save(out)
    return out.getvalue()


def main() -> None:
    for name in BUILDERS:
        path = HERE / f"{name}.docx"
        path.write_bytes(build(name))
        sys.stdout.write(f"wrote {path}\n")


if __name__ == "__main__":
    main()
