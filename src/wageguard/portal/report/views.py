"""反映欠薪 in four short pages (GOV.UK's "one thing per page"): what happened, where, who you are,
check and send. Every POST answers with a redirect (303) and every page is a GET, so Back and
reload never ask to resend a form; a refused step keeps what was typed and its errors in the
session draft and shows them on the GET. No JavaScript is needed; `report.js` only moves the
focus to the error summary and to the field a summary link names.

The final send validates the whole draft with the one `ReportForm` and stores it through
`portal.services.submit` (the intake service), behind the same per-client rate limit and the same
one-use nonce against a double tap as the one-page form it replaces. The clue just sent is then
remembered in the session under the key the tracking page reads, so "查看我的线索" opens it.
"""

import contextlib
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.datastructures import MultiValueDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from wageguard.clues.models import Clue, ClueSettings
from wageguard.core.middleware import small_body
from wageguard.core.throttle import allow

from .. import services
from ..forms import ReportForm
from ..track.views import SESSION_KEY
from ..views import NONCE_SECONDS, _nonce_key, client_address
from . import draft as drafts
from .forms import QUESTIONS, SECTOR_CHOICES, StepForm, WhatForm, WhereForm, WhoForm


@dataclass(frozen=True)
class Step:
    slug: str
    title: str | Promise
    form: type[StepForm]
    template: str


STEPS: tuple[Step, ...] = (
    Step("what", _("发生了什么"), WhatForm, "portal/report/what.html"),
    Step("where", _("在哪里"), WhereForm, "portal/report/where.html"),
    Step("who", _("您是谁"), WhoForm, "portal/report/who.html"),
)
TOTAL = len(STEPS) + 1  # the check page is the last step
BY_SLUG = {step.slug: step for step in STEPS}
# Which step holds each `ReportForm` field, to send a refused final check back to it.
STEP_OF = {name: step.slug for step in STEPS for name in step.form.fields_here}
STEP_OF.update({"period_start": "what", "period_end": "what"})
TARGET = {"period_start": "period_start_year", "period_end": "period_end_year"}


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303  # the browser follows a POST's answer with a GET
    return response


def _step_url(slug: str) -> str:
    return reverse(f"portal:report-{slug}")


def _first_missing(draft: drafts.Draft | None, before: int = len(STEPS)) -> Step | None:
    done = draft.done if draft else []
    return next((step for step in STEPS[:before] if step.slug not in done), None)


def _summary(form) -> list[dict]:
    """The error summary: each message with a link to the input it is about (GOV.UK pattern)."""
    items = [{"message": m, "href": ""} for m in form.non_field_errors()]
    for name, errors in form.errors.items():
        if name == "__all__":
            continue
        anchor = f"#id_{name}_0" if name == "sector" else f"#id_{name}"
        items.extend({"message": m, "href": anchor} for m in errors)
    return items


@never_cache
def start(request: HttpRequest) -> HttpResponse:
    """/report/: the first step; a report begun shows its saved answers there."""
    return HttpResponseRedirect(_step_url("what"))


@never_cache
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, slug: str) -> HttpResponse:
    """One step of the report: GET shows it (with the refused input, if any); POST saves it."""
    current = BY_SLUG.get(slug)
    if current is None:
        raise Http404
    index = STEPS.index(current)
    draft = drafts.load(request)
    missing = _first_missing(draft, index)
    if missing is not None:  # a step skipped (an old bookmark, a fresh session)
        return _see_other(_step_url(missing.slug))
    if request.method == "POST":
        return _save_step(request, current, drafts.load_or_new(request))
    return _show_step(request, current, index, draft or drafts.Draft())


def _form_for(step_: Step, draft: drafts.Draft, kept: list, **kwargs) -> StepForm:
    extra = {"kept": kept} if step_.form is WhatForm else {}
    return step_.form(saved=draft.values, **extra, **kwargs)


def _show_step(request: HttpRequest, step_: Step, index: int, draft: drafts.Draft) -> HttpResponse:
    pending = draft.pending if draft.pending.get("step") == step_.slug else {}
    kept = drafts.reopen(draft) if step_.form is WhatForm else []
    try:
        if pending and not pending.get("quiet"):
            form = _form_for(step_, draft, kept, data=pending["data"])
            form.is_valid()
            for name, messages in pending.get("errors", {}).items():
                target = name if name in form.fields else None
                shown = form.errors.get(target or "__all__", [])
                new = [m for m in messages if m not in shown]  # the input gave it again
                if new:
                    form.add_error(target, new)
        else:
            initial = {**draft.values, **pending.get("data", {})}
            form = _form_for(step_, draft, kept, initial=initial)
    finally:
        for file in kept:
            file.close()
    context = {
        "form": form,
        "step": step_,
        "number": index + 1,
        "total": TOTAL,
        "back": _step_url(STEPS[index - 1].slug) if index else reverse("public-home"),
        "summary": [{"message": m, "href": ""} for m in pending.get("refusal", [])]
        + (_summary(form) if form.is_bound else []),
        "held": draft.files,
        "preview": pending.get("preview"),
        "questions": QUESTIONS,
    }
    return render(request, step_.template, context)


