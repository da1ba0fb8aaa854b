"""/healthz for the load balancer and /metrics for Prometheus (issue 10, "Also deliver")."""

import json

import pytest
from django.db import connection

from tests import factories
from wageguard.core import ops
from wageguard.org.bootstrap import create_agencies

pytestmark = pytest.mark.django_db


def test_healthz_answers_ok_when_database_and_cache_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_names_what_failed(client, monkeypatch):
    def broken(*args, **kwargs):
        raise ConnectionError("down")

    monkeypatch.setattr(ops.cache, "set", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == "error: ConnectionError"
    assert response.json()["database"] == "ok"


def test_metrics_show_latency_and_the_queues(client):
    create_agencies("51")
    factories.clue_intake(factories.clue_submission())
    client.get("/healthz")
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert "django_http_requests_latency_seconds_by_view_method" in body
    assert 'wageguard_clues{kind="open"} 1.0' in body
    assert 'wageguard_clues{kind="overdue"} 0.0' in body
    assert 'wageguard_cases{kind="open"} 0.0' in body


def test_metrics_are_not_public(client, settings):
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
    settings.WAGEGUARD_METRICS_TOKEN = "scrape-secret"
    allowed = client.get(
        "/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer scrape-secret"
    )
    assert allowed.status_code == 200
    wrong = client.get("/metrics", REMOTE_ADDR="203.0.113.9", HTTP_AUTHORIZATION="Bearer x")
    assert wrong.status_code == 404


def test_a_failing_gauge_does_not_hide_the_others(client, monkeypatch):
    def fails():
        raise RuntimeError("no table")

    monkeypatch.setitem(
        ops.GAUGES._entries, "wageguard_broken", (999, ops.Gauge("broken", ("kind",), fails))
    )
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert "wageguard_clues" in body and "wageguard_broken{" not in body
    assert connection.vendor in {"sqlite", "postgresql"}


def test_metrics_sum_the_workers_in_multiprocess_mode(client, tmp_path, monkeypatch):
    """Under gunicorn (deploy/wageguard.env.example sets PROMETHEUS_MULTIPROC_DIR) the scrape
    reads every worker's files and still shows the queues."""
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    body = client.get("/metrics", REMOTE_ADDR="127.0.0.1").content.decode()
    assert 'wageguard_clues{kind="open"}' in body


def test_an_unreachable_database_answers_503_with_retry_after(rf):
    from django.db import OperationalError

    from wageguard.core.middleware import DatabaseUnavailableMiddleware

    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    api = middleware.process_exception(rf.post("/api/v1/public/clues"), OperationalError("down"))
    assert api.status_code == 503 and api["Retry-After"] == "5"
    assert json.loads(api.content)["code"] == "unavailable"
    page = middleware.process_exception(rf.post("/report/"), OperationalError("down"))
    assert page.status_code == 503 and "稍后再试" in page.content.decode()
    assert middleware.process_exception(rf.get("/"), ValueError("other")) is None
