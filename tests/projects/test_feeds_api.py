"""POST /api/v1/feeds/{kind}: a push is all or nothing, names what it refuses, and the same
Idempotency-Key gets the same answer."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wageguard.core.models import AuditEvent
from wageguard.org import services as org_services
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects.models import Attendance, FeedPush, RosterWorker

from .feeds_helpers import CODE, id_number, project, roster_row

pytestmark = pytest.mark.django_db
URL = "/api/v1/feeds/"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def bearer(user) -> dict:
    _token, key = org_services.create_token(None, user, "test")
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def wuhou(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


@pytest.fixture
def site(wuhou):
    return project(wuhou)


def post(client, user, kind, rows, **headers):
    return client.post(
        URL + kind, {"rows": rows}, content_type="application/json", **bearer(user), **headers
    )


def test_a_push_counts_created_then_unchanged(client, wuhou, site):
    rows = [roster_row(1), roster_row(2)]
    first = post(client, wuhou, "roster", rows)
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 2
    again = post(client, wuhou, "roster", rows).json()
    assert (again["created"], again["unchanged"], again["refused"]) == (0, 2, 0)
    assert AuditEvent.objects.filter(action="project.feed").count() == 2


def test_an_unknown_worker_refuses_the_whole_push_naming_it(client, wuhou, site):
    post(client, wuhou, "roster", [roster_row(1)])
    rows = [
        {"project_code": CODE, "id_number": id_number(1), "month": "2026-02", "days": 20},
        {"project_code": CODE, "name": "王五", "id_number": id_number(7), "month": "2026-02",
         "days": 20},
        {"project_code": "NOPE", "id_number": id_number(1), "month": "2026-02", "days": 20},
    ]  # fmt: skip
    response = post(client, wuhou, "attendance", rows)
    assert response.status_code == 422
    body = response.json()
    assert [e["row"] for e in body["errors"]] == [2, 3] and body["message"].startswith("2 ")
    assert "王五" in body["errors"][0]["message"] and "NOPE" in body["errors"][1]["message"]
    assert not Attendance.objects.exists()


def test_the_same_idempotency_key_gets_the_first_answer(client, wuhou, site):
    key = {"HTTP_IDEMPOTENCY_KEY": "push-1"}
    first = post(client, wuhou, "roster", [roster_row(1)], **key).json()
    second = post(client, wuhou, "roster", [roster_row(1), roster_row(2)], **key).json()
    assert first == second and first["created"] == 1
    assert RosterWorker.objects.count() == 1 and FeedPush.objects.count() == 1


def test_a_file_is_accepted_as_multipart(client, wuhou, site):
    data = "项目编码,姓名,身份证号码,手机号码,签订劳动合同\n" + "".join(
        f"{CODE},工人{s},{id_number(s)},138{s:08d},是\n" for s in (1, 2, 3)
    )
    upload = SimpleUploadedFile("花名册.csv", data.encode("gb18030"))
    response = client.post(URL + "roster", {"file": upload}, **bearer(wuhou))
    assert response.status_code == 200 and response.json()["created"] == 3


@pytest.mark.parametrize(
    "body",
    [b"not json", b'{"rows": 3}', b'{"rows": []}', b'{"rows": [1]}', b"[]"],
)
def test_a_malformed_body_is_a_named_422(client, wuhou, body):
    response = client.post(
        URL + "payroll", io.BytesIO(body).read(), content_type="application/json", **bearer(wuhou)
    )
    assert response.status_code == 422 and response.json()["field"] == "rows"


def test_another_countys_push_changes_nothing(client, make_user, site):
    other = make_user("jinjiang", Role.INSPECTOR, "510104")
    response = post(client, other, "roster", [roster_row(1)])
    assert response.status_code == 403 and "辖区" in response.json()["message"]
    assert not RosterWorker.objects.exists()


def test_a_role_that_may_not_change_projects_is_refused(client, make_user, site):
    viewer = make_user("viewer", Role.AUDITOR, "510107")
    response = post(client, viewer, "roster", [roster_row(1)])
    assert response.status_code == 403 and not RosterWorker.objects.exists()