def _save_step(request: HttpRequest, step_: Step, draft: drafts.Draft) -> HttpResponse:
    here = _step_url(step_.slug)
    # Counted before the body is read, like the final send: an over-limit client's photos are
    # never parsed.
    big = not small_body(request)
    if big and not allow(f"public-intake:{client_address(request)}"):
        refusal = [str(_("提交过于频繁，请稍后再试"))]
        draft.pending = {"step": step_.slug, "data": {}, "quiet": True, "refusal": refusal}
        drafts.save(request, draft)
        return _see_other(here)
    posted = {k: v for k, v in request.POST.items() if k != "csrfmiddlewaretoken"}
    if "remove_file" in request.POST:  # 删除 a photo, without checking the rest yet
        with contextlib.suppress(ValueError):
            drafts.release(draft, int(request.POST["remove_file"]))
        draft.pending = {"step": step_.slug, "data": posted, "quiet": True}
        drafts.save(request, draft)
        return _see_other(here)
    if "check_route" in request.POST:  # the no-JavaScript routing preview
        preview = _preview(request, posted.get("work_address", ""))
        draft.pending = {"step": step_.slug, "data": posted, "quiet": True, "preview": preview}
        drafts.save(request, draft)
        return _see_other(here)
    kept = drafts.reopen(draft) if step_.form is WhatForm else []
    try:
        form = _form_for(step_, draft, kept, data=request.POST, files=request.FILES)
        valid = form.is_valid()
    finally:
        for file in kept:
            file.close()
    if step_.form is WhatForm and "attachments" not in form.errors:
        for uploaded in form.cleaned_data.get("attachments") or []:
            drafts.hold(draft, uploaded)  # kept even when another field is refused
    if not valid:
        # The form's own errors come back when the GET validates the same input again; only
        # those the input cannot reproduce (the files, which are not re-sent) travel as text.
        draft.pending = {"step": step_.slug, "data": posted, "errors": {}}
        if "attachments" in form.errors:
            draft.pending["errors"]["attachments"] = [str(m) for m in form.errors["attachments"]]
        drafts.save(request, draft)
        return _see_other(here)
    draft.values.update(form.values())
    if step_.slug not in draft.done:
        draft.done.append(step_.slug)
    draft.pending = {}
    if step_.form is WhereForm:
        draft.routing = _preview(request, draft.values.get("work_address", "")) or {}
    drafts.save(request, draft)
    following = _first_missing(draft)
    return _see_other(_step_url(following.slug) if following else reverse("portal:report-check"))


def _preview(request: HttpRequest, address: str) -> dict | None:
    """The bureau that will handle this address, as plain strings for the session."""
    if not allow(f"public-route:{client_address(request)}"):
        return {"error": str(_("查询过于频繁，请稍后再试"))}
    found = services.preview(address)
    if found is None:
        return None
    return {
        "result": {
            "region_name": found.region_name,
            "agency_name": found.agency_name,
            "county": found.county,
            "note": found.note,
        }
    }


def _answers(draft: drafts.Draft) -> list[dict]:
    """The rows of the check page: question, answer in words, and the link to change it."""
    values = draft.values
    sectors = dict(SECTOR_CHOICES)

    def month(name: str) -> str:
        value = values.get(name, "")
        if not value:
            return ""
        year, _sep, number = value.partition("-")
        return str(_("{year} 年 {month} 月")).format(year=year, month=int(number))

    def row(name: str, answer: Callable[[], str] | str, anchor: str | None = None) -> dict:
        text = answer() if callable(answer) else answer
        slug = STEP_OF[name]
        return {
            "name": name,
            "question": QUESTIONS[name].label,
            "answer": text,
            "href": f"{_step_url(slug)}#id_{anchor or name}",
        }

    amount = values.get("amount_owed", "")
    rows = [
        row("sector", lambda: sectors.get(values.get("sector", ""), ""), "sector_0"),
        row("amount_owed", lambda: str(_("{amount} 元")).format(amount=amount) if amount else ""),
        row("period_start", lambda: month("period_start"), "period_start_year"),
        row("period_end", lambda: month("period_end"), "period_end_year"),
        row("workers_owed", values.get("workers_owed", "")),
        row("description", values.get("description", "")),
        row("attachments", "、".join(f["name"] for f in draft.files)),
        row("work_address", values.get("work_address", "")),
        row("employer_name", values.get("employer_name", "")),
        row("project_name", values.get("project_name", "")),
        row("employer_credit_code", values.get("employer_credit_code", "")),
        row("reporter_name", values.get("reporter_name", "")),
        row("phone", values.get("phone", "")),
        row("id_number", values.get("id_number", "")),
        row(
            "disclose_identity",
            lambda: str(_("可以") if values.get("disclose_identity") else _("不可以")),
        ),
    ]
    return rows


