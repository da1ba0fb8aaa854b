"""The built-in Word templates (one per document kind), written in code with python-docx so no
binary is committed and a reviewer can read every sentence. Each is a docxtpl template: Jinja tags
in single runs, `{%p if key %}` paragraphs around what a caller may or may not supply, and a
`{%tr for %}` row for the workers' table. An agency that wants its own wording downloads one of
these, edits it in Word and uploads it (documents.validate_template checks it).

No article is written here: the `article` and the other citations (`crime_article`,
`payments_basis`, `statement_right`, `court_basis`) come from core.legal through the context
(numbered.LEGAL_CONTEXT fills them for every document of a kind, so an agency's own template
prints the same citation)."""

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from ..rules import DocumentKind
from . import page

K = DocumentKind

# Where the workers' table goes in a body (a marker, never a paragraph's text).
WORKERS_TABLE = "\x00table"


def when(key: str, *lines: str) -> list[str]:
    """Paragraphs shown only when the caller supplied `key`."""
    return [f"{{%p if {key} %}}", *lines, "{%p endif %}"]


def each(items: str, line: str) -> list[str]:
    """One paragraph per item of a list (`it` inside `line`), only when the list has items."""
    return when(items, f"{{%p for it in {items} %}}", line, "{%p endfor %}")


_UNIT = [
    "当事单位：{{ employer_name }}",
    *when("credit_code", "统一社会信用代码：{{ credit_code }}"),
    *when("legal_representative", "法定代表人（负责人）：{{ legal_representative }}"),
    *when("address", "住所地址：{{ address }}"),
    *when("project_name", "项目名称：{{ project_name }}"),
    *when("work_address", "工作地址：{{ work_address }}"),
]
_FOUND = (
    "经查，你单位{% if project_name %}在{{ project_name }}{% endif %}存在拖欠劳动者工资的违法"
    "行为（案件编号：{{ case_number }}，{{ filed_on }}立案）。"
)
_FACTS = when("facts", "{{ facts }}")
_WORKERS = when("workers", "涉及劳动者{{ worker_count }}人，明细如下：", WORKERS_TABLE)
_TOTALS = when(
    "worker_count",
    "涉及劳动者{{ worker_count }}人，拖欠工资共计{{ total_owed }}，已追回{{ total_recovered }}，"
    "尚欠{{ total_outstanding }}。",
)
_CONTENT = when("content", "{{ content }}")
_REMEDY = (
    "如不服本决定，可在收到本决定书之日起六十日内依法申请行政复议，或者在六个月内依法向人民法院"
    "提起行政诉讼。逾期不申请行政复议、不提起行政诉讼又不履行的，本机关将依法申请人民法院强制执行。"
)
_PERSONS = each(
    "persons", "{{ it.role }}：{{ it.name }}{% if it.position %}（{{ it.position }}）{% endif %}"
)

