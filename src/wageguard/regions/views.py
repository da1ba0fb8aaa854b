"""Region browser: a division, its parents and children, and an address-routing test form."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from .forms import RouteForm
from .maps import compressed_map, prefecture_map
from .models import Level, Region
from .router import route


@login_required
def browse(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Without a code, the provinces (the configured one first); with one, that division."""
    regions = Region.objects.restrict(request.user)
    region = None
    ancestors: list[Region] = []
    if code is None:
        children = list(regions.filter(level=Level.PROVINCE))
        home = settings.WAGEGUARD_PROVINCE + "0000"
        children.sort(key=lambda r: (r.code != home, r.code))
    else:
        region = regions.select_related("parent__parent").filter(code=code).first()
        if region is None:
            raise Http404
        node = region.parent
        while node is not None:
            ancestors.insert(0, node)
            node = node.parent
        children = list(regions.filter(parent=region))

    form = RouteForm(request.GET if "address" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        result = route(form.cleaned_data["address"], form.cleaned_data["province"] or None)
    context = {
        "region": region,
        "ancestors": ancestors,
        "children": children,
        "aliases": list(region.aliases.order_by("kind", "name")) if region else [],
        "form": form,
        "result": result,
    }
    if getattr(request, "htmx", False) and form.is_bound:
        return render(request, "regions/_route_result.html", context)
    return render(request, "regions/browse.html", context)


@login_required
def prefecture_map_view(request: HttpRequest, province: str) -> HttpResponse:
    """地图: the province's prefecture outlines for charts; public reference geography."""
    data = prefecture_map(province) if province.isdigit() and len(province) == 2 else None
    if data is None:
        raise Http404
    response = HttpResponse(content_type="application/geo+json")
    if "gzip" in request.headers.get("Accept-Encoding", ""):
        response.content = compressed_map(province)
        response["Content-Encoding"] = "gzip"
    else:
        response.content = data
    response["Vary"] = "Accept-Encoding"
    response["Cache-Control"] = "private, max-age=86400"
    return response
