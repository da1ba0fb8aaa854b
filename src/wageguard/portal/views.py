"""Public pages for a worker on a cheap phone: submit a clue, follow it, rate the reply.

No login and no staff navigation. Every page works without JavaScript (htmx only adds the live
routing preview). Tracking code and secret travel in POST bodies, never in URLs, so they do not
reach access logs or Referer headers; after a successful lookup the session remembers only the
clue's id, until the worker ends the lookup or closes the browser. No page is cached.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wageguard.clues import services as clue_services
from wageguard.clues.models import Clue
from wageguard.clues.services import supplement
from wageguard.clues.services import tracking as public
from wageguard.core.throttle import Throttled, allow

from . import services
from .forms import RatingForm, SupplementForm, TrackForm

SESSION_KEY = "portal_clue"
NONCE_SECONDS = 24 * 3600
NOT_FOUND = _("查询码或密码不正确")


def client_address(request: HttpRequest) -> str:
    # The same key as the public API, so page and API share one limit per client.
    return request.META.get("REMOTE_ADDR", "")


def _nonce_key(nonce: str) -> str:
    return f"portal-nonce:{nonce}"


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


def _timeline(
    request: HttpRequest,
    clue: Clue,
    rating_form: RatingForm,
    status: int = 200,
    supplement_form: SupplementForm | None = None,
):
    return render(
        request,
        "portal/timeline.html",
        {
            "view": public.view(clue),
            "clue": clue,
            "rating_form": rating_form,
            "supplement_form": supplement_form or SupplementForm(),
        },
        status=status,
    )


@never_cache
@require_POST
def supplement_view(request: HttpRequest) -> HttpResponse:
    """补正 via `clues.services.supplement.by_reporter`, for the clue this browser looked up."""
    clue = _tracked(request)
    if clue is None:
        return redirect("portal:track")
    form = SupplementForm(request.POST)
    if not form.is_valid():
        return _timeline(request, clue, RatingForm(), status=422, supplement_form=form)
    try:
        supplement.by_reporter(clue, **form.cleaned_data)
    except ValidationError as exc:
        for name, errors in exc.message_dict.items():
            form.add_error(name if name in form.fields else None, errors)
        return _timeline(request, clue, RatingForm(), status=422, supplement_form=form)
    messages.success(request, _("已收到您的补正，承办机构将重新审查是否受理。"))
    return redirect("portal:track")


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