@never_cache
@require_http_methods(["GET", "POST"])
def check(request: HttpRequest) -> HttpResponse:
    """核对并提交: every answer with a 修改 link to its step, then one button to send."""
    draft = drafts.load(request)
    missing = _first_missing(draft)
    if draft is None or missing is not None:
        if request.method == "GET" and draft is None and drafts.done(request):
            return _see_other(reverse("portal:report-done"))  # Back after sending
        return _see_other(_step_url(missing.slug if missing else "what"))
    if request.method == "POST":
        return _send(request, draft)
    refusal = None
    if draft.pending.get("step") == "check":
        refusal = draft.pending.get("errors", {}).get("__all__")
    return render(
        request,
        "portal/report/check.html",
        {
            "answers": _answers(draft),
            "routing": draft.routing,
            "accept_days": ClueSettings.for_province().accept_days,
            "number": TOTAL,
            "total": TOTAL,
            "back": _step_url(STEPS[-1].slug),
            "summary": [{"message": m, "href": ""} for m in refusal or []],
        },
    )


def _refuse_at_check(request: HttpRequest, draft: drafts.Draft, message) -> HttpResponse:
    draft.pending = {"step": "check", "errors": {"__all__": [str(message)]}}
    drafts.save(request, draft)
    return _see_other(reverse("portal:report-check"))


def _back_to_step(request: HttpRequest, draft: drafts.Draft, errors: dict) -> HttpResponse:
    """A refusal at the final check (a province setting changed meanwhile, the intake service
    said no): the step holding the first refused field shows it, with the saved input."""
    named = [name for name in errors if name in STEP_OF]
    if not named:
        return _refuse_at_check(request, draft, " ".join(m for ms in errors.values() for m in ms))
    slug = STEP_OF[named[0]]
    mine = {TARGET.get(n, n): [str(m) for m in errors[n]] for n in named if STEP_OF[n] == slug}
    if slug in draft.done:  # the later steps stay done: after the fix, back to the check
        draft.done.remove(slug)
    draft.pending = {"step": slug, "data": _step_data(draft, slug), "errors": mine}
    drafts.save(request, draft)
    return _see_other(_step_url(slug))


def _step_data(draft: drafts.Draft, slug: str) -> dict:
    names = BY_SLUG[slug].form.fields_here
    return {n: draft.values[n] for n in names if n in draft.values and draft.values[n] != ""}


def _report_data(draft: drafts.Draft) -> dict:
    names = set(ReportForm.base_fields) - {"attachments", "nonce"}
    data = {n: draft.values.get(n, "") for n in names}
    if not data.get("disclose_identity"):
        data.pop("disclose_identity", None)
    data["nonce"] = draft.nonce
    return data


def _send(request: HttpRequest, draft: drafts.Draft) -> HttpResponse:
    # Counted before anything is validated or stored, as for the one-page form and the API.
    if not allow(f"public-intake:{client_address(request)}"):
        return _refuse_at_check(request, draft, _("提交过于频繁，请稍后再试"))
    files = drafts.reopen(draft)
    try:
        form = ReportForm(_report_data(draft), MultiValueDict({"attachments": files}))
        if not form.is_valid():
            return _back_to_step(request, draft, form.errors)
        nonce = draft.nonce
        if not cache.add(_nonce_key(nonce), "", NONCE_SECONDS):
            earlier = cache.get(_nonce_key(nonce))
            return render(
                request, "portal/resubmitted.html", {"tracking_code": earlier}, status=409
            )
        try:
            result, stored = services.submit(form.intake_data, form.cleaned_data["attachments"])
        except ValidationError as exc:
            cache.delete(_nonce_key(nonce))
            return _back_to_step(request, draft, exc.message_dict)
        except BaseException:
            cache.delete(_nonce_key(nonce))
            raise
    finally:
        for file in files:
            file.close()
    cache.set(_nonce_key(nonce), result.clue.tracking_code, NONCE_SECONDS)
    drafts.forget(request, draft)
    request.session.cycle_key()
    # The same key the tracking page reads: "查看我的线索" opens this clue without retyping.
    request.session[SESSION_KEY] = result.clue.pk
    drafts.remember_done(
        request, result.clue.pk, result.secret or "", [a.original_name for a in stored]
    )
    return _see_other(reverse("portal:report-done"))


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    """已收到: the code (and, for a while, the password) of the clue this browser just sent."""
    sent = drafts.done(request)
    # Once the worker ended the lookup on a shared phone (退出查询), this page forgets too.
    if sent is None or request.session.get(SESSION_KEY) != sent["pk"]:
        return HttpResponseRedirect(reverse("portal:submit"))
    clue = Clue.objects.select_related("agency").filter(pk=sent["pk"]).first()
    if clue is None:
        return HttpResponseRedirect(reverse("portal:submit"))
    return render(
        request,
        "portal/report/done.html",
        {
            "clue": clue,
            "secret": sent["secret"],
            "attachments": sent["names"],
            "agency_name": clue.agency.name if clue.agency_id else "",
        },
    )