BODIES: dict[str, list[str]] = {
    K.ORDER: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        _FOUND,
        *_FACTS,
        *_WORKERS,
        "依据{{ article }}，责令你单位"
        "{% if deadline %}于{{ deadline }}前{% else %}限期{% endif %}改正"
        "{% if violation_text %}{{ violation_text }}的违法行为{% else %}，"
        "向上述劳动者支付拖欠的工资共计{{ amount_due or total_outstanding }}{% endif %}，"
        "并将改正情况书面报告本机关。",
        *_CONTENT,
        "{% if violation_text %}逾期不改正的，本机关将依法予以处罚。{% else %}"
        "逾期不改正的，本机关将依法作出处理决定，责令你单位按应付金额百分之五十以上一倍以下的标准"
        "加付赔偿金；涉嫌拒不支付劳动报酬罪的，依法移送公安机关。{% endif %}",
    ],
    K.HANDLING: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        _FOUND,
        *_FACTS,
        *_WORKERS,
        "依据{{ article }}，本机关作出如下处理决定：",
        "一、你单位应{% if deadline %}于{{ deadline }}前{% endif %}向上述劳动者支付拖欠的工资共计"
        "{{ amount_due or total_outstanding }}；",
        *when(
            "compensation_amount",
            "二、你单位应加付赔偿金{{ compensation_amount }}"
            "{% if compensation_rate %}（按应付金额的{{ compensation_rate }}计算）{% endif %}。",
        ),
        *_CONTENT,
        _REMEDY,
    ],
    K.PENALTY: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        _FOUND,
        *_FACTS,
        *_TOTALS,
        "{% if violation_text %}你单位{{ violation_text }}，经责令限期改正逾期未改正。{% endif %}"
        "依据{{ article }}，本机关决定对你单位处以罚款{{ fine_amount }}。",
        "罚款应自收到本决定书之日起十五日内{% if deadline %}（{{ deadline }}前）{% endif %}"
        "缴至指定银行。到期不缴纳的，每日按罚款数额的百分之三加处罚款。",
        *_CONTENT,
        _REMEDY,
    ],
    K.STOPPAGE: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        _FOUND,
        *_FACTS,
        *_TOTALS,
        "{% if violation_text %}你单位{{ violation_text }}，经责令限期改正逾期未改正。{% endif %}"
        "依据{{ article }}，责令你单位{% if project_name %}承建的{{ project_name }}{% endif %}"
        "自{{ date }}起停工{% if deadline %}，于{{ deadline }}前{% else %}，限期{% endif %}改正。",
        *when("fine_amount", "逾期不改正的，本机关将依法处以罚款{{ fine_amount }}。"),
        *_CONTENT,
        _REMEDY,
    ],
    K.DRAWDOWN: [
        "{{ addressee or '工资保证金存储银行' }}：",
        "{{ employer_name }}{% if project_name %}（{{ project_name }}）{% endif %}拖欠劳动者工资，"
        "经本机关责令限期支付，逾期未支付（案件编号：{{ case_number }}）。",
        "依据{{ article }}，请你行自收到本通知书之日起"
        "五个工作日内{% if deadline %}（{{ deadline }}前）{% endif %}，从该单位工资保证金账户中支付"
        "{{ amount_due or total_outstanding }}，直接支付至下列劳动者本人银行账户。",
        *when(
            "payments",
            "各劳动者本次支付金额：",
            "{%p for it in payments %}",
            "{{ loop.index }}. {{ it.name }}：{{ it.amount }}",
            "{%p endfor %}",
            "收款账户为劳动者本人在实名制管理信息中登记的银行账户，不得支付给其他单位或个人"
            "（{{ payments_basis }}）。",
        ),
        *_WORKERS,
        *_CONTENT,
    ],
    K.COURT: [
        "{{ addressee or '人民法院' }}：",
        "申请人：{{ agency_name }}",
        "被申请人：{{ employer_name }}",
        *_UNIT,
        "申请事项：请求依法强制执行本机关对被申请人作出的决定（案件编号：{{ case_number }}）。",
        *when("amount_due", "应支付劳动者工资：{{ amount_due }}"),
        *when("compensation_amount", "应加付赔偿金：{{ compensation_amount }}"),
        *when("fine_amount", "罚款：{{ fine_amount }}"),
        *_FACTS,
        *_WORKERS,
        "被申请人在法定期限内未申请行政复议、未提起行政诉讼，又不履行决定，经本机关书面催告，"
        "催告书送达十日后仍未履行，依据{{ article }}，特申请强制执行。",
        *_CONTENT,
    ],
    K.TRANSFER: [
        "{{ police_agency or addressee }}：",
        "{{ employer_name }}涉嫌拒不支付劳动报酬罪（{{ crime_article }}），"
        "依据{{ article }}，"
        "现将案件移送你局，请依法审查。",
        *_UNIT,
        *_FACTS,
        *_WORKERS,
        *when("threshold_answer", "数额标准判断：{{ threshold_answer }}"),
        *each("threshold_reasons", "{{ it }}"),
        *when("checklist", "随附材料："),
        *each("checklist", "{{ it }}"),
        *_CONTENT,
        "请将立案情况书面告知本机关。本机关将继续依法追讨劳动者工资。",
    ],
    K.CREDIT_NOTICE: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        "依据{{ article }}，本机关拟将"
        "你单位{% if persons %}及下列人员{% endif %}列入拖欠农民工工资失信联合惩戒对象名单：",
        *_PERSONS,
        *when("listing_facts", "事实和理由：{{ listing_facts }}"),
        *_TOTALS,
        # Order 45 art. 6: the notice states the reasons, the basis, the right to object within
        # 5 working days of receipt, and art. 7's relief (the articles come in `article`).
        "你单位如有异议，可以自收到本告知书之日起五个工作日内"
        "{% if defence_deadline %}（{{ defence_deadline }}前）{% endif %}向本机关提出。"
        "逾期未提出的，视为放弃。",
        "你单位在本机关作出列入决定前已经改正拖欠农民工工资违法行为，且作出不再拖欠农民工工资"
        "书面信用承诺的，可以不予列入。",
        *_CONTENT,
    ],
    K.CREDIT_DECISION: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        *when("listing_facts", "事实和理由：{{ listing_facts }}"),
        *_TOTALS,
        "依据{{ article }}，本机关决定将"
        "你单位{% if persons %}及下列人员{% endif %}列入拖欠农民工工资失信联合惩戒对象名单"
        "{% if listed_on %}，期限自{{ listed_on }}起"
        "{% if expires_on %}至{{ expires_on }}止{% endif %}"
        "{% else %}，期限为三年{% endif %}：",
        *_PERSONS,
        # Order 45 art. 8: the decision states the removal conditions and procedure (arts.
        # 12-14, cited in `content` by the credit app) and the remedies.
        "列入期间，有关部门将依法实施联合惩戒。你单位已经改正拖欠农民工工资违法行为，自改正之日起"
        "被列入失信联合惩戒名单满六个月，并作出不再拖欠农民工工资书面信用承诺的，可以向本机关"
        "申请提前移出；列入期限内再次发生拖欠农民工工资违法行为，或者因涉嫌拒不支付劳动报酬犯罪"
        "正在刑事诉讼期间或者已经被追究刑事责任的，不得提前移出。",
        *_CONTENT,
        _REMEDY,
    ],
    K.CREDIT_REMOVAL: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        *when("removal_reason", "移出理由：{{ removal_reason }}"),
        "依据{{ article }}，本机关决定"
        "{% if removed_on %}自{{ removed_on }}起{% endif %}"
        "将你单位{% if persons %}及下列人员{% endif %}"
        "移出拖欠农民工工资失信联合惩戒对象名单：",
        *_PERSONS,
        *_CONTENT,
    ],
    # 催告书 (Administrative Enforcement Law art. 35): the time and manner to perform, the
    # amounts, the right to state and defend; the application to court follows 10 days after it
    # was served (art. 54).
    K.REMINDER: [
        "{{ addressee or employer_name }}：",
        *_UNIT,
        *when(
            "enforced_number",
            "本机关于{{ enforced_on }}作出{{ enforced_title }}（{{ enforced_number }}），已依法送达"
            "你单位。你单位至今未履行该决定确定的义务。",
        ),
        "依据{{ article }}，现催告你单位履行下列义务：",
        "一、履行期限：{{ deadline }}前；",
        "二、履行方式：{{ content }}；",
        "三、给付金额：{% if amount_due %}支付劳动者工资{{ amount_due }}；{% endif %}"
        "{% if compensation_amount %}加付赔偿金{{ compensation_amount }}；{% endif %}"
        "{% if fine_amount %}缴纳罚款{{ fine_amount }}；{% endif %}",
        "四、你单位有权进行陈述和申辩（{{ statement_right }}），可自收到本催告书之日起向本机关"
        "提出。",
        "本催告书送达十日后你单位仍未履行义务的，本机关将依法申请人民法院强制执行"
        "（{{ court_basis }}）。",
    ],
}

