"""The clue API: public intake and tracking, staff intake with idempotency, lists, transitions."""

import datetime as dt

import pytest

from wageguard.clues import services
from wageguard.clues.models import Clue, ClueSettings
from wageguard.clues.validation import clean_intake
from wageguard.org import services as org_services
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db, settings):
    create_agencies("51")
    settings.WAGEGUARD_PUBLIC_RATE = "1000/60"


def bearer(user) -> dict:
    _token, key = org_services.create_token(None, user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_public_submission_and_tracking(client, raw):
    response = client.post("/api/v1/public/clues", raw(), content_type="application/json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"tracking_code", "secret", "region", "due_date"}
    assert body["region"] == "510107"
    code, secret = body["tracking_code"], body["secret"]

    def track(**creds):
        return client.post("/api/v1/public/clues/track", creds, content_type="application/json")

    assert track(tracking_code=code).status_code == 422  # the secret is required, by name
    assert track(tracking_code=code, secret="AAAAAAAA").status_code == 404
    assert track(tracking_code="XS0000000000", secret=secret).status_code == 404
    view = track(tracking_code=code, secret=secret).json()
    assert view["stage"] == "received" and view["timeline"][0]["done"]
    assert "reporter_name" not in view and "id_number" not in view and "phone" not in view


def test_tracking_codes_never_travel_in_a_url(client, raw):
    """Issue 10, finding 10: a path is written to every access log on the way; the code and the
    secret go in the body, and the old path-style route no longer answers."""
    body = client.post("/api/v1/public/clues", raw(), content_type="application/json").json()
    code, secret = body["tracking_code"], body["secret"]
    old = client.get(f"/api/v1/public/clues/{code}", HTTP_X_CLUE_SECRET=secret)
    assert old.status_code in (404, 405) and code not in old.content.decode()
    paths = [
        path
        for path, methods in client.get("/api/v1/openapi.json").json()["paths"].items()
        if path.startswith("/api/v1/public/clues")
    ]
    assert paths and all("{" not in path for path in paths), paths
    rated = client.post(
        "/api/v1/public/clues/track/rating",
        {"tracking_code": code, "secret": secret, "score": 5},
        content_type="application/json",
    )
    assert rated.status_code == 422  # not replied yet: refused by the rule, not by the route


def test_public_validation_names_the_field(client, raw):
    response = client.post(
        "/api/v1/public/clues", raw(id_number="510107199001011230"), content_type="application/json"
    )
    assert response.status_code == 422
    assert response.json()["field"] == "id_number" and response.json()["code"] == "validation_error"
    missing = dict(raw())
    del missing["work_address"]
    response = client.post("/api/v1/public/clues", missing, content_type="application/json")
    assert response.status_code == 422 and response.json()["field"] == "work_address"
    assert not Clue.objects.exists()


def test_public_id_number_follows_the_province_setting(client, raw):
    """网上反映须填写身份证号码 (public_id_required) holds for the API as for the page."""
    refused = client.post(
        "/api/v1/public/clues", raw(id_number=""), content_type="application/json"
    )
    assert refused.status_code == 422 and refused.json()["field"] == "id_number"
    row = ClueSettings.for_province()
    row.public_id_required = False
    row.save()
    taken = client.post("/api/v1/public/clues", raw(id_number=""), content_type="application/json")
    assert taken.status_code == 201 and Clue.objects.get().id_number == ""
    bad = client.post(
        "/api/v1/public/clues", raw(id_number="510107199001011230"), content_type="application/json"
    )
    assert bad.status_code == 422 and bad.json()["field"] == "id_number"  # if given, checked


def test_public_intake_is_rate_limited(client, raw, settings):
    settings.WAGEGUARD_PUBLIC_RATE = "2/60"
    codes = [
        client.post("/api/v1/public/clues", raw(), content_type="application/json").status_code
        for _ in range(3)
    ]
    assert codes == [201, 201, 429]


def test_staff_intake_is_idempotent_per_key_and_external_id(client, raw, make_user):
    clerk = make_user("hotline", Role.CLERK, "510107")
    headers = bearer(clerk)
    payload = {**raw(), "channel": "hotline_12333", "received_at": "2026-06-01T09:30:00+08:00"}
    first = client.post(
        "/api/v1/clues",
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="call-1",
        **headers,
    )
    again = client.post(
        "/api/v1/clues",
        payload,
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="call-1",
        **headers,
    )
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["id"] == again.json()["id"]
    assert first.json()["due_date"] == "2026-06-08" and first.json()["channel"] == "hotline_12333"
    national = {**raw(), "channel": "national_platform", "external_id": "GJ-2026-0001"}
    a = client.post("/api/v1/clues", national, content_type="application/json", **headers)
    b = client.post("/api/v1/clues", national, content_type="application/json", **headers)
    assert a.json()["id"] == b.json()["id"] and Clue.objects.count() == 2


def test_transitions_and_errors(client, raw, make_user):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clue = services.intake(clean_intake(raw(), public=True)).clue
    client.force_login(inspector)
    url = f"/api/v1/clues/{clue.pk}/transitions"
    wrong = client.post(url, {"action": "reply"}, content_type="application/json")
    assert wrong.status_code == 422 and wrong.json()["field"] == "action"
    bogus = client.post(url, {"action": "fly"}, content_type="application/json")
    assert bogus.status_code == 422 and bogus.json()["field"] == "action"
    ok = client.post(url, {"action": "accept"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["state"] == "accepted"
    reject = client.post(url, {"action": "start_verification"}, content_type="application/json")
    assert reject.json()["state"] == "verifying"


def test_list_filters_sla_and_masking(client, raw, make_user):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    auditor = make_user("w-aud", Role.AUDITOR, "510107")
    overdue = services.intake(clean_intake(raw(), public=True)).clue
    Clue.objects.filter(pk=overdue.pk).update(due_date=dt.date(2020, 1, 2))
    services.intake(clean_intake(raw(workers_owed=30), public=True))
    client.force_login(inspector)
    listing = client.get("/api/v1/clues?sla=overdue").json()
    assert [c["id"] for c in listing["items"]] == [overdue.pk]
    assert listing["items"][0]["sla"] == "overdue"
    # Lists are masked even for an inspector until asked to reveal (issue 10 finding 4).
    assert listing["items"][0]["id_number"] != overdue.id_number
    revealed = client.get("/api/v1/clues?sla=overdue&reveal=true").json()["items"]
    assert revealed[0]["id_number"] == overdue.id_number
    urgent = client.get("/api/v1/clues?urgent=true").json()["items"]
    assert len(urgent) == 1 and urgent[0]["urgent_reasons"]
    bad = client.get("/api/v1/clues?sla=late")
    assert bad.status_code == 422 and bad.json()["field"] == "sla"
    client.force_login(auditor)
    masked = client.get("/api/v1/clues").json()["items"][0]
    assert "*" in masked["id_number"] and "*" in masked["phone"]


def test_other_county_gets_404(client, raw, make_user):
    clue = services.intake(clean_intake(raw(), public=True)).clue
    client.force_login(make_user("jj", Role.INSPECTOR, "510104"))
    assert client.get(f"/api/v1/clues/{clue.pk}").status_code == 404
    assert client.get("/api/v1/clues").json()["count"] == 0


def test_list_query_count_does_not_grow(client, raw, make_user, query_baseline):
    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    client.force_login(inspector)

    def queries(n: int, name: str) -> int:
        for _ in range(n):
            services.intake(clean_intake(raw(), public=True))
        with query_baseline(name) as ctx:
            assert client.get("/api/v1/clues?limit=100").status_code == 200
        return len(ctx.captured_queries)

    few = queries(10, "clues.api_list_10_clues")
    assert queries(40, "clues.api_list_50_clues") == few


def test_detail_reports_the_actions_the_page_offers(client, raw, make_user):
    from wageguard.clues.actions import available_actions

    inspector = make_user("w-insp", Role.INSPECTOR, "510107")
    clerk = make_user("w-clerk", Role.CLERK, "510107")
    clue = services.intake(clean_intake(raw(), public=True)).clue
    for user in (inspector, clerk):
        client.force_login(user)
        body = client.get(f"/api/v1/clues/{clue.pk}").json()
        assert body["available_actions"] == [a.name for a in available_actions(clue, user)]
        page = client.get(f"/clues/{clue.pk}/").content.decode()
        for name in body["available_actions"]:
            assert f'data-action="{name}"' in page
    assert "accept" in body["available_actions"]


def test_spec_documents_exactly_the_clue_actions(client):
    from wageguard.clues.actions import ACTIONS

    spec = client.get("/api/v1/openapi.json").json()
    route = spec["paths"]["/api/v1/clues/{clue_id}/transitions"]["post"]
    ref = route["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/ClueTransitionIn")
    schema = spec["components"]["schemas"]["ClueTransitionIn"]
    assert schema["properties"]["action"]["enum"] == ACTIONS.names()
    assert {"reason", "resolution", "target", "reply_text", "region", "into", "assignee"} <= set(
        schema["properties"]
    )
