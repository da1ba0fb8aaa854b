"""The page of a province's configurable rules (办理参数): visible to all staff, changed only by the
province's administrator (DOMAIN: configurable rules are shown in the UI, never hidden in code).
One view serves every app's settings row; each app keeps its form, its template's title and its
explanation of the legal limits."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from wageguard.core import audit


def province_settings_page(
    request: HttpRequest,
    form_class: type[ModelForm],
    *,
    template: str,
    audit_action: str,
    saved_message: str,
    done_url: str,
    extra: dict | None = None,
) -> HttpResponse:
    """Shows the province's row in `form_class` (disabled for those who may not change it) and
    saves a valid POST with its before/after in the audit log, in one transaction. `extra`: what
    else the app's page shows beside the row (the clue page's reply templates)."""
    model = form_class._meta.model
    fields = list(form_class._meta.fields)
    # A fresh row: the form writes into its instance even when invalid, and the memo is shared.
    row = model.objects.get(pk=model.for_province().pk)
    can_change = request.user.may_change_province_wide(model._meta.label_lower)
    form = form_class(request.POST if request.method == "POST" else None, instance=row)
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        if form.is_valid():
            with transaction.atomic():
                before = audit.snapshot(model.objects.get(pk=row.pk), fields)
                saved = form.save()
                audit.record(
                    audit_action,
                    obj=saved,
                    actor=request.user,
                    before=before,
                    after=audit.snapshot(saved, fields),
                )
            messages.success(request, saved_message)
            return redirect(done_url)
    context = {"form": form, "row": row, "can_change": can_change, **(extra or {})}
    return render(request, template, context)
