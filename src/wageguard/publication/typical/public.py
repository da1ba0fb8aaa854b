"""What the public may read of typical cases: published ones only, only their public fields.
Pages, feeds and the API all read through here. The text was refused at save and at publication
when it held personal data; generic numbers are removed once more as it is rendered, so a row
written around the services (a raw update) still shows none."""

import datetime as dt

from django.db.models import Max, Min, QuerySet
from ninja import Schema

from wageguard.parties.rules import redact_personal_data
from wageguard.regions.forms import year_range
from wageguard.regions.models import within

from .models import TypicalCase
from .rules import State


def published_typical_cases() -> QuerySet:
    """The one public read gate: published typical cases, newest first."""
    return (
        TypicalCase.objects.filter(state=State.PUBLISHED)
        .select_related("agency", "region")
        .order_by("-published_on", "-published_at", "-id")
    )


def narrow_typical(qs: QuerySet, region: str = "", year: int | None = None) -> QuerySet:
    """Published typical cases of a division (and everything below it) and of a year of
    publication: the public list's filters, as the other public lists have them."""
    if region:
        qs = qs.filter(within(region))
    if year:
        qs = qs.filter(published_on__year=year)
    return qs


def typical_years() -> list[int]:
    """The years typical cases were published in, newest first: the year filter's choices."""
    span = published_typical_cases().aggregate(first=Min("published_on"), last=Max("published_on"))
    first, last = span["first"], span["last"]
    return year_range(first.year if first else None, last.year if last else None)


class PublicTypicalCase(Schema):
    """One published typical case as every public channel shows it (also the API's schema)."""

    id: int
    title: str
    employer_name: str
    summary: str
    lessons: str
    agency: str
    region: str
    region_name: str
    published_on: dt.date


def public_typical(typical: TypicalCase) -> PublicTypicalCase:
    """A typical case as published: nothing of the source case but the unit's name."""
    return PublicTypicalCase(
        id=typical.pk,
        title=redact_personal_data(typical.title),
        employer_name=typical.employer_name,
        summary=redact_personal_data(typical.summary),
        lessons=redact_personal_data(typical.lessons),
        agency=typical.agency.name,
        region=typical.region_id,
        region_name=typical.region.name,
        published_on=typical.published_on or typical.published_at.date(),
    )
