"""The audit log pages: who may read them, scoping by agency, filters, keyset pages, diff."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from wageguard.core import audit
from wageguard.core.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def wuhou_event(make_user):
    admin = make_user("wuhou-admin", "admin", "510107")
    return audit.record(
        "user.update",
        obj=admin,
        actor=admin,
        before={"full_name": "旧名字", "role": "admin"},
        after={"full_name": "新名字", "role": "admin", "phone": "13800000000"},
        reason="更正姓名",
    )


def _login(client, make_user, username, role, region):
    user = make_user(username, role, region)
    client.force_login(user)
    return user


def test_auditor_sees_list_and_detail_with_diff(client, make_user, wuhou_event):
    _login(client, make_user, "prov-auditor", "auditor", "510000")
    page = client.get(reverse("audit:list"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "user.update" in body and "wuhou-admin" in body
    detail = client.get(reverse("audit:detail", args=[wuhou_event.pk]))
    assert detail.status_code == 200
    text = detail.content.decode()
    assert "旧名字" in text and "新名字" in text and "更正姓名" in text and wuhou_event.hash in text
    assert "table-warning" in text  # the changed field is marked


@pytest.mark.parametrize("role", ["inspector", "clerk", "admin", "supervisor"])
def test_other_roles_get_403(client, make_user, wuhou_event, role):
    _login(client, make_user, f"no-{role}", role, "510000")
    assert client.get(reverse("audit:list")).status_code == 403
    assert client.get(reverse("audit:detail", args=[wuhou_event.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, wuhou_event):
    response = client.get(reverse("audit:list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_county_auditor_sees_only_own_jurisdiction(client, make_user, wuhou_event):
    jinjiang = make_user("jinjiang-admin", "admin", "510104")
    other = audit.record("user.update", obj=jinjiang, actor=jinjiang, after={"x": "锦江标记"})
    system = audit.record("system.job", after={"x": "系统标记"})
    _login(client, make_user, "jinjiang-auditor", "auditor", "510104")
    body = client.get(reverse("audit:list")).content.decode()
    assert "jinjiang-admin" in body and "wuhou-admin" not in body
    assert client.get(reverse("audit:detail", args=[wuhou_event.pk])).status_code == 404
    assert client.get(reverse("audit:detail", args=[other.pk])).status_code == 200
    assert client.get(reverse("audit:detail", args=[system.pk])).status_code == 404
    # The city above sees both counties; the province also sees events with no agency.
    client.force_login(make_user("chengdu-auditor", "auditor", "510100"))
    assert client.get(reverse("audit:detail", args=[wuhou_event.pk])).status_code == 200
    assert client.get(reverse("audit:detail", args=[system.pk])).status_code == 404
    client.force_login(make_user("sichuan-auditor", "auditor", "510000"))
    assert client.get(reverse("audit:detail", args=[system.pk])).status_code == 200


def test_filters(client, make_user, wuhou_event):
    _login(client, make_user, "filter-auditor", "auditor", "510000")
    audit.record("auth.login_failed", after={"username": "nobody"})
    url = reverse("audit:list")

    def actions(**params):
        page = client.get(url, params)
        assert page.status_code == 200
        return {e.action for e in page.context["events"]}

    assert actions(action="user.update") == {"user.update"}
    assert actions(action="auth.") == {"auth.login", "auth.login_failed"}  # force_login logs
    assert actions(actor="wuhou-admin") == {"user.update"}
    assert actions(actor="no-such-user") == set()
    assert actions(object_type="org.user", object_id=wuhou_event.object_id) == {"user.update"}
    assert actions(agency=wuhou_event.agency_name) == {"user.update"}
    assert actions(agency=str(wuhou_event.agency_id)) == {"user.update"}
    today = timezone.localdate()
    assert "user.update" in actions(date_from=today.isoformat(), date_to=today.isoformat())
    assert actions(date_to=(today - timedelta(days=1)).isoformat()) == set()
    assert actions(date_from="not-a-date") == set()


def test_keyset_pages_walk_newest_first_without_counting(client, make_user, query_baseline):
    _login(client, make_user, "page-auditor", "auditor", "510000")
    for i in range(120):
        audit.record("test.page", after={"i": i})
    url = reverse("audit:list")
    seen: list[int] = []
    with query_baseline("core.audit_list_first_page") as queries:
        page = client.get(url, {"action": "test.page"})
    assert not any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    while True:
        events = page.context["events"]
        seen += [e.seq for e in events]
        if page.context["older"] is None:
            break
        page = client.get(url, {"action": "test.page", "before": page.context["older"]})
    assert seen == sorted(seen, reverse=True) and len(seen) == len(set(seen)) == 120
    # And back: the newer link of the last page leads to the page before it.
    newer = client.get(url, {"action": "test.page", "after": page.context["newer"]})
    assert [e.seq for e in newer.context["events"]] == seen[50:100]


def test_detail_of_event_without_changes(client, make_user):
    event = audit.record("export.xlsx", reason="月报")
    _login(client, make_user, "detail-auditor", "auditor", "510000")
    count = AuditEvent.objects.count()
    page = client.get(reverse("audit:detail", args=[event.pk]))
    assert page.status_code == 200 and "月报" in page.content.decode()
    assert AuditEvent.objects.count() == count  # reading the log writes nothing
