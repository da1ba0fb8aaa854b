"""The public landing page (公众服务首页): what a worker or a member of the public can do here,
one tap each: report unpaid wages, follow a report, read the credit list, the published major
violations and the typical cases, or call 12333. No login, no JavaScript, a phone first.

The site root shows it to anyone not signed in; a signed-in official gets the staff home there,
as before. It is also at /public/ for everyone, so staff can open and share it.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET

from wageguard.org import urls as org_urls


def optional_url(name: str) -> str | None:
    """The URL of a route that may not exist in this build (a page another part of the product
    adds), or None, so a link to it is shown only once it does."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def public_links() -> dict[str, str | None]:
    """Where each entry of the landing page goes; None for a page not present."""
    return {"typical_cases": optional_url("typical-cases:list")}


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/landing.html", {"links": public_links()})


def _staff_home() -> Callable[..., HttpResponse]:
    """The staff home view, read from the org routes by its name so that the site root keeps
    serving whatever view org names "home"."""
    return next(p.callback for p in org_urls.urlpatterns if getattr(p, "name", None) == "home")


def root(request: HttpRequest) -> HttpResponse:
    """The site root: the staff home for a signed-in user, the landing page for anyone else (a
    worker who types the bare address sees what to do, not a login form)."""
    if request.user.is_authenticated:
        return _staff_home()(request)
    return landing(request)
