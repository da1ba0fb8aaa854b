"""Public pages for a worker on a cheap phone: submit a clue, follow it, rate the reply.

No login and no staff navigation. Every page works without JavaScript (htmx only adds the live
routing preview). Tracking code and secret travel in POST bodies, never in URLs, so they do not
reach access logs or Referer headers; after a successful lookup the session remembers only the
clue's id, until the worker ends the lookup or closes the browser. No page is cached.
"""

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wageguard.clues import services as clue_services
from wageguard.clues.models import Clue
from wageguard.clues.services import tracking as public
from wageguard.core.middleware import small_body
from wageguard.core.throttle import Throttled, allow

from . import services
from .forms import RatingForm, ReportForm, TrackForm

SESSION_KEY = "portal_clue"
NONCE_SECONDS = 24 * 3600
NOT_FOUND = _("查询码或密码不正确")


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


def _tracked(request: HttpRequest) -> Clue | None:
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return Clue.objects.select_related("region", "merged_into").filter(pk=pk).first()


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """查询进度. A wrong secret and an unknown code get the same answer, so codes cannot be probed;
    lookups are throttled per client by `clues.public.find`."""
    if request.method == "POST":
        form = TrackForm(request.POST)
        if form.is_valid():
            try:
                clue = public.find(
                    form.cleaned_data["tracking_code"],
                    form.cleaned_data["secret"],
                    client_address(request),
                )
            except Http404:
                form.add_error(None, NOT_FOUND)
            except Throttled as exc:
                form.add_error(None, exc.message)
            else:
                request.session.cycle_key()
                request.session[SESSION_KEY] = clue.pk
                return redirect("portal:track")
        return render(request, "portal/track.html", {"form": form}, status=200)
    clue = _tracked(request)
    if clue is None:
        return render(request, "portal/track.html", {"form": TrackForm()})
    return _timeline(request, clue, RatingForm())


def _timeline(request: HttpRequest, clue: Clue, rating_form: RatingForm, status: int = 200):
    return render(
        request,
        "portal/timeline.html",
        {"view": public.view(clue), "clue": clue, "rating_form": rating_form},
        status=status,
    )


@never_cache
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """评价答复 via `clues.services.rate`; "未解决" reopens the clue there, within the period."""
    clue = _tracked(request)
    if clue is None:
        return redirect("portal:track")
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _timeline(request, clue, form, status=422)
    try:
        clue = clue_services.rate(
            clue,
            form.cleaned_data["score"],
            form.cleaned_data["comment"],
            form.cleaned_data["resolved"],
        )
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return _timeline(request, clue, form, status=422)
    if form.cleaned_data["resolved"] or clue.replied_at:
        messages.success(request, _("感谢您的评价。"))
    else:
        messages.success(request, _("感谢您的评价。您反映的问题未解决，已转承办机构重新办理。"))
    return redirect("portal:track")


@require_POST
def track_end(request: HttpRequest) -> HttpResponse:
    """退出查询: forget the clue in this browser (a shared phone must not keep showing it)."""
    request.session.pop(SESSION_KEY, None)
    return redirect("portal:track")
