"""Numbered Word documents (文书) of a case: issued from the agency's own template or the built-in
one, stored with their hash, never renumbered.

`issue()` runs inside the caller's transaction (the service that takes the measure checks the
permission): it takes the next number of the agency's (kind, year) sequence, renders the template
with docxtpl in a sandboxed Jinja environment (an uploaded template is the agency's text, not
code we trust), stores the file under MEDIA_ROOT and writes history and audit. A correction is a
new document with a new number; nothing here edits a stored one.
"""

import datetime as dt
import functools
import hashlib
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from docx import Document
from docxtpl import DocxTemplate
from jinja2.sandbox import ImmutableSandboxedEnvironment

from wageguard.core import audit, legal
from wageguard.core.audit import jsonable
from wageguard.org.models import Agency, User

from ..models import CaseDocument, CaseHistory, DocumentTemplate, EnforcementCase, next_number
from ..rules import NUMBER_WORDS, Answer, DocumentKind, PersonRole, yuan
from . import builtin, page

TEMPLATE_MODEL = "cases.documenttemplate"
CREDIT_KINDS = frozenset(
    {DocumentKind.CREDIT_NOTICE, DocumentKind.CREDIT_DECISION, DocumentKind.CREDIT_REMOVAL}
)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
# A .docx is a zip: refuse one that would unpack to more than this (a zip bomb).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Set by the system, never by a caller's `extra`.
FIXED_KEYS = frozenset({"agency_name", "title", "kind", "number", "date", "year", "case_number"})

