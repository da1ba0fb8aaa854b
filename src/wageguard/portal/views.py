"""Public pages for a worker on a cheap phone: what the report steps (`portal.report`) and the
tracking pages (`portal.track`) share.

No login and no staff navigation. Every page works without JavaScript (htmx only adds the live
routing preview). No page is cached.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from wageguard.core.throttle import allow

from . import services

NONCE_SECONDS = 24 * 3600


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
