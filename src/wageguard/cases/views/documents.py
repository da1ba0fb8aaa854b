"""Staff pages for numbered documents: downloading a case's stored document, and the agency's
template page (which template each kind uses, downloads, uploads, the placeholders).

A document is only reachable through its case, read with `EnforcementCase.objects.restrict`, so
another jurisdiction's document is a 404. Templates belong to the viewer's own agency; nobody
sees or changes another agency's. Every download and upload is audited.
"""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wageguard.core import audit
from wageguard.core.files import served_name
from wageguard.core.forms import Form
from wageguard.org.rules import sees_personal_data

from .. import documents
from ..models import CaseDocument, DocumentTemplate, Evidence
from ..rules import NUMBER_WORDS, DocumentKind
from .common import get_case


class TemplateUploadForm(Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("文书种类"),
        choices=DocumentKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    file = forms.FileField(
        label=gettext_lazy("模板文件（.docx）"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx"}),
    )


def _require(request: HttpRequest, action: str) -> None:
    if not request.user.can(action, documents.TEMPLATE_MODEL):
        raise PermissionDenied


def _kind(kind: str) -> str:
    if kind not in DocumentKind.values:
        raise Http404
    return kind


def _docx(data: Any, filename: str) -> HttpResponse:
    """A .docx as an attachment: a stored file streamed, a template (at most a few MB) whole."""
    if isinstance(data, bytes):
        response = HttpResponse(data, content_type=documents.DOCX_TYPE)
        response["Content-Disposition"] = content_disposition_header(True, filename)
    else:
        response = FileResponse(
            data, as_attachment=True, filename=filename, content_type=documents.DOCX_TYPE
        )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def document_file(request: HttpRequest, pk: int, doc_id: int) -> FileResponse:
    """The stored file exactly as generated (its hash is on record); audited. A document that
    lists workers only for roles with need to know (`documents.lists_workers`)."""
    case = get_case(request, pk)
    document = get_object_or_404(CaseDocument.objects.filter(case=case), pk=doc_id)
    if documents.lists_workers(document.kind) and not sees_personal_data(request.user):
        raise PermissionDenied(_("该文书列有劳动者姓名等个人信息，仅限承办人员下载"))
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record(
        "case.document.download",
        obj=case,
        actor=request.user,
        after={"document": document.pk, "number": document.number},
    )
    return _docx(handle, documents.download_name(document))


@login_required
def document_receipt(request: HttpRequest, pk: int, doc_id: int) -> HttpResponse:
    """送达回证 of a document of a case the viewer may see: blank for the server to carry before
    service is recorded, filled with the record after (documents.receipt); audited."""
    case = get_case(request, pk)
    document = get_object_or_404(
        CaseDocument.objects.filter(case=case).select_related("agency", "case__employer"),
        pk=doc_id,
    )
    audit.record(
        "case.document.receipt",
        obj=case,
        actor=request.user,
        after={
            "document": document.pk,
            "number": document.number,
            "served": document.served_on is not None,
        },
    )
    return _docx(documents.receipt.build(document), documents.receipt.download_name(document))


def _current_by_kind(agency) -> dict[str, tuple[DocumentTemplate, int]]:
    """kind -> (newest upload, number of uploads) for the agency, in one query."""
    out: dict[str, tuple[DocumentTemplate, int]] = {}
    rows = DocumentTemplate.objects.filter(agency=agency).select_related("uploaded_by")
    for row in rows:  # newest first (Meta.ordering)
        current, count = out.get(row.kind, (row, 0))
        out[row.kind] = (current, count + 1)
    return out


def _help_text() -> list[tuple[str, str]]:
    """(explanation, tag example) lines; the tags stay out of the translated strings."""
    return [
        (_("模板为 Word 文档（.docx）。建议先下载内置模板，在 Word 中修改文字和格式后上传。"), ""),
        (_("占位符："), "{{ employer_name }}"),
        (_("按条件显示一整段（标记各占一段）："), "{%p if deadline %} … {%p endif %}"),
        (
            _("表格中逐行列出劳动者（标记各占一行）："),
            "{%tr for w in workers %} {{ w.name }} {{ w.amount_owed }} {%tr endfor %}",
        ),
        (
            _(
                "上传时用示例数据试生成一次：不是 .docx、标记有误或使用未知占位符的文件不会被采用。"
                "失信类文书以单位为对象，不提供劳动者名单。"
            ),
            "",
        ),
        (_("新模板只用于之后生成的文书；已生成的文书保持原样、原文号。"), ""),
    ]


@login_required
def templates_page(request: HttpRequest) -> HttpResponse:
    """文书模板: the viewer's agency's template per kind, with upload for those who may change."""
    _require(request, "view")
    user = request.user
    agency = user.agency
    can_change = user.can("change", documents.TEMPLATE_MODEL) and agency is not None
    form = TemplateUploadForm()
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = TemplateUploadForm(request.POST, request.FILES)
        if form.is_valid():
            kind = form.cleaned_data["kind"]
            try:
                documents.upload_template(user, kind, form.cleaned_data["file"])
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request, _("已采用新的%(label)s模板") % {"label": documents.label(kind)}
                )
                return redirect("cases:templates")
    current = _current_by_kind(agency) if agency is not None else {}
    rows = []
    for kind, label in DocumentKind.choices:
        template, count = current.get(kind, (None, 0))
        rows.append(
            {
                "kind": kind,
                "label": label,
                "number_word": NUMBER_WORDS[kind],
                "template": template,
                "uploads": count,
                "placeholders": [
                    ("{{ " + name + " }}", meaning)
                    for name, meaning in documents.placeholders(kind)
                ],
            }
        )
    return render(
        request,
        "cases/templates.html",
        {
            "agency": agency,
            "rows": rows,
            "form": form,
            "can_change": can_change,
            "help_text": _help_text(),
        },
        status=400 if form.errors else 200,
    )


@login_required
def template_builtin(request: HttpRequest, kind: str) -> HttpResponse:
    """The built-in template of `kind`, the starting point for an agency's own."""
    _require(request, "view")
    kind = _kind(kind)
    audit.record(
        "case.template.download", actor=request.user, after={"kind": kind, "builtin": True}
    )
    return _docx(
        documents.builtin_template(kind),
        _("内置模板-%(label)s.docx") % {"label": documents.label(kind)},
    )


@login_required
def template_current(request: HttpRequest, kind: str) -> HttpResponse:
    """The template the viewer's agency uses now for `kind` (its upload, else the built-in)."""
    _require(request, "view")
    kind = _kind(kind)
    agency = request.user.agency
    template = documents.current_template(agency, kind) if agency is not None else None
    label = documents.label(kind)
    audit.record(
        "case.template.download",
        obj=template,
        actor=request.user,
        after={"kind": kind, "builtin": template is None},
    )
    if template is None:
        return _docx(
            documents.builtin_template(kind), _("内置模板-%(label)s.docx") % {"label": label}
        )
    try:
        with template.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise Http404 from None
    return _docx(data, _("本机关模板-%(label)s.docx") % {"label": label})


@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_id: int) -> FileResponse:
    """Streams an evidence file to staff who may see the case and have need to know (it may be
    a photo of an ID card or a payslip); never by a public URL."""
    case = get_case(request, pk)
    if not sees_personal_data(request.user):
        raise PermissionDenied(_("证据附件可能含有身份证件等个人信息，仅限承办人员查看"))
    item = get_object_or_404(Evidence.objects.filter(case=case).exclude(file=""), pk=evidence_id)
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    audit.record("case.evidence", obj=case, actor=request.user, after={"evidence": item.pk})
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=served_name(
            item.original_name or item.file.name.rsplit("/", 1)[-1], item.content_type
        ),
        content_type=item.content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