# Every placeholder a template may use: name -> (meaning, sample value for validation).
COMMON: dict[str, tuple[Any, Any]] = {
    "agency_name": (_("作出文书的机构名称"), "成都市武侯区人力资源和社会保障局"),
    "title": (_("文书名称"), "劳动保障监察责令改正指令书"),
    "number": (_("文号"), "武人社监令〔2026〕1号"),
    "date": (_("文书日期（2026年11月29日）"), dt.date(2026, 11, 29)),
    "year": (_("年度"), 2026),
    "case_number": (_("案件编号"), "武人社监案〔2026〕1号"),
    "employer_name": (_("用人单位名称"), "四川示例建筑工程有限公司"),
    "credit_code": (_("统一社会信用代码"), "91510107MA6C000000"),
    "legal_representative": (_("法定代表人（负责人）"), "赵六"),
    "address": (_("单位住所地址"), "成都市武侯区示例路 1 号"),
    "project_name": (_("项目名称"), "武侯区示例安置房项目"),
    "work_address": (_("工作地址"), "成都市武侯区示例路 2 号工地"),
    "facts": (_("案情摘要"), "拖欠 2 名劳动者 4 个月工资。"),
    "filed_on": (_("立案日期"), dt.date(2026, 9, 1)),
    "worker_count": (_("涉及劳动者人数"), 2),
    "total_owed": (_("欠薪合计"), Decimal("29000.00")),
    "total_recovered": (_("已追回合计"), Decimal("2000.00")),
    "total_outstanding": (_("尚欠合计"), Decimal("27000.00")),
    "persons": (_("当事人员列表（每项 name、role、position）"), []),
}
WORKER_FIELDS: dict[str, tuple[Any, Any]] = {
    "workers": (_("劳动者列表（每项 name、months_unpaid、amount_owed、amount_recovered）"), []),
}
EXTRA: dict[str, tuple[Any, Any]] = {
    "addressee": (_("送达对象（银行、法院等）"), "中国工商银行成都武侯支行"),
    "deadline": (_("履行期限"), dt.date(2026, 12, 15)),
    "article": (_("适用条款"), legal.cite("423.26")),
    "violation_text": (_("责令改正或处罚所针对的违法行为"), "未编制工资支付台账并依法保存"),
    "enforced_number": (_("催告履行的决定书文号"), "武人社监罚〔2026〕1号"),
    "enforced_title": (_("催告履行的决定书名称"), "劳动保障监察行政处罚决定书"),
    "enforced_on": (_("催告履行的决定作出日期"), dt.date(2026, 6, 1)),
    "content": (_("其他内容"), "请于期限内将改正情况书面报告。"),
    "amount_due": (_("应支付工资"), Decimal("27000.00")),
    "payments": (
        _("本次支付列表（每项 name、amount：动用工资保证金时各劳动者的支付金额）"),
        [{"name": "张三", "amount": Decimal("21000")}, {"name": "李四", "amount": Decimal("6000")}],
    ),
    "compensation_rate": (_("加付赔偿金比例"), Decimal("50")),
    "compensation_amount": (_("加付赔偿金"), Decimal("13500.00")),
    "fine_amount": (_("罚款金额"), Decimal("50000.00")),
    "police_agency": (_("接收公安机关"), "成都市公安局武侯区分局"),
    "threshold_answer": (_("入罪数额标准判断"), Answer.MEETS),
    "threshold_reasons": (_("判断理由列表"), ["张三欠薪 4 个月 21,000.00 元，达到全国上限。"]),
    "checklist": (_("随附材料列表"), ["劳动保障监察责令改正指令书及送达回证"]),
    "listing_facts": (_("列入失信名单的事实和理由"), "经责令限期支付逾期未支付，数额达到标准。"),
    "defence_deadline": (_("陈述申辩期限"), dt.date(2026, 12, 7)),
    "listed_on": (_("列入日期"), dt.date(2026, 12, 20)),
    "expires_on": (_("列入期满日期"), dt.date(2029, 12, 19)),
    "removal_reason": (_("移出理由"), "已支付全部拖欠工资，改正满六个月并作出信用承诺。"),
    "removed_on": (_("移出日期"), dt.date(2027, 7, 1)),
}
# Citations filled for every document of a kind from core.legal (never typed into a template):
# `article` unless the measure gives its own (an order names its violation's article), and the
# other citations the built-in wording prints.
DEFAULT_ARTICLES: dict[str, Any] = {
    DocumentKind.ORDER: legal.cite("423.26"),
    DocumentKind.HANDLING: legal.cite("423.26"),
    DocumentKind.PENALTY: legal.cite("423.30"),
    DocumentKind.STOPPAGE: legal.cite("724.55", "724.57"),
    DocumentKind.DRAWDOWN: legal.cite("724.32"),
    DocumentKind.REMINDER: legal.cite("AEL.35", "AEL.54"),
    DocumentKind.COURT: legal.cite("724.42", "AEL.53", "AEL.54"),
    # Decree 724's own article on transferring a suspected crime has no entry in core.legal:
    # the transfer service passes its own article; this is Decree 423 art. 18 (移送司法机关).
    DocumentKind.TRANSFER: legal.cite("724.41", "423.18"),
    DocumentKind.CREDIT_NOTICE: legal.cite("O45.5"),
    DocumentKind.CREDIT_DECISION: legal.cite("O45.5"),
    DocumentKind.CREDIT_REMOVAL: legal.cite("O45.12"),
}
LEGAL_CONTEXT: dict[str, dict[str, Any]] = {
    DocumentKind.DRAWDOWN: {"payments_basis": legal.cite("724.28", "724.31")},
    DocumentKind.TRANSFER: {"crime_article": legal.cite("CL.276-1")},
    DocumentKind.REMINDER: {
        "statement_right": legal.cite("AEL.35", item=4),
        "court_basis": legal.cite("AEL.54"),
    },
}
LEGAL_MEANINGS: dict[str, Any] = {
    "payments_basis": _("工资支付至劳动者本人账户的依据"),
    "crime_article": _("拒不支付劳动报酬罪的条款"),
    "statement_right": _("陈述权、申辩权的依据"),
    "court_basis": _("申请人民法院强制执行的依据"),
}

