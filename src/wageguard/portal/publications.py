"""Public pages and feeds of published major violations (重大劳动保障违法行为社会公布 under
Order 29, cited by title only: no stored text; published on the bureau's website and in local
media). Website, WeChat and Weibo editors take the Atom feed or the JSON Feed; everything reads
through `publication.public`, so only published items and only the published fields, redacted
once more as they are rendered, ever go out.

The feeds also carry the current credit-list listings (Order 45: listings are made public), read
through `credit.public` and its frozen public fields, so editors follow one feed for both, and a
note for each listing whose decision was revoked (Order 45 art. 16), so a site that published
the listing can take it down.

The Atom feed is django.contrib.syndication with Atom1Feed: built into Django, maintained with
it, and it writes valid Atom (ids, dates, escaping) without a template of our own.
"""

import datetime as dt
import json
from dataclasses import dataclass

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
from wageguard.credit.public import current_listings, public_row, revoked_listings, revoked_row
from wageguard.publication.public import (
    PublicRecord,
    batch_years,
    narrow_batches,
    public_record,
    published_batches,
    published_items,
)
from wageguard.regions.forms import PublicListFilter

PAGE_SIZE = 10
FEED_SIZE = 50
FEED_TITLE = gettext_lazy("重大劳动保障违法行为社会公布")
FEED_SUBTITLE = gettext_lazy(
    "依据《重大劳动保障违法行为社会公布办法》公布的违法主体、违法事实和处理情况"
)
# Feeds change only when a batch is published; readers may cache them briefly. The pages are
# not marked public: they carry the language form's CSRF token, which no shared cache may keep.
_PUBLIC_CACHE = cache_control(public=True, max_age=300)


@require_GET
def publication_list(request: HttpRequest) -> HttpResponse:
    """Published batches, newest first, each with its items; a fixed number of queries a page.
    Narrowed by division and year; an empty result says whether nothing matched the filters or
    nothing was published yet."""
    form = PublicListFilter(request.GET, province=settings.WAGEGUARD_PROVINCE, years=batch_years())
    batches_qs = narrow_batches(published_batches(), form.region_code(), form.chosen_year())
    page = Paginator(batches_qs, PAGE_SIZE).get_page(request.GET.get("page"))
    batches = list(page.object_list)
    records: dict[int, list[PublicRecord]] = {b.pk: [] for b in batches}
    for item in published_items().filter(batch__in=batches):
        records[item.batch_id].append(public_record(item))
    return render(
        request,
        "portal/publications/list.html",
        {
            "page_obj": page,
            "batches": [(b, records[b.pk]) for b in batches],
            "form": form,
            "filtered": form.active,
            "query_string": pager_prefix(form.params()),
        },
    )


@require_GET
def publication_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = published_items().filter(pk=pk).first()
    if item is None:
        raise Http404
    return render(request, "portal/publications/detail.html", {"record": public_record(item)})


@dataclass(frozen=True)
class Entry:
    """One feed entry: a published violation or a current credit listing."""

    key: str  # unique and stable: the entry's id in both feeds
    title: str
    link: str
    summary: str
    published: dt.datetime
    author: str
    category: str
    record: dict


def _summary(r: PublicRecord) -> str:
    return "\n".join(
        [
            f"{_('统一社会信用代码')}：{r.credit_code or '—'}",
            f"{_('地址')}：{r.address or '—'}",
            f"{_('法定代表人（负责人）')}：{r.legal_representative or '—'}",
            f"{_('主要违法事实')}：{r.facts}",
            f"{_('处理情况')}：{r.handling}",
        ]
    )


def _publication_entry(r: PublicRecord) -> Entry:
    return Entry(
        key=f"publication-{r.id}",
        title=r.title,
        link=reverse("publications:detail", args=[r.id]),
        summary=_summary(r),
        published=r.published_at,
        author=r.agency,
        category=r.kind_label,
        record={"type": "publication", **r.as_dict()},
    )


def _listing_entry(row: dict) -> Entry:
    listed = timezone.make_aware(dt.datetime.combine(row["listed_on"], dt.time(9)))
    last_day = row["expires_on"] - dt.timedelta(days=1)
    summary = "\n".join(
        [
            f"{_('统一社会信用代码')}：{row['credit_code'] or '—'}",
            f"{_('法定代表人（负责人）')}：{row['legal_representative'] or '—'}",
            f"{_('失信行为')}：{row['facts']}",
            f"{_('列入日期')}：{row['listed_on']:%Y-%m-%d}；{_('列入期限至')}：{last_day:%Y-%m-%d}",
            f"{_('作出决定机关')}：{row['deciding_agency']}",
        ]
    )
    return Entry(
        key=f"credit-listing-{row['id']}",
        title=_("%(unit)s 列入拖欠农民工工资失信联合惩戒对象名单") % {"unit": row["unit_name"]},
        link=reverse("public-credit-list") + f"?q={row['credit_code'] or row['unit_name']}",
        summary=summary,
        published=listed,
        author=row["deciding_agency"],
        category=str(_("失信联合惩戒名单")),
        record={
            "type": "credit_listing",
            **row,
            "listed_on": row["listed_on"].isoformat(),
            "expires_on": row["expires_on"].isoformat(),
        },
    )


