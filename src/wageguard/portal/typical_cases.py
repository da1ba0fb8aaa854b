"""Public pages and feeds of typical cases (典型案例: cases told to explain the law, Decree 724
art. 46). Website, WeChat and Weibo editors take the Atom feed or the JSON Feed; everything reads
through `publication.typical.public`, so only published typical cases and only their public
fields go out, and a withdrawn one leaves every page and feed at once.

The Atom feed is django.contrib.syndication with Atom1Feed, as the publication feeds are: built
into Django, maintained with it, valid Atom (ids, dates, escaping) without a template of our own.
"""

import datetime as dt
import json

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wageguard.core.paging import pager_prefix
from wageguard.publication.typical.public import (
    PublicTypicalCase,
    narrow_typical,
    public_typical,
    published_typical_cases,
    typical_years,
)
from wageguard.regions.forms import PublicListFilter

PAGE_SIZE = 10
FEED_SIZE = 50
FEED_TITLE = gettext_lazy("根治欠薪典型案例")
FEED_SUBTITLE = gettext_lazy("人力资源社会保障部门以案释法，发布已依法查处的拖欠农民工工资典型案例")
_PUBLIC_CACHE = cache_control(public=True, max_age=300)


@require_GET
def typical_list(request: HttpRequest) -> HttpResponse:
    """Published typical cases, newest first, narrowed by division and year of publication as
    the other public lists are; an empty result says whether the filters matched nothing."""
    form = PublicListFilter(
        request.GET, province=settings.WAGEGUARD_PROVINCE, years=typical_years()
    )
    rows = narrow_typical(published_typical_cases(), form.region_code(), form.chosen_year())
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/typical_cases/list.html",
        {
            "page_obj": page,
            "records": [public_typical(t) for t in page.object_list],
            "form": form,
            "filtered": form.active,
            "query_string": pager_prefix(form.params()),
        },
    )


@require_GET
def typical_detail(request: HttpRequest, pk: int) -> HttpResponse:
    typical = published_typical_cases().filter(pk=pk).first()
    if typical is None:
        raise Http404
    return render(request, "portal/typical_cases/detail.html", {"record": public_typical(typical)})


def _summary(r: PublicTypicalCase) -> str:
    parts = [f"{_('用人单位')}：{r.employer_name}", r.summary]
    if r.lessons:
        parts.append(f"{_('典型意义')}：{r.lessons}")
    return "\n".join(parts)


def _latest() -> list[PublicTypicalCase]:
    return [public_typical(t) for t in published_typical_cases()[:FEED_SIZE]]


def _entry_id(request: HttpRequest, r: PublicTypicalCase) -> str:
    return request.build_absolute_uri(f"{reverse('typical-cases:list')}#typical-{r.id}")


class TypicalCasesAtom(Feed):
    """/feeds/typical-cases.atom: the latest published typical cases, one entry each."""

    feed_type = Atom1Feed
    title = FEED_TITLE
    subtitle = FEED_SUBTITLE

    def link(self) -> str:
        return reverse("typical-cases:list")

    def items(self) -> list[PublicTypicalCase]:
        return _latest()

    def item_title(self, item: PublicTypicalCase) -> str:
        return item.title

    def item_description(self, item: PublicTypicalCase) -> str:
        return linebreaksbr(_summary(item), autoescape=True)

    def item_link(self, item: PublicTypicalCase) -> str:
        return reverse("typical-cases:detail", args=[item.id])

    def item_guid(self, item: PublicTypicalCase) -> str:
        return _entry_id(self._request, item)

    def item_pubdate(self, item: PublicTypicalCase):
        return _midday(item)

    def item_updateddate(self, item: PublicTypicalCase):
        return _midday(item)

    def item_author_name(self, item: PublicTypicalCase) -> str:
        return item.agency

    def item_categories(self, item: PublicTypicalCase) -> list[str]:
        return [str(_("典型案例")), item.region_name]

    def get_object(self, request, *args, **kwargs):
        self._request = request
        return None


def _midday(r: PublicTypicalCase) -> dt.datetime:
    """The feeds' time of a typical case published on a day: 09:00 local time that day."""
    return timezone.make_aware(dt.datetime.combine(r.published_on, dt.time(9)))


typical_cases_atom = require_GET(_PUBLIC_CACHE(TypicalCasesAtom()))


@require_GET
@_PUBLIC_CACHE
def typical_cases_json(request: HttpRequest) -> HttpResponse:
    """/feeds/typical-cases.json: JSON Feed 1.1; each item carries the structured record under
    the `_wageguard` extension key."""
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": str(FEED_TITLE),
        "description": str(FEED_SUBTITLE),
        "home_page_url": request.build_absolute_uri(reverse("typical-cases:list")),
        "feed_url": request.build_absolute_uri(reverse("typical-cases-json")),
        "language": "zh-CN",
        "items": [
            {
                "id": _entry_id(request, r),
                "url": request.build_absolute_uri(reverse("typical-cases:detail", args=[r.id])),
                "title": r.title,
                "content_text": _summary(r),
                "date_published": _midday(r).isoformat(),
                "authors": [{"name": r.agency}],
                "tags": [str(_("典型案例")), r.region_name],
                "_wageguard": {
                    "type": "typical_case",
                    **r.model_dump(),
                    "published_on": r.published_on.isoformat(),
                },
            }
            for r in _latest()
        ],
    }
    return HttpResponse(
        json.dumps(feed, ensure_ascii=False),
        content_type="application/feed+json; charset=utf-8",
    )


# Mounted at /public/typical-cases/ by the site's urls.py (namespace "typical-cases").
urlpatterns = (
    [
        path("", typical_list, name="list"),
        path("<int:pk>/", typical_detail, name="detail"),
    ],
    "typical-cases",
)