# The extra keys each built-in template shows (the help text lists these per kind).
KIND_EXTRAS: dict[str, tuple[str, ...]] = {
    DocumentKind.ORDER: (
        "addressee",
        "deadline",
        "article",
        "violation_text",
        "amount_due",
        "content",
    ),
    DocumentKind.HANDLING: (
        "addressee",
        "deadline",
        "article",
        "amount_due",
        "compensation_rate",
        "compensation_amount",
        "content",
    ),
    DocumentKind.PENALTY: (
        "addressee",
        "article",
        "violation_text",
        "fine_amount",
        "deadline",
        "content",
    ),
    DocumentKind.STOPPAGE: (
        "addressee",
        "article",
        "violation_text",
        "deadline",
        "fine_amount",
        "content",
    ),
    DocumentKind.REMINDER: (
        "addressee",
        "article",
        "enforced_number",
        "enforced_title",
        "enforced_on",
        "deadline",
        "content",
        "amount_due",
        "compensation_amount",
        "fine_amount",
    ),
    DocumentKind.DRAWDOWN: (
        "addressee",
        "article",
        "amount_due",
        "payments",
        "deadline",
        "content",
    ),
    DocumentKind.COURT: (
        "addressee",
        "article",
        "amount_due",
        "compensation_amount",
        "fine_amount",
        "content",
    ),
    DocumentKind.TRANSFER: (
        "police_agency",
        "article",
        "threshold_answer",
        "threshold_reasons",
        "checklist",
        "content",
    ),
    DocumentKind.CREDIT_NOTICE: (
        "addressee",
        "article",
        "listing_facts",
        "defence_deadline",
        "content",
    ),
    DocumentKind.CREDIT_DECISION: (
        "addressee",
        "article",
        "listing_facts",
        "listed_on",
        "expires_on",
        "content",
    ),
    DocumentKind.CREDIT_REMOVAL: (
        "addressee",
        "article",
        "removal_reason",
        "removed_on",
        "content",
    ),
}
_SAMPLE_WORKERS = [
    {"name": "张三", "months_unpaid": 4, "amount_owed": Decimal("21000"), "amount_recovered": 0},
    {"name": "李四", "months_unpaid": 4, "amount_owed": Decimal("8000"), "amount_recovered": 2000},
]
_SAMPLE_PERSONS = [{"name": "赵六", "role": PersonRole.LEGAL_REPRESENTATIVE.label, "position": ""}]


def placeholders(kind: str) -> list[tuple[str, str]]:
    """(name, meaning) of what the system fills for `kind`, for the template page's help."""
    names = {**COMMON, **({} if kind in CREDIT_KINDS else WORKER_FIELDS)}
    rows = [(name, str(meaning)) for name, (meaning, _sample) in names.items()]
    rows += [(name, str(EXTRA[name][0])) for name in KIND_EXTRAS[kind]]
    return rows + [(name, str(LEGAL_MEANINGS[name])) for name in LEGAL_CONTEXT.get(kind, {})]


def label(kind: str) -> str:
    return str(DocumentKind(kind).label)


def lists_workers(kind: str) -> bool:
    """Whether a document of `kind` carries the workers' names (every kind but the credit ones,
    which are addressed to the unit and get no `workers`). Such a file is personal data: only
    roles with need to know (org.rules.SEES_PERSONAL_DATA) download it; the others, the auditor
    among them, see its number and kind, and its issuing in the audit log."""
    return kind not in CREDIT_KINDS


# --- formatting -----------------------------------------------------------------------------


def chinese_date(day: dt.date) -> str:
    """2026年11月29日, the form official documents use."""
    return f"{day.year}年{day.month}月{day.day}日"


def money(value: Any) -> str:
    """12,345.00 元; the Decimal is formatted, never passed through a float."""
    return f"{yuan(Decimal(str(value)))} 元"


_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10))


def _is_money(key: str) -> bool:
    return key.startswith(("amount", "total_")) or key.endswith("amount")


