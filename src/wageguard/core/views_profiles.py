"""导入配置 pages: the profiles a user may use, and making one from a sample file: the file's
headers are read, each column of the importer gets a select of those headers (the one its
aliases match chosen already), and the choice is saved as the profile's mapping
(`core.profiles`)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from . import imports, profiles
from .forms import Form
from .models import ImportProfile
from .tables import Column, kind_of, read_header

PREFIX = "col_"


def _matches(column: Column, header: str) -> bool:
    names = {h.strip().lower() for h in (*column.headers, column.field)}
    return header.strip().lower() in names


class ProfileForm(Form):
    """Name, bank and an optional sample file; then one select per importer column, whose
    choices are the headers of the sample (kept between posts in `headers`)."""

    kind = forms.ChoiceField(label=_l("导入类型"))
    name = forms.CharField(label=_l("配置名称"), max_length=profiles.NAME_MAX)
    bank = forms.CharField(label=_l("银行"), max_length=100, required=False)
    sample = forms.FileField(
        label=_l("样例文件（.xlsx 或 .csv）"),
        required=False,
        help_text=_l("上传该银行导出的文件（只读取第一行列名，不导入数据）。"),
    )
    headers = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20000)

    def __init__(
        self,
        *args: Any,
        user: Any,
        profile: ImportProfile | None = None,
        kind: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.profile = profile
        kinds = profiles.usable_kinds(user)
        self.fields["kind"].choices = [(k, imports.IMPORTERS.get(k).label) for k in kinds]
        if profile is not None:
            del self.fields["kind"]
            self.kind = profile.kind
        else:
            chosen = self.data.get("kind") if self.is_bound else kind
            self.kind = chosen if chosen in kinds else (kinds[0] if kinds else "")
            self.fields["kind"].initial = self.kind
        for name in ("name", "bank"):
            self.fields[name].widget.attrs["class"] = "form-control"
        self.fields["sample"].widget.attrs.update({"class": "form-control", "accept": ".xlsx,.csv"})
        if "kind" in self.fields:
            self.fields["kind"].widget.attrs["class"] = "form-select"
        self.header_list = self._headers()
        self.columns = imports.IMPORTERS.get(self.kind).columns if self.kind else ()
        if self.header_list:
            choices = [("", _("（不读取）"))] + [(h, h) for h in self.header_list]
            current = dict(profile.mapping) if profile is not None else {}
            if self.is_bound and not self.sample_only:
                current = {}
            for column in self.columns:
                initial = current.get(column.field, "")
                if initial not in self.header_list:
                    initial = next((h for h in self.header_list if _matches(column, h)), "")
                self.fields[PREFIX + column.field] = forms.ChoiceField(
                    label=column.title,
                    choices=choices,
                    required=False,
                    initial=initial,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
        carried = json.dumps(self.header_list, ensure_ascii=False)
        self.fields["headers"].initial = carried
        if self.sample_only:
            # A new sample: its headers to choose from, each column's match chosen already.
            self.data = self.data.copy()
            self.data["headers"] = carried
            for column in self.columns:
                name = PREFIX + column.field
                if name in self.fields:
                    self.data[name] = self.fields[name].initial

    def _headers(self) -> list[str]:
        """The sample's headers: from this post's file, else carried in `headers`, else (edit)
        the stored mapping's."""
        upload = self.files.get("sample") if self.is_bound else None
        if upload is not None:
            try:
                return read_header(upload, kind_of(upload.name or ""))
            except ValidationError as exc:
                self.sample_error = exc.message_dict.get("file", exc.messages)[0]
                return []
        if self.is_bound and self.data.get("headers"):
            try:
                carried = json.loads(self.data["headers"])
            except ValueError:
                carried = []
            if isinstance(carried, list):
                return [str(h)[: profiles.HEADER_MAX] for h in carried if str(h).strip()][:200]
        if self.profile is not None:
            return list(dict.fromkeys(self.profile.mapping.values()))
        return []

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if getattr(self, "sample_error", ""):
            self.add_error("sample", self.sample_error)
        elif self.data.get("read") and self.files.get("sample") is None:
            self.add_error("sample", _("请选择样例文件"))
        elif not self.header_list:
            self.add_error("sample", _("请上传样例文件，以读取其中的列名"))
        elif self.files.get("sample") is None:
            for column in self.columns:
                if column.required and not data.get(PREFIX + column.field):
                    self.add_error(
                        PREFIX + column.field,
                        _("请选择“%(column)s”对应的列") % {"column": column.title},
                    )
        return data

    @property
    def sample_only(self) -> bool:
        """A post that brought a new sample: show its headers to choose from, save nothing."""
        return self.is_bound and self.files.get("sample") is not None

    def mapping(self) -> dict[str, str]:
        return {
            c.field: self.cleaned_data.get(PREFIX + c.field, "")
            for c in self.columns
            if self.cleaned_data.get(PREFIX + c.field)
        }

    def column_fields(self) -> list[tuple[Any, Column]]:
        """(bound select, its column) for each importer column, once headers are known."""
        names = [(PREFIX + c.field, c) for c in self.columns]
        return [(self[name], c) for name, c in names if name in self.fields]

    def main_fields(self) -> list[Any]:
        return [self[n] for n in ("kind", "name", "bank", "sample") if n in self.fields]

    def refuse(self, exc: ValidationError) -> None:
        """A service's refusal in place: a column's on its select, the rest on the form."""
        for key, errors in exc.message_dict.items():
            name = PREFIX + key if PREFIX + key in self.fields else key
            for error in errors:
                self.add_error(name if name in self.fields else None, error)


