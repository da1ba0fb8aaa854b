"""Issue 10 finding 4: personal data read without a trace.

The probe: a city supervisor's GET /api/v1/clues?limit=1000 returned every clue with full ID and
mobile numbers and wrote no audit event; the inbox showed 50 full mobiles, unaudited. Now lists
are masked for everyone, a role with need to know reveals one row (page) or asks for
`reveal=true` (API), and every response showing personal data is one audit event with the
filter and the ids it returned, never the values.
"""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from wageguard.clues.models import Clue
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.parties.rules import mask_phone

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def clues(raw) -> list[Clue]:
    return [submit(raw) for _ in range(3)]


def reads(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def no_personal_values(event: AuditEvent, clues: list[Clue]) -> None:
    """The audit row names rows, never the values it showed."""
    stored = json.dumps([event.after, event.before, event.object_repr], ensure_ascii=False)
    for clue in clues:
        assert clue.phone not in stored and clue.id_number not in stored


def test_probe_city_supervisor_api_list_is_masked_and_audited(client, make_user, clues):
    client.force_login(make_user("city-sup", Role.SUPERVISOR, "510100"))
    before = AuditEvent.objects.count()
    response = client.get("/api/v1/clues", {"limit": "1000", "state": "received"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert {c["id"] for c in items} == {c.pk for c in clues}
    for item in items:
        assert "*" in item["id_number"] and "*" in item["phone"] and "*" in item["reporter_name"]
    for clue in clues:
        assert clue.phone not in response.content.decode()
        assert clue.id_number not in response.content.decode()
    assert AuditEvent.objects.count() == before + 1
    [event] = reads("clue.list")
    assert event.actor_username == "city-sup"
    assert event.after["read"] == "clues.clue" and event.after["mode"] == "list"
    assert event.after["filter"] == {"state": "received", "sort": "due", "limit": "1000"}
    assert event.after["ids"] == [c["id"] for c in items]
    assert event.after["rows"] == 3 and event.after["clear_ids"] == []
    assert event.after["clear"] is False
    no_personal_values(event, clues)


def test_api_reveal_true_gives_clear_values_and_is_audited(client, make_user, clues):
    client.force_login(make_user("city-sup", Role.SUPERVISOR, "510100"))
    response = client.get("/api/v1/clues", {"limit": "2", "reveal": "true"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 2
    by_id = {c.pk: c for c in clues}
    for item in items:
        assert item["phone"] == by_id[item["id"]].phone
        assert item["id_number"] == by_id[item["id"]].id_number
    [event] = reads("clue.reveal")
    assert event.after["mode"] == "reveal" and event.after["clear"] is True
    assert event.after["ids"] == event.after["clear_ids"] == [i["id"] for i in items]
    assert event.after["filter"] == {"sort": "due", "limit": "2", "reveal": "true"}
    assert not reads("clue.list")
    no_personal_values(event, clues)


def test_a_role_without_need_to_know_cannot_reveal_on_the_api(client, make_user, clues):
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    refused = client.get("/api/v1/clues", {"reveal": "true"})
    assert refused.status_code == 403
    assert refused.json()["field"] == "reveal" and "个人信息" in refused.json()["message"]
    for clue in clues:
        assert clue.phone not in refused.content.decode()
    assert not reads("clue.reveal") and not reads("clue.list")
    masked = client.get("/api/v1/clues").json()["items"]
    assert all("*" in c["phone"] for c in masked)
    assert len(reads("clue.list")) == 1


def test_api_detail_is_clear_for_need_to_know_and_audited(client, make_user, clues):
    clue = clues[0]
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    body = client.get(f"/api/v1/clues/{clue.pk}").json()
    assert body["phone"] == clue.phone and body["id_number"] == clue.id_number
    [event] = reads("clue.view")
    assert event.object_id == str(clue.pk) and event.after["mode"] == "detail"
    assert event.after["ids"] == event.after["clear_ids"] == [clue.pk]
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    body = client.get(f"/api/v1/clues/{clue.pk}").json()
    assert body["phone"] == mask_phone(clue.phone)
    assert reads("clue.view")[-1].after["clear_ids"] == []


def test_inspector_inbox_is_masked_and_audited(client, make_user, clues):
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    page = client.get("/clues/", {"sort": "received"}).content.decode()
    for clue in clues:
        assert clue.phone not in page and mask_phone(clue.phone) in page
    assert page.count('data-testid="reveal"') == 3
    [event] = reads("clue.list")
    assert sorted(event.after["ids"]) == sorted(c.pk for c in clues)
    assert event.after["filter"] == {"sort": "received"} and event.after["clear_ids"] == []
    no_personal_values(event, clues)


def test_reveal_without_javascript_re_renders_the_inbox_with_one_row_clear(
    client, make_user, clues
):
    shown, other = clues[0], clues[1]
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    response = client.post(f"/clues/{shown.pk}/reveal/?sort=received", {"assignee": ""})
    assert response.status_code == 200
    page = response.content.decode()
    assert shown.phone in page and shown.reporter_name in page
    assert other.phone not in page and mask_phone(other.phone) in page
    [event] = reads("clue.reveal")
    assert event.object_id == str(shown.pk)
    assert event.after["clear_ids"] == [shown.pk]
    assert sorted(event.after["ids"]) == sorted(c.pk for c in clues)
    assert event.after["filter"] == {"sort": "received"}
    assert not reads("clue.list")  # one event per response
    no_personal_values(event, clues)


def test_reveal_with_htmx_returns_the_cell(client, make_user, clues):
    shown = clues[0]
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    response = client.post(f"/clues/{shown.pk}/reveal/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    cell = response.content.decode()
    assert shown.phone in cell and "<html" not in cell and 'data-testid="revealed"' in cell
    [event] = reads("clue.reveal")
    assert event.after["ids"] == event.after["clear_ids"] == [shown.pk]


def test_reveal_is_refused_to_a_role_without_need_to_know(client, make_user, clues):
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    response = client.post(f"/clues/{clues[0].pk}/reveal/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "您的岗位无需知悉反映人的个人信息" in page and clues[0].phone not in page
    assert not reads("clue.reveal")


def test_reveal_of_another_countys_clue_is_a_404_without_a_trace_of_it(client, make_user, clues):
    client.force_login(make_user("jinjiang", Role.INSPECTOR, "510104"))
    response = client.post(f"/clues/{clues[0].pk}/reveal/")
    assert response.status_code == 404 and clues[0].phone not in response.content.decode()
    assert client.get(f"/clues/{clues[0].pk}/reveal/").status_code == 405
    assert not reads("clue.reveal")


def test_clue_page_is_one_audited_read_per_view(client, make_user, clues):
    clue = clues[0]
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    assert clue.phone in client.get(f"/clues/{clue.pk}/").content.decode()
    [event] = reads("clue.view")
    assert event.after == {
        "read": "clues.clue",
        "mode": "detail",
        "ids": [clue.pk],
        "rows": 1,
        "clear_ids": [clue.pk],
        "clear": True,
    }


def test_the_audit_page_tells_reads_in_words_and_filters_them(client, make_user, clues):
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    client.get("/clues/", {"state": "received"})
    client.post(f"/clues/{clues[0].pk}/reveal/", HTTP_HX_REQUEST="true")
    client.force_login(make_user("aud", Role.AUDITOR, "510107"))
    page = client.get("/audit/").content.decode()
    assert "查看了 3 条线索的个人信息（已遮蔽）；筛选条件：状态=received" in page
    assert "显示了 1 条线索的完整个人信息" in page
    only_reads = client.get("/audit/", {"reads": "1"}).content.decode()
    assert "clue.list" in only_reads and "clue.reveal" in only_reads
    actions = set(
        AuditEvent.objects.exclude(action__in=["clue.list", "clue.reveal", "clue.view"])
        .values_list("action", flat=True)
        .distinct()
    )
    assert actions, "the other events exist, so the filter has something to leave out"
    for action in actions:
        assert f"<code>{action}</code>" not in only_reads
    detail = AuditEvent.objects.get(action="clue.reveal")
    assert "显示了 1 条线索的完整个人信息" in client.get(f"/audit/{detail.pk}/").content.decode()


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_auditing_adds_no_query_per_row(client, make_user, raw):
    """The audit event is written once per response: the count is the same for 2 rows and 12."""
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    for _ in range(2):
        submit(raw)
    small = (_count(client, "/api/v1/clues?reveal=true"), _count(client, "/clues/"))
    for _ in range(10):
        submit(raw)
    large = (_count(client, "/api/v1/clues?reveal=true"), _count(client, "/clues/"))
    assert small == large
    assert AuditEvent.objects.filter(action="clue.reveal").count() == 2
    assert AuditEvent.objects.filter(action="clue.list").count() == 2