def _decimal(value: Any) -> Decimal | None:
    """A finite Decimal from a number or a numeric string (an API caller's "12000"), else None."""
    if not isinstance(value, int | float | Decimal | str):
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _format(key: str, value: Any) -> Any:
    """A caller's value as the document shows it: dates in Chinese, amounts in yuan, rates in %.
    Control characters are dropped (docxtpl turns some of them into page or paragraph breaks)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        return chinese_date(timezone.localtime(value).date())
    if isinstance(value, dt.date):
        return chinese_date(value)
    if isinstance(value, dict):
        return {str(k): _format(str(k), v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_format(key, v) for v in value]
    if key == "threshold_answer" and value in Answer.values:
        return str(Answer(value).label)
    if _is_money(key) or key.endswith("rate"):
        number = _decimal(value)
        if number is not None:
            return f"{number.normalize():f}%" if key.endswith("rate") else money(number)
    if isinstance(value, int):
        return value
    return str(value).translate(_CONTROL)


# --- context --------------------------------------------------------------------------------


def _persons(case: EnforcementCase) -> list[dict]:
    return [
        {"name": row.person.name, "role": row.get_role_display(), "position": row.position}
        for row in case.persons.select_related("person")
    ]


def build_context(
    case: EnforcementCase, kind: str, number: str, day: dt.date, extra: dict | None = None
) -> dict[str, Any]:
    """Everything a template can show, already formatted. A credit document (addressed to the
    unit) carries no worker lines at all, so no template can print a worker's name."""
    employer = case.employer
    persons = _persons(case)
    legal_rep = employer.legal_representative if employer else ""
    if not legal_rep:
        legal_rep = next(
            (p["name"] for p in persons if p["role"] == PersonRole.LEGAL_REPRESENTATIVE.label), ""
        )
    lines = list(case.workers.all())
    owed = sum((w.amount_owed for w in lines), Decimal(0))
    recovered = sum((w.amount_recovered for w in lines), Decimal(0))
    raw: dict[str, Any] = {
        "case_number": case.number,
        "employer_name": case.employer_name,
        "credit_code": case.employer_credit_code or (employer.credit_code if employer else ""),
        "legal_representative": legal_rep,
        "address": employer.address if employer else "",
        "project_name": case.project_name,
        "work_address": case.work_address,
        "facts": case.facts,
        "filed_on": case.filed_on,
        "worker_count": len(lines),
        "total_owed": owed,
        "total_recovered": recovered,
        "total_outstanding": owed - recovered,
        "persons": persons,
    }
    if kind not in CREDIT_KINDS:
        raw["workers"] = [
            {
                "name": w.worker_name,
                "months_unpaid": w.months_unpaid,
                "amount_owed": w.amount_owed,
                "amount_recovered": w.amount_recovered,
            }
            for w in lines
        ]
    raw["article"] = DEFAULT_ARTICLES[kind]
    raw.update(LEGAL_CONTEXT.get(kind, {}))
    for key, value in (extra or {}).items():
        if key in FIXED_KEYS or (key == "workers" and kind in CREDIT_KINDS):
            continue
        if key == "article" and not value:
            continue
        raw[key] = value
    raw.update(
        agency_name=case.agency.name,
        title=label(kind),
        kind=kind,
        number=number,
        date=day,
        year=day.year,
        case_number=case.number,
    )
    return {key: _format(key, value) for key, value in raw.items()}


def _sample_context(kind: str) -> dict[str, Any]:
    raw = {name: sample for name, (_meaning, sample) in {**COMMON, **EXTRA}.items()}
    raw.update({name: "" for name in LEGAL_MEANINGS}, **LEGAL_CONTEXT.get(kind, {}))
    raw["article"] = DEFAULT_ARTICLES[kind]
    raw["title"] = label(kind)
    raw["number"] = f"武人社{NUMBER_WORDS[kind]}〔2026〕1号"
    raw["persons"] = _SAMPLE_PERSONS
    if kind not in CREDIT_KINDS:
        raw["workers"] = _SAMPLE_WORKERS
    return {key: _format(key, value) for key, value in raw.items()}


# --- rendering ------------------------------------------------------------------------------


def _environment() -> ImmutableSandboxedEnvironment:
    # Fresh each time: docxtpl sets attributes on the environment it is given.
    return ImmutableSandboxedEnvironment(autoescape=True)


def render(source: bytes, context: dict[str, Any]) -> bytes:
    """The template `source` (.docx bytes) filled with `context`, as .docx bytes on A4 paper
    (an uploaded template on other paper is set to A4 with the standard's margins: page.fit)."""
    template = DocxTemplate(BytesIO(source))
    template.render(context, jinja_env=_environment(), autoescape=True)
    page.fit(template.docx)
    out = BytesIO()
    template.save(out)
    return out.getvalue()


@functools.cache
def builtin_template(kind: str) -> bytes:
    """The default .docx of `kind`, with Jinja tags (built in code, see documents.builtin)."""
    return builtin.build(DocumentKind(kind))


def current_template(agency: Agency, kind: str) -> DocumentTemplate | None:
    """The agency's newest upload of `kind`, or None when the built-in one is in use."""
    return (
        DocumentTemplate.objects.filter(agency=agency, kind=kind)
        .select_related("uploaded_by")
        .first()
    )


