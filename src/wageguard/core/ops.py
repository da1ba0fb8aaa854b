"""What an operator's tools read: `/healthz` for the load balancer and `/metrics` for Prometheus.

Request latency and counts come from django-prometheus's middleware (a maintained exporter made
for Django, so no hand-written timing). The work queues come from `GAUGES`, a registry each app
fills in its `ready()` (open and overdue clues, cases...), read when Prometheus scrapes: counts
on indexed columns, never rows. `/metrics` answers only the addresses in
`WAGEGUARD_METRICS_ALLOW` or a bearer `WAGEGUARD_METRICS_TOKEN`: the counts are not public.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from .deadlines import Stage
from .middleware import client_address
from .registry import Registry

logger = logging.getLogger(__name__)

Sample = tuple[dict[str, str], float]


@dataclass(frozen=True)
class Gauge:
    help: str
    labels: tuple[str, ...]
    read: Callable[[], Iterable[Sample]]


GAUGES: Registry[Gauge] = Registry("metrics")


class _QueueCollector:
    """Reads every registered gauge at scrape time; one failing gauge is logged and skipped so
    the others (and the request metrics) still reach Prometheus."""

    def describe(self) -> list:
        return []  # no database at registration time

    def collect(self) -> Iterable[GaugeMetricFamily]:
        for name, gauge in GAUGES.items():
            family = GaugeMetricFamily(name, gauge.help, labels=list(gauge.labels))
            try:
                for labels, value in gauge.read():
                    family.add_metric([labels.get(k, "") for k in gauge.labels], value)
            except Exception:
                logger.exception("metric %s could not be read", name)
                continue
            yield family


QUEUES = _QueueCollector()
REGISTRY.register(QUEUES)


def stage_counts(rows: QuerySet, stage: Stage) -> list[Sample]:
    """Open and overdue rows of one kind (its `Stage`), for a gauge with the label "kind"."""
    open_rows = rows.filter(stage.open_q())
    overdue = open_rows.filter(**{f"{stage.due_field}__lt": timezone.localdate()})
    return [({"kind": "open"}, open_rows.count()), ({"kind": "overdue"}, overdue.count())]


def _may_scrape(request: HttpRequest) -> bool:
    token = settings.WAGEGUARD_METRICS_TOKEN
    given = request.headers.get("Authorization", "")
    if token and hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return True
    return client_address(request) in settings.WAGEGUARD_METRICS_ALLOW


@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not _may_scrape(request):
        return HttpResponse(status=404)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        # Under gunicorn each worker writes its request metrics to this directory; one scrape
        # sums them (prometheus_client's multiprocess mode), the queues are read once.
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        registry.register(QUEUES)
    else:
        registry = REGISTRY
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database and the shared cache answer, else 503 naming what failed."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # the answer is the point: report, never raise
        checks["database"] = f"error: {type(exc).__name__}"
    try:
        cache.set("healthz", "ok", 10)
        checks["cache"] = "ok" if cache.get("healthz") == "ok" else "error: no read-back"
    except Exception as exc:
        checks["cache"] = f"error: {type(exc).__name__}"
    healthy = all(v == "ok" for v in checks.values())
    body = {"status": "ok" if healthy else "error", **checks}
    return JsonResponse(body, status=200 if healthy else 503)
