"""Public pages for a worker on a cheap phone: submit a clue (tracking it: `portal.track`).

No login and no staff navigation. Every page works without JavaScript (htmx only adds the live
routing preview). No page is cached.
"""

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wageguard.core.middleware import small_body
from wageguard.core.throttle import allow

from . import services
from .forms import ReportForm

NONCE_SECONDS = 24 * 3600


def client_address(request: HttpRequest) -> str:
    # The same key as the public API, so page and API share one limit per client.
    return request.META.get("REMOTE_ADDR", "")


def _nonce_key(nonce: str) -> str:
    return f"portal-nonce:{nonce}"


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest) -> HttpResponse:
    """反映欠薪. The success page is the POST's own answer: the secret is shown once and is not kept
    anywhere to show it again (it was also sent by SMS)."""
    if request.method == "GET":
        return render(request, "portal/report.html", {"form": ReportForm()})
    small = small_body(request)
    if small and "check_route" in request.POST:  # the no-JavaScript routing preview
        return render(
            request,
            "portal/report.html",
            {"form": ReportForm(initial=request.POST.dict()), "preview": _preview(request)},
        )
    # Counted before the body is read: an over-limit client's uploads are never parsed. What
    # was typed is kept on the refusal when reading it is cheap (no attachments).
    if not allow(f"public-intake:{client_address(request)}"):
        form = ReportForm(request.POST) if small else ReportForm()
        return _refused(request, form, _("提交过于频繁，请稍后再试"))
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "portal/report.html", {"form": form}, status=422)
    nonce = form.cleaned_data.get("nonce") or ""
    if nonce and not cache.add(_nonce_key(nonce), "", NONCE_SECONDS):
        earlier = cache.get(_nonce_key(nonce))
        return render(request, "portal/resubmitted.html", {"tracking_code": earlier}, status=409)
    try:
        result, stored = services.submit(form.intake_data, form.cleaned_data["attachments"])
    except ValidationError as exc:
        cache.delete(_nonce_key(nonce))
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return render(request, "portal/report.html", {"form": form}, status=422)
    except BaseException:
        cache.delete(_nonce_key(nonce))
        raise
    if nonce:
        cache.set(_nonce_key(nonce), result.clue.tracking_code, NONCE_SECONDS)
    clue = result.clue
    return render(
        request,
        "portal/submitted.html",
        {
            "clue": clue,
            "secret": result.secret,
            "attachments": stored,
            "agency_name": clue.agency.name,
        },
        status=201,
    )


def _refused(request: HttpRequest, form: ReportForm, message: str) -> HttpResponse:
    """The refusal on the form; a bound form keeps what the worker typed, with its field errors."""
    if form.is_bound:
        form.is_valid()
        form.add_error(None, message)
        return render(request, "portal/report.html", {"form": form}, status=429)
    return render(request, "portal/report.html", {"form": form, "refusal": message}, status=429)


def _preview(request: HttpRequest) -> dict:
    if not allow(f"public-route:{client_address(request)}"):
        return {"error": _("查询过于频繁，请稍后再试")}
    return {"result": services.preview(request.POST.get("work_address", ""))}


@never_cache
@require_POST
def route_preview(request: HttpRequest) -> HttpResponse:
    """The htmx fragment under the address field: which bureau will handle the clue. POST keeps
    the address out of access logs; only the address is sent (hx-params)."""
    return render(request, "portal/route_preview.html", {"preview": _preview(request)})