def _read(upload: Any) -> bytes:
    if isinstance(upload, bytes | bytearray):
        return bytes(upload)
    if getattr(upload, "size", 0) and upload.size > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            {"file": _("模板文件不能超过 %(v)s MB") % {"v": MAX_TEMPLATE_BYTES // 2**20}}
        )
    upload.seek(0)
    return upload.read(MAX_TEMPLATE_BYTES + 1)


def _check_package(data: bytes) -> None:
    if not data:
        raise ValidationError({"file": _("请选择模板文件")})
    if len(data) > MAX_TEMPLATE_BYTES:
        raise ValidationError(
            {"file": _("模板文件不能超过 %(v)s MB") % {"v": MAX_TEMPLATE_BYTES // 2**20}}
        )
    not_docx = ValidationError(
        {"file": _("模板应为 Word 文档（.docx），不支持 .doc、.docm 或其他格式")}
    )
    try:
        with zipfile.ZipFile(BytesIO(data)) as package:
            infos = package.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                raise ValidationError({"file": _("模板文件解压后过大")})
            names = {info.filename for info in infos}
            if "word/document.xml" not in names or "[Content_Types].xml" not in names:
                raise not_docx
            types = package.read("[Content_Types].xml").decode("utf-8", "replace")
    except zipfile.BadZipFile:
        raise not_docx from None
    # A macro-enabled document (.docm) declares a different main part.
    if "wordprocessingml.document.main+xml" not in types:
        raise not_docx


def validate_template(kind: str, upload: Any) -> bytes:
    """The bytes of an uploaded template that is a real .docx, uses only known placeholders, and
    renders with a sample context; otherwise ValidationError naming `file`."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("请选择有效的文书种类")})
    data = _read(upload)
    _check_package(data)
    allowed = set(COMMON) | set(EXTRA) | set(LEGAL_MEANINGS) | {"kind"}
    if kind not in CREDIT_KINDS:
        allowed |= set(WORKER_FIELDS)
    try:
        template = DocxTemplate(BytesIO(data))
        used = template.get_undeclared_template_variables(_environment())
    except Exception as exc:  # any failure to parse is a bad template
        raise ValidationError(
            {"file": _("模板中的标记有误，无法解析：%(exc)s") % {"exc": exc}}
        ) from None
    unknown = sorted(set(used) - allowed)
    if unknown:
        hint = "（失信类文书以单位为对象，不列劳动者）" if "workers" in unknown else ""
        raise ValidationError(
            {
                "file": _("模板使用了未知的占位符：%(join)s%(hint)s")
                % {"join": "、".join(unknown), "hint": hint}
            }
        )
    try:
        Document(BytesIO(render(data, _sample_context(kind))))
    except Exception as exc:  # whatever fails, the upload is refused
        raise ValidationError(
            {"file": _("模板无法用示例数据生成文书：%(exc)s") % {"exc": exc}}
        ) from None
    return data


def upload_template(user: User, kind: str, upload: Any) -> DocumentTemplate:
    """Stores a checked template as the agency's current one for `kind`; audited."""
    if not user.can("change", TEMPLATE_MODEL) or user.agency_id is None:
        raise PermissionDenied(_("您的角色不能修改文书模板"))
    data = validate_template(kind, upload)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        row = DocumentTemplate(agency=user.agency, kind=kind, sha256=digest, uploaded_by=user)
        row.file.save(f"{digest[:32]}.docx", ContentFile(data), save=False)
        row.save()
        audit.record(
            "case.template.upload",
            obj=row,
            actor=user,
            after={"agency": row.agency_id, "kind": kind, "sha256": digest, "size": len(data)},
        )
    return row


def _today() -> dt.date:
    return timezone.localdate()


# Where the number will be: a preview is rendered with this, and takes no number.
PENDING_NUMBER = "（文号待编）"


@dataclass(frozen=True)
class Preview:
    """A document rendered as it would be issued, but with PENDING_NUMBER for its number: what
    the official reads before confirming. Nothing is stored and no number is taken."""

    kind: str
    title: str
    day: dt.date
    context: dict[str, Any]
    data: bytes
    template: DocumentTemplate | None

    number = PENDING_NUMBER

    @property
    def paragraphs(self) -> list[str]:
        """The document's text as read back from the .docx: each paragraph, then each table
        row as its cells joined by tabs (the workers' table), in the body's order."""
        docx = Document(BytesIO(self.data))
        lines: list[str] = []
        for block in docx.element.body.iterchildren():
            if block.tag.endswith("}p"):
                text = "".join(node.text or "" for node in block.iter() if node.tag.endswith("}t"))
                lines.append(text)
            elif block.tag.endswith("}tbl"):
                for row in block.iter():
                    if row.tag.endswith("}tr"):
                        cells = [
                            "".join(t.text or "" for t in cell.iter() if t.tag.endswith("}t"))
                            for cell in row.iterchildren()
                            if cell.tag.endswith("}tc")
                        ]
                        lines.append("\t".join(cells))
        return [line for line in lines if line.strip()]

    @property
    def download_name(self) -> str:
        return f"预览-{self.title}.docx"


def _document_day(extra: dict) -> dt.date:
    """`extra["issued_on"]` (removed from `extra`), else today."""
    day = extra.pop("issued_on", None) or _today()
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date()
    if not isinstance(day, dt.date):
        raise ValidationError({"issued_on": _("文书日期应为日期")})
    return day


def _fill(
    case: EnforcementCase, kind: str, number: str, day: dt.date, extra: dict
) -> tuple[dict[str, Any], DocumentTemplate | None, bytes]:
    """The context, the template used and the rendered .docx of one document."""
    # An official document is written in Chinese whatever the issuer's page language: the
    # title and the citations (core.legal prints English on English pages) included.
    with translation.override(settings.LANGUAGE_CODE):
        context = build_context(case, kind, number, day, extra)
    template = current_template(case.agency, kind)
    if template is not None:
        with template.file.open("rb") as handle:
            source = handle.read()
    else:
        source = builtin_template(kind)
    return context, template, render(source, context)


def preview(case: EnforcementCase, kind: str, extra: dict | None = None) -> Preview:
    """The document `issue` would make from the same arguments, numbered PENDING_NUMBER: no
    number is taken, nothing is stored or recorded (the caller checks the permission)."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("请选择有效的文书种类")})
    extra = dict(extra or {})
    day = _document_day(extra)
    context, template, data = _fill(case, kind, PENDING_NUMBER, day, extra)
    return Preview(kind, label(kind), day, context, data, template)


def issue(
    case: EnforcementCase, kind: str, user: User | None, extra: dict | None = None
) -> CaseDocument:
    """Numbers, renders, stores and records one document of `kind` on `case`. Call inside the
    transaction of the service that takes the measure (it checks the permission); the number is
    taken from the case's agency's (kind, year) sequence and is never given again.
    `extra["issued_on"]` (a date) is the document's date, and so its number's year, when a
    measure is recorded after the day it was taken; otherwise today. The page shows `preview`
    first; this is the confirmation.

    The file and the transaction. The document is rendered in memory; the file is written as the
    last step before the row, history and audit, and deleted at once if any of these fails. A
    committed row therefore always has its file (the file is written before the commit; writing
    it on commit would lose it to a crash between the two). What this function cannot see is
    the caller's transaction rolling back later (Django has no on-rollback hook): that leaves a
    file no row names, holding workers' names. `cases.documents.sweep.sweep_files`
    (`wageguard manage cases sweep-files`, scheduled hourly) deletes such files once they are
    an hour old, an age no open transaction reaches; a file is never served without its row,
    so until then nobody can download it."""
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("请选择有效的文书种类")})
    extra = dict(extra or {})
    day = _document_day(extra)
    with transaction.atomic():
        serial, number = next_number(case.agency, kind, day.year)
        context, template, data = _fill(case, kind, number, day, extra)
        digest = hashlib.sha256(data).hexdigest()
        document = CaseDocument(
            case=case,
            agency=case.agency,
            kind=kind,
            year=day.year,
            serial=serial,
            number=number,
            size=len(data),
            sha256=digest,
            template=template,
            context=jsonable(context),
            generated_by=user,
        )
        document.file.save(f"{digest[:32]}.docx", ContentFile(data), save=False)
        try:
            document.save()
            CaseHistory.write(
                case,
                "document",
                user,
                case.state,
                note=number,
                data={"document": document.pk, "kind": kind, "number": number},
            )
            audit.record(
                "case.document",
                obj=case,
                actor=user,
                after={"document": document.pk, "number": number, "kind": kind, "sha256": digest},
            )
        except BaseException:
            # This block rolls back: the file it wrote must not stay behind.
            document.file.storage.delete(document.file.name)
            raise
    return document


def download_name(document: CaseDocument) -> str:
    """武人社监令〔2026〕12号劳动保障监察责令改正指令书.docx"""
    return f"{document.number}{label(document.kind)}.docx"