_HEADER = ["{{ agency_name }}", "{{ title }}", "{{ number }}"]
_CLOSING = ["{{ agency_name }}", "{{ date }}"]
_TABLE_HEAD = ["序号", "姓名", "欠薪月数", "欠薪金额", "已追回金额"]
_TABLE_ROW = [
    "{{ loop.index }}",
    "{{ w.name }}",
    "{{ w.months_unpaid }}",
    "{{ w.amount_owed }}",
    "{{ w.amount_recovered }}",
]
_TABLE_TOTAL = ["合计", "{{ worker_count }}人", "", "{{ total_owed }}", "{{ total_recovered }}"]


def fonts(document) -> None:
    style = document.styles["Normal"]
    style.font.name = "仿宋"
    style.font.size = Pt(14)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "仿宋")


def _table(document) -> None:
    table = document.add_table(rows=5, cols=len(_TABLE_HEAD))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    rows = [_TABLE_HEAD, ["{%tr for w in workers %}"], _TABLE_ROW, ["{%tr endfor %}"], _TABLE_TOTAL]
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=False):
            cell.text = text


def build(kind: str) -> bytes:
    """The built-in template of `kind` as .docx bytes."""
    document = Document()
    page.apply(document.sections[0])
    fonts(document)
    # python-docx's defaults name itself as author; docxtpl fills these tags like the body's.
    props = document.core_properties
    props.author = props.last_modified_by = "{{ agency_name }}"
    props.title = "{{ title }}"
    props.subject = "{{ number }}"
    props.comments = props.keywords = props.category = ""
    for i, text in enumerate(_HEADER):
        paragraph = document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = i < 2
        run.font.size = Pt(18 if i < 2 else 14)
    for text in BODIES[kind]:
        if text == WORKERS_TABLE:
            _table(document)
            continue
        paragraph = document.add_paragraph(text)
        if not text.startswith("{%p") and not text.endswith("："):
            paragraph.paragraph_format.first_line_indent = Pt(28)
    for text in _CLOSING:
        document.add_paragraph(text).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = BytesIO()
    document.save(out)
    return out.getvalue()