def _may_use_any(request: HttpRequest) -> None:
    if not profiles.usable_kinds(request.user):
        raise PermissionDenied


@login_required
def profile_list(request: HttpRequest) -> HttpResponse:
    """The profiles the user may use, by kind; one query for the page whatever its length
    (the owner's name is stored on the row)."""
    _may_use_any(request)
    kind = request.GET.get("kind", "")
    queryset = profiles.visible(request.user, kind or None).order_by("kind", "name", "pk")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    labels = {k: imports.IMPORTERS.get(k).label for k in profiles.usable_kinds(request.user)}
    titles = {k: {c.field: c.title for c in imports.IMPORTERS.get(k).columns} for k in labels}
    rows = [
        {
            "profile": p,
            "label": labels.get(p.kind, p.kind),
            "pairs": [(titles.get(p.kind, {}).get(f, f), h) for f, h in p.mapping.items()],
            "editable": profiles.may_change(request.user, p),
        }
        for p in page.object_list
    ]
    return render(
        request,
        "core/profile_list.html",
        {
            "rows": rows,
            "page_obj": page,
            "query_string": f"kind={kind}&" if kind in labels else "",
            "kinds": labels,
            "kind": kind,
            "may_create": profiles.may_create(request.user),
        },
    )


def _render_form(request: HttpRequest, form: ProfileForm, profile: ImportProfile | None):
    return render(
        request,
        "core/profile_form.html",
        {"form": form, "profile": profile},
        status=422 if form.is_bound and form.errors else 200,
    )


@login_required
def profile_create(request: HttpRequest) -> HttpResponse:
    if not profiles.may_create(request.user):
        raise PermissionDenied
    kind = request.GET.get("kind", "")
    if request.method != "POST":
        return _render_form(request, ProfileForm(user=request.user, kind=kind), None)
    form = ProfileForm(request.POST, request.FILES, user=request.user)
    if form.is_valid() and not form.sample_only:
        try:
            profile = profiles.create(
                request.user,
                kind=form.kind,
                name=form.cleaned_data["name"],
                bank=form.cleaned_data["bank"],
                mapping=form.mapping(),
            )
        except ValidationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("导入配置已保存"))
            return redirect(f"{_list_url()}?kind={profile.kind}")
    return _render_form(request, form, None)


def _list_url() -> str:
    return reverse("imports:profiles")


def _editable(request: HttpRequest, pk: int) -> ImportProfile:
    profile = get_object_or_404(profiles.visible(request.user), pk=pk)
    if not profiles.may_change(request.user, profile):
        raise PermissionDenied(_("只能修改本机构的导入配置"))
    return profile


@login_required
def profile_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = _editable(request, pk)
    if request.method != "POST":
        form = ProfileForm(
            user=request.user,
            profile=profile,
            initial={"name": profile.name, "bank": profile.bank},
        )
        return _render_form(request, form, profile)
    form = ProfileForm(request.POST, request.FILES, user=request.user, profile=profile)
    if form.is_valid() and not form.sample_only:
        try:
            profiles.update(
                profile,
                request.user,
                name=form.cleaned_data["name"],
                bank=form.cleaned_data["bank"],
                mapping=form.mapping(),
            )
        except ValidationError as exc:
            form.refuse(exc)
        else:
            messages.success(request, _("导入配置已保存"))
            return redirect(f"{_list_url()}?kind={profile.kind}")
    return _render_form(request, form, profile)


@login_required
@require_POST
def profile_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Deleting is never refused for the jobs that used the profile: each kept a copy of its
    mapping (`ImportJob.mapping`)."""
    profile = _editable(request, pk)
    kind = profile.kind
    profiles.delete(profile, request.user)
    messages.success(request, _("导入配置已删除"))
    return redirect(f"{_list_url()}?kind={kind}")