def _revoked_entry(row: dict) -> Entry:
    revoked_on = row["revoked_on"] or row["listed_on"]
    return Entry(
        key=f"credit-listing-{row['id']}-revoked",
        title=_("%(unit)s 的列入失信联合惩戒名单决定已撤销") % {"unit": row["unit_name"]},
        link=reverse("public-credit-list") + f"?q={row['credit_code'] or row['unit_name']}",
        summary="\n".join(
            [
                f"{_('统一社会信用代码')}：{row['credit_code'] or '—'}",
                f"{_('列入日期')}：{row['listed_on']:%Y-%m-%d}",
                f"{_('撤销日期')}：{revoked_on:%Y-%m-%d}",
                f"{_('作出决定机关')}：{row['deciding_agency']}",
            ]
        ),
        published=timezone.make_aware(dt.datetime.combine(revoked_on, dt.time(9))),
        author=row["deciding_agency"],
        category=str(_("失信联合惩戒名单")),
        record={
            "type": "credit_listing_revoked",
            **row,
            "listed_on": row["listed_on"].isoformat(),
            "revoked_on": revoked_on.isoformat(),
        },
    )


def _latest() -> list[Entry]:
    """The newest published items, current listings and revoked listings' notes together,
    newest first."""
    entries = [_publication_entry(public_record(i)) for i in published_items()[:FEED_SIZE]]
    entries += [_listing_entry(public_row(x)) for x in current_listings()[:FEED_SIZE]]
    entries += [_revoked_entry(revoked_row(x)) for x in revoked_listings()[:FEED_SIZE]]
    entries.sort(key=lambda e: e.published, reverse=True)
    return entries[:FEED_SIZE]


class PublicationsAtom(Feed):
    """/feeds/publications.atom: the latest published items, one entry each."""

    feed_type = Atom1Feed
    title = FEED_TITLE
    subtitle = FEED_SUBTITLE

    def link(self) -> str:
        return reverse("publications:list")

    def items(self) -> list[Entry]:
        return _latest()

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        # Atom's summary is type="html": the text escaped, its lines kept as <br>.
        return linebreaksbr(item.summary, autoescape=True)

    def item_link(self, item: Entry) -> str:
        return item.link

    def item_guid(self, item: Entry) -> str:
        return self._request.build_absolute_uri(f"{reverse('publications:list')}#{item.key}")

    def item_pubdate(self, item: Entry):
        return item.published

    def item_updateddate(self, item: Entry):
        return item.published

    def item_author_name(self, item: Entry) -> str:
        return item.author

    def item_categories(self, item: Entry) -> list[str]:
        return [item.category]

    def get_object(self, request, *args, **kwargs):
        self._request = request
        return None


publications_atom = require_GET(_PUBLIC_CACHE(PublicationsAtom()))


@require_GET
@_PUBLIC_CACHE
def publications_json(request: HttpRequest) -> HttpResponse:
    """/feeds/publications.json: JSON Feed 1.1 (https://jsonfeed.org/version/1.1); each item
    carries the structured record under the `_wageguard` extension key."""
    records = _latest()
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": str(FEED_TITLE),
        "description": str(FEED_SUBTITLE),
        "home_page_url": request.build_absolute_uri(reverse("publications:list")),
        "feed_url": request.build_absolute_uri(reverse("publications-json")),
        "language": "zh-CN",
        "items": [
            {
                "id": request.build_absolute_uri(f"{reverse('publications:list')}#{e.key}"),
                "url": request.build_absolute_uri(e.link),
                "title": e.title,
                "content_text": e.summary,
                "date_published": timezone.localtime(e.published).isoformat(),
                "authors": [{"name": e.author}],
                "tags": [e.category],
                "_wageguard": e.record,
            }
            for e in records
        ],
    }
    return HttpResponse(
        json.dumps(feed, ensure_ascii=False),
        content_type="application/feed+json; charset=utf-8",
    )


# Mounted at /public/publications/ by the site's urls.py (namespace "publications").
urlpatterns = (
    [
        path("", publication_list, name="list"),
        path("<int:pk>/", publication_detail, name="detail"),
    ],
    "publications",
)
