"""查询进度: the worker finds their clue and sees where it is.

Two ways in: the tracking code and password shown (and texted) at submission, or the phone number
the clue was reported with plus a 6-digit code texted to it, for a worker who lost the code. The
phone way never says whether the number reported anything before the texted code is given back:
the same answer for every valid number, the same refusal for every wrong code.

Code, secret and number travel in POST bodies, never in URLs, so they do not reach access logs or
Referer headers. The session remembers only what was proven (the clue's id; the ids a verified
number may open) until the worker ends the lookup or closes the browser. No page is cached.
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
from wageguard.core.throttle import Throttled

from .forms import CodeForm, PhoneForm, RatingForm, SupplementForm, TrackForm

SESSION_KEY = "portal_clue"
PHONE_KEY = "portal_phone"  # the number a code was asked for, until it is verified
VERIFIED_KEY = "portal_phone_clues"  # the clues a verified number may open
NOT_FOUND = _("查询码或密码不正确")
WRONG_CODE = _("验证码不正确或已过期，请重新获取")


def client_address(request: HttpRequest) -> str:
    # The same key as the public API, so page and API share one limit per client.
    return request.META.get("REMOTE_ADDR", "")


def masked(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) == 11 else ""


def _lookup_page(
    request: HttpRequest,
    track_form: TrackForm | None = None,
    phone_form: PhoneForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "portal/track.html",
        {
            "form": track_form or TrackForm(),
            "phone_form": phone_form or PhoneForm(),
            "has_list": bool(request.session.get(VERIFIED_KEY)),
        },
        status=status,
    )


def _tracked(request: HttpRequest) -> Clue | None:
    pk = request.session.get(SESSION_KEY)
    if pk is None:
        return None
    return (
        Clue.objects.select_related("region", "agency", "merged_into", "merged_into__agency")
        .filter(pk=pk)
        .first()
    )


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """查询进度. A wrong secret and an unknown code get the same answer, so codes cannot be probed;
    lookups are throttled per client by `clues.services.tracking.find`."""
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
        return _lookup_page(request, track_form=form)
    clue = _tracked(request)
    if clue is None:
        return _lookup_page(request)
    return _timeline(request, clue, RatingForm())


@never_cache
@require_POST
def phone(request: HttpRequest) -> HttpResponse:
    """手机号查询, step 1: texts a code if the number reported anything, and answers the same
    either way. "resend" asks again for the number already given."""
    data = request.POST
    if "resend" in data and request.session.get(PHONE_KEY):
        data = {"phone": request.session[PHONE_KEY]}
    form = PhoneForm(data)
    if not form.is_valid():
        return _lookup_page(request, phone_form=form, status=422)
    number = form.cleaned_data["phone"]
    try:
        public.send_code(number, client_address(request))
    except Throttled as exc:
        form.add_error("phone", exc.message)
        return _lookup_page(request, phone_form=form, status=429)
    request.session[PHONE_KEY] = number
    return redirect("portal:track-code")


@never_cache
@require_http_methods(["GET", "POST"])
def code(request: HttpRequest) -> HttpResponse:
    """手机号查询, step 2: the texted code opens the list of the number's clues."""
    number = request.session.get(PHONE_KEY)
    if not number:
        return redirect("portal:track")
    form = CodeForm(request.POST if request.method == "POST" else None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            ids = public.check_code(number, form.cleaned_data["code"], client_address(request))
        except Http404:
            form.add_error("code", WRONG_CODE)
            status = 422
        except Throttled as exc:
            form.add_error("code", exc.message)
            status = 429
        else:
            request.session.cycle_key()
            request.session.pop(PHONE_KEY, None)
            request.session.pop(SESSION_KEY, None)
            request.session[VERIFIED_KEY] = ids
            return redirect("portal:track-mine")
    elif form.is_bound:
        status = 422
    return render(
        request,
        "portal/track_code.html",
        {"form": form, "masked": masked(number), "minutes": public.CODE_MINUTES},
        status=status,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def mine(request: HttpRequest) -> HttpResponse:
    """我的线索: the clues of the verified number; one is opened by posting its id, which must be
    one of those the number proved."""
    ids = request.session.get(VERIFIED_KEY) or []
    if not ids:
        return redirect("portal:track")
    if request.method == "POST":
        try:
            pk = int(request.POST.get("clue", ""))
        except ValueError:
            pk = None
        if pk in ids:
            request.session[SESSION_KEY] = pk
            return redirect("portal:track")
    return render(request, "portal/track_mine.html", {"clues": public.listing(ids)})


def _timeline(
    request: HttpRequest,
    clue: Clue,
    rating_form: RatingForm,
    status: int = 200,
    supplement_form: SupplementForm | None = None,
) -> HttpResponse:
    return render(
        request,
        "portal/timeline.html",
        {
            "view": public.view(clue),
            "clue": clue,
            "rating_form": rating_form,
            "supplement_form": supplement_form or SupplementForm(),
            "has_list": bool(request.session.get(VERIFIED_KEY)),
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
    """退出查询: forget the clue (and a verified number's list) in this browser: a shared phone
    must not keep showing them."""
    for key in (SESSION_KEY, PHONE_KEY, VERIFIED_KEY):
        request.session.pop(key, None)
    return redirect("portal:track")
