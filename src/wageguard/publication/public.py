"""What the public may read: only items of published batches, only the fields of Order 29
art. 6, redacted again as they are rendered. Pages, feeds and the API all read through here."""

import datetime as dt

from django.db.models import Max, Min, QuerySet
from django.utils import timezone
from ninja import Schema

from wageguard.regions.forms import year_range
from wageguard.regions.models import within

from .models import PUBLIC_PREFETCH, PUBLIC_SELECT, PublicationBatch, PublicationItem
from .rules import Kind, State


def published_batches() -> QuerySet:
    """The one public read gate for batches: published ones, newest first."""
    return (
        PublicationBatch.objects.filter(state=State.PUBLISHED)
        .select_related("agency", "region")
        .order_by("-published_at", "-id")
    )


def narrow_batches(qs: QuerySet, region: str = "", year: int | None = None) -> QuerySet:
    """Published batches of a division (a prefecture with its counties' bureaus) and of the
    periods that fall, wholly or partly, in a year."""
    if region:
        qs = qs.filter(within(region))
    if year:
        qs = qs.filter(period_start__year__lte=year, period_end__year__gte=year)
    return qs


def batch_years() -> list[int]:
    """The years published periods cover, newest first: the choices of the year filter."""
    span = published_batches().aggregate(first=Min("period_start"), last=Max("period_end"))
    first, last = span["first"], span["last"]
    return year_range(first.year if first else None, last.year if last else None)


def published_items() -> QuerySet:
    """The one public read gate for items: those of published batches, newest first, with what
    `public_record` needs loaded in a fixed number of queries."""
    return (
        PublicationItem.objects.filter(batch__state=State.PUBLISHED)
        .select_related(*PUBLIC_SELECT)
        .prefetch_related(*PUBLIC_PREFETCH)
        .order_by("-batch__published_at", "-batch_id", "id")
    )


class PublicRecord(Schema):
    """One published violation as every public channel shows it (also the API's schema)."""

    id: int
    kind: str
    kind_label: str
    unit_name: str
    credit_code: str
    address: str
    legal_representative: str
    facts: str
    handling: str
    agency: str
    region: str
    period: str
    published_at: dt.datetime

    @property
    def title(self) -> str:
        return f"{self.unit_name}（{self.agency} {self.period}）"

    def as_dict(self) -> dict:
        return {
            **self.model_dump(),
            "published_at": timezone.localtime(self.published_at).isoformat(),
        }


def public_record(item: PublicationItem) -> PublicRecord:
    """An item as published; nothing from the case but the redacted snapshot goes out."""
    batch = item.batch
    return PublicRecord(
        id=item.pk,
        kind=item.kind,
        kind_label=str(Kind(item.kind).label) if item.kind in Kind.values else "",
        agency=batch.agency.name,
        region=batch.region_id,
        period=batch.period_label,
        published_at=batch.published_at or batch.approved_at or batch.created_at,
        **item.public_fields(),
    )
