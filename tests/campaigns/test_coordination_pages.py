"""Coordination's pages and API: the department's inbox holds only its own agency's
assignments at a constant query count, it answers on the detail page (errors in place, input
kept) and sees the linked ledger item only as a summary; the bureau assigns from a ledger item;
the leading group page masks phones for roles without need to know; the API lists, filters and
moves assignments, refusing naming the field."""

import datetime as dt

import pytest
from django.utils import timezone

from tests import factories
from wageguard.campaigns import services as ledger
from wageguard.campaigns.coordination import services
from wageguard.campaigns.coordination.models import Assignment
from wageguard.org import services as org_services
from wageguard.org.rules import Role

from .conftest import png

pytestmark = pytest.mark.django_db


@pytest.fixture
def dept(make_user):
    return {
        "leader": make_user("wh-lead", Role.SUPERVISOR, "510107"),
        "housing": make_user("wh-housing", Role.DEPARTMENT, "510107", kind="housing"),
        "transport": make_user("wh-transport", Role.DEPARTMENT, "510107", kind="transport"),
        "admin": make_user("wh-admin", Role.ADMIN, "510107"),
        "jinjiang": make_user("jj-sup", Role.SUPERVISOR, "510104"),
    }


def _bearer(user) -> dict:
    _token, key = org_services.create_token(None, user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def test_the_department_inbox_shows_only_its_own(client, dept):
    done = factories.assignment(dept["leader"], subject="已办结事项丙")
    done = services.transition(dept["housing"], done, "answer", "已办理")
    services.transition(dept["leader"], done, "accept", "")
    factories.assignment(dept["leader"], subject="住建事项甲")
    factories.assignment(dept["leader"], kind="transport", subject="交通事项乙")
    client.force_login(dept["housing"])
    page = client.get("/campaigns/assignments/").content.decode()
    assert "交办事项收件箱" in page and "住建事项甲" in page and "交通事项乙" not in page
    # What waits for an answer comes before what is done.
    assert page.index("住建事项甲") < page.index("已办结事项丙")
    other = Assignment.objects.get(subject="交通事项乙")
    assert client.get(f"/campaigns/assignments/{other.pk}/").status_code == 404
    # Nothing else in the product: no ledger, no campaigns, no new assignment, no group.
    for url in (
        "/campaigns/",
        "/campaigns/ledger/",
        "/campaigns/assignments/new/",
        "/campaigns/group/",
    ):
        assert client.get(url).status_code == 403, url
    client.force_login(dept["leader"])
    page = client.get("/campaigns/assignments/").content.decode()
    assert "住建事项甲" in page and "交通事项乙" in page and "新建交办" in page


def test_the_inbox_runs_a_constant_number_of_queries(client, dept, query_baseline):
    factories.assignment(dept["leader"])
    client.force_login(dept["housing"])
    client.get("/campaigns/assignments/")
    with query_baseline("campaigns.assignment_inbox") as few:
        client.get("/campaigns/assignments/")
    for _ in range(5):
        a = factories.assignment(dept["leader"])
    services.transition(dept["housing"], a, "answer", "已办理")
    with query_baseline("campaigns.assignment_inbox") as many:
        client.get("/campaigns/assignments/")
    assert len(many) == len(few)


def test_answering_on_the_page_with_a_file_and_a_refusal_in_place(client, dept):
    wuhou_leader = dept["leader"]
    item = ledger.open_item(
        wuhou_leader, source="other", agency=wuhou_leader.agency, description="工地未设告示牌"
    )
    a = factories.assignment(wuhou_leader, ledger_item=item)
    client.force_login(dept["housing"])
    page = client.get(f"/campaigns/assignments/{a.pk}/").content.decode()
    # The linked ledger item as a read-only summary, without a link to a page it cannot open.
    assert "工地未设告示牌" in page and f"/campaigns/ledger/{item.pk}/" not in page
    assert client.get(f"/campaigns/ledger/{item.pk}/").status_code == 403
    assert 'data-testid="form-answer"' in page and "form-accept" not in page
    refused = client.post(f"/campaigns/assignments/{a.pk}/act/answer/", {"answer-note": ""})
    assert refused.status_code == 422
    assert 'data-field="note"' in refused.content.decode()
    refused = client.post(f"/campaigns/assignments/{a.pk}/act/accept/", {"accept-note": "自己确认"})
    assert refused.status_code == 403
    done = client.post(
        f"/campaigns/assignments/{a.pk}/act/answer/",
        {"answer-note": "已督促整改", "answer-files": [png("告示牌.png")]},
    )
    assert done.status_code == 302
    a.refresh_from_db()
    assert a.state == "answered" and a.reply == "已督促整改"
    stored = a.files.get()
    download = client.get(f"/campaigns/assignments/{a.pk}/files/{stored.pk}/")
    assert download.status_code == 200
    # The bureau sees the link to its ledger item and may accept.
    client.force_login(wuhou_leader)
    page = client.get(f"/campaigns/assignments/{a.pk}/").content.decode()
    assert f"/campaigns/ledger/{item.pk}/" in page and 'data-testid="form-accept"' in page


def test_the_bureau_assigns_from_a_ledger_item(client, dept):
    leader = dept["leader"]
    item = ledger.open_item(leader, source="other", agency=leader.agency, description="专户未开")
    client.force_login(leader)
    page = client.get(f"/campaigns/assignments/new/?ledger_item={item.pk}").content.decode()
    assert "专户未开" in page and 'data-testid="linked-item"' in page
    housing = factories.agency("510107", "housing")
    bad = client.post(
        "/campaigns/assignments/new/",
        {"agency": housing.pk, "subject": "核实专户", "details": "专户未开", "workdays": 0},
    )
    assert bad.status_code == 422 and "核实专户" in bad.content.decode()
    ok = client.post(
        "/campaigns/assignments/new/",
        {
            "agency": housing.pk,
            "subject": "核实专户",
            "details": "专户未开",
            "workdays": 5,
            "ledger_item": item.pk,
        },
    )
    assert ok.status_code == 302
    a = Assignment.objects.get()
    assert a.ledger_item == item and a.workdays == 5 and a.agency == housing
    # The item's page lists its assignments and offers another.
    page = client.get(f"/campaigns/ledger/{item.pk}/").content.decode()
    assert f"/campaigns/assignments/{a.pk}/" in page and 'data-testid="assign-item"' in page


def test_the_group_page_masks_phones_for_roles_without_need_to_know(client, dept):
    leader = dept["leader"]
    wuhou = leader.agency.region
    member = services.add_member(
        leader, wuhou, agency=factories.agency("510107", "police"), role="member"
    )
    services.add_contact(
        leader, wuhou, member=member, name="赵海波", post="副局长", phone="13912345678"
    )
    client.force_login(leader)
    page = client.get("/campaigns/group/").content.decode()
    assert "赵海波" in page and "13912345678" in page and 'data-testid="contact-form"' in page
    client.force_login(dept["admin"])
    page = client.get("/campaigns/group/").content.decode()
    assert "赵海波" in page and "139****5678" in page and "13912345678" not in page
    # Another county sees its own (empty) group, never 武侯区's, not even by asking for it.
    client.force_login(dept["jinjiang"])
    assert "赵海波" not in client.get("/campaigns/group/").content.decode()
    assert client.get("/campaigns/group/?region=510107").status_code == 404
    # The leader adds a member from the page; a refusal keeps the input.
    client.force_login(leader)
    refused = client.post(
        "/campaigns/group/act/add_contact/",
        {
            "contact-member": member.pk,
            "contact-name": "钱小红",
            "contact-post": "科长",
            "contact-phone": "x",
        },
    )
    assert refused.status_code == 422 and "钱小红" in refused.content.decode()
    added = client.post(
        "/campaigns/group/act/add_member/",
        {"member-agency": factories.agency("510107", "court").pk, "member-role": "member"},
    )
    assert added.status_code == 302
    assert member.group.members.count() == 2


def test_api_lists_filters_and_moves_assignments(client, dept):
    housing, leader = _bearer(dept["housing"]), _bearer(dept["leader"])
    a = factories.assignment(dept["leader"], subject="住建事项")
    late = factories.assignment(dept["leader"], subject="逾期事项")
    other = factories.assignment(dept["leader"], kind="transport")
    Assignment.objects.filter(pk=late.pk).update(
        due_date=timezone.localdate() - dt.timedelta(days=1)
    )
    listing = client.get("/api/v1/assignments", **housing).json()
    assert {row["id"] for row in listing["items"]} == {a.pk, late.pk}
    assert (
        client.get("/api/v1/assignments", {"overdue": "true"}, **housing).json()["items"][0]["id"]
        == late.pk
    )
    assert (
        client.get("/api/v1/assignments", {"agency": other.agency_id}, **leader).json()["count"]
        == 1
    )
    assert client.get("/api/v1/assignments", {"state": "nonsense"}, **leader).status_code == 422
    assert client.get(f"/api/v1/assignments/{other.pk}", **housing).status_code == 404
    one = client.get(f"/api/v1/assignments/{late.pk}", **housing).json()
    assert one["overdue"] is True and one["sla"] == "overdue" and one["actions"] == ["answer"]
    url = f"/api/v1/assignments/{a.pk}/transitions"

    def post(body, headers):
        return client.post(url, body, content_type="application/json", **headers)

    refused = post({"action": "answer", "note": ""}, housing)
    assert refused.status_code == 422 and refused.json()["field"] == "note"
    assert post({"action": "accept"}, housing).status_code == 403
    refused = post({"action": "accept"}, leader)
    assert refused.status_code == 422 and refused.json()["field"] == "action"
    assert post({"action": "delete"}, leader).status_code == 422
    moved = post({"action": "answer", "note": "已办理"}, housing)
    assert moved.status_code == 200 and moved.json()["state"] == "answered"
    back = post({"action": "return", "note": "请补充"}, leader)
    assert back.status_code == 200 and back.json()["state"] == "assigned"
    assert client.get("/api/v1/assignments", **_bearer(dept["jinjiang"])).json()["count"] == 0


def test_the_settings_are_shown_to_staff_and_changed_by_the_provinces_administrator(
    client, dept, make_user
):
    client.force_login(dept["leader"])
    page = client.get("/campaigns/assignments/settings/").content.decode()
    assert 'data-testid="assignment-settings-form"' in page and "<fieldset disabled>" in page
    assert client.post("/campaigns/assignments/settings/", {}).status_code == 403
    client.force_login(dept["housing"])
    assert client.get("/campaigns/assignments/settings/").status_code == 403
    client.force_login(make_user("sc-admin", Role.ADMIN, "510000"))
    bad = client.post(
        "/campaigns/assignments/settings/", {"reply_workdays": 5, "reminder_workdays": 5}
    )
    assert bad.status_code == 200 and 'data-field="reminder_workdays"' in bad.content.decode()
    ok = client.post(
        "/campaigns/assignments/settings/", {"reply_workdays": 15, "reminder_workdays": 3}
    )
    assert ok.status_code == 302
    assert services.settings_row().reply_workdays == 15
    assert factories.assignment(dept["leader"]).workdays == 15
