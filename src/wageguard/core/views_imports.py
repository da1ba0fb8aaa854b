"""导入: upload a file of a registered kind, follow its progress, download the refused rows and a
blank template. One set of pages for every importer in `core.imports.IMPORTERS`."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from . import imports, profiles
from .forms import Form
from .models import ImportJob, ImportProfile
from .xlsx import Ledger, download


class UploadForm(Form):
    file = forms.FileField(label=_l("文件（.xlsx 或 .csv）"))
    profile = forms.ModelChoiceField(
        label=_l("导入配置"),
        queryset=ImportProfile.objects.none(),
        required=False,
        empty_label=_l("（无：按标准列名读取）"),
        help_text=_l("文件的列名与模板不同（如银行导出的代发明细）时，选择该银行的导入配置。"),
    )

    def __init__(self, *args, profiles_of=None, **kwargs):
        """`profiles_of`: the profiles the uploader may use for this kind; without any, the
        select is left out."""
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.csv"})
        if profiles_of is None:
            del self.fields["profile"]
        else:
            self.fields["profile"].queryset = profiles_of
            self.fields["profile"].widget.attrs["class"] = "form-select"


def _importer(request: HttpRequest, kind: str) -> imports.Importer:
    if kind not in imports.IMPORTERS:
        raise Http404
    importer = imports.IMPORTERS.get(kind)
    if not request.user.can(*importer.permission):
        raise PermissionDenied
    return importer


@login_required
def upload(request: HttpRequest, kind: str) -> HttpResponse:
    importer = _importer(request, kind)
    usable = profiles.visible(request.user, kind).order_by("name", "pk")
    choices = list(usable)
    may_create = profiles.may_create(request.user, kind)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        profiles_of=usable if choices or may_create else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            job, new = imports.submit(
                kind, form.cleaned_data["file"], request.user, form.cleaned_data.get("profile")
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else "file", message)
        else:
            if not new:
                request.session["import_repeat"] = job.pk
            return redirect("imports:job", pk=job.pk)
    jobs = imports.visible_jobs(request.user).filter(kind=kind)[:10]
    return render(
        request,
        "core/import_upload.html",
        {
            "form": form,
            "importer": importer,
            "kind": kind,
            "jobs": jobs,
            "profiles": choices,
            "may_create_profile": may_create,
        },
        status=422 if form.errors else 200,
    )


def _job(request: HttpRequest, pk: int) -> ImportJob:
    return get_object_or_404(imports.visible_jobs(request.user), pk=pk)


@login_required
def job_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress: the page polls this same URL (htmx) until the job is finished."""
    job = _job(request, pk)
    importer = imports.IMPORTERS.get(job.kind) if job.kind in imports.IMPORTERS else None
    repeat = request.session.pop("import_repeat", None) == job.pk
    template = "core/_import_progress.html" if request.htmx else "core/import_job.html"
    return render(request, template, {"job": job, "importer": importer, "repeat": repeat})


@login_required
def job_errors(request: HttpRequest, pk: int) -> FileResponse:
    job = _job(request, pk)
    if not job.errors_file:
        raise Http404
    response = FileResponse(job.errors_file.open("rb"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(
        True, _("未导入的行-%(name)s.csv") % {"name": job.original_name.rsplit(".", 1)[0]}
    )
    return response


@login_required
def template(request: HttpRequest, kind: str) -> FileResponse:
    """A blank workbook with the columns the importer reads, required ones marked in its name."""
    importer = _importer(request, kind)
    ledger = Ledger(
        str(importer.label), [(c.title, max(12, 2 * len(c.title) + 4)) for c in importer.columns]
    )
    return download(ledger.save(), f"{importer.label}-{_('模板')}")
