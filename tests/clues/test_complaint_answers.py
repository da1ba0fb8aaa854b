"""The answer to a complaint (Order 25 art. 18, secondary copy): only the 2-year bar (Decree 423
art. 20) is refused in writing; no employer or incomplete material is told to supplement and the
clue waits; another body's matter or bureau is told where to go. Through the service, the API,
the staff page and the public tracking page. Each test fails on the old rules, where all of
these were one 不予受理 with a reason and the refusal cited no article it could rest on."""

import datetime as dt
from importlib import import_module

import pytest
from django.apps import apps
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests import factories
from wageguard.clues import services
from wageguard.clues.models import Clue, ClueHistory, Message
from wageguard.clues.rules import (
    Action,
    State,
    outcome_label,
    time_bar_ends,
    time_barred,
)
from wageguard.clues.services import supplement
from wageguard.core.calendar import add_workdays
from wageguard.core.deadlines import Clock, Sla
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db

D = dt.date.fromisoformat
TRACK = "/report/track/"


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")
    cache.clear()


@pytest.fixture
def clerk(make_user):
    return make_user("ca-clerk", Role.CLERK, "510107")


@pytest.fixture
def submitted(raw):
    result = factories.clue_intake(raw())
    return result.clue, result.secret


def _received_on(clue: Clue, day: dt.date) -> Clue:
    moment = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
    Clue.objects.filter(pk=clue.pk).update(received_at=moment)
    return Clue.objects.get(pk=clue.pk)


# --- the 2-year bar (Decree 423 art. 20) --------------------------------------------------


@pytest.mark.parametrize(
    ("ended", "received", "barred"),
    [
        ("2023-03-15", "2025-03-14", False),  # the day before the last day
        ("2023-03-15", "2025-03-15", False),  # the last day: still within 2 years
        ("2023-03-15", "2025-03-16", True),  # the day after
        ("2024-02-29", "2026-02-28", False),  # no 02-29 two years on: 02-28 is the last day
        ("2024-02-29", "2026-03-01", True),
    ],
)
def test_time_bar_boundaries(ended, received, barred):
    assert time_barred(D(ended), D(received)) is barred


def test_time_bar_unknown_without_the_day_the_violation_ended():
    assert time_barred(None, D("2026-01-01")) is None
    assert time_bar_ends(D("2023-03-15")) == D("2025-03-15")


@pytest.mark.parametrize(
    ("received", "allowed"), [("2025-03-14", False), ("2025-03-15", False), ("2025-03-16", True)]
)
def test_refusal_only_past_two_years_through_the_service(submitted, clerk, received, allowed):
    clue = _received_on(submitted[0], D(received))
    data = {"reason": "time_barred", "violation_ended_on": "2023-03-15"}
    if not allowed:
        with pytest.raises(ValidationError) as err:
            services.transition(clue, Action.REJECT, clerk, **data)
        message = err.value.message_dict["violation_ended_on"][0]
        assert "《劳动保障监察条例》第二十条" in message and "2025-03-15" in message
        assert Clue.objects.get(pk=clue.pk).state == State.RECEIVED
        return
    clue = services.transition(clue, Action.REJECT, clerk, **data)
    assert clue.state == State.REJECTED and clue.violation_ended_on == D("2023-03-15")
    assert "若干规定》第十八条" in clue.reply_text and "第二十条" in clue.reply_text


@pytest.mark.parametrize("reason", ["no_employer", "supplement", "no_jurisdiction", "x"])
def test_the_old_reasons_are_no_longer_a_refusal(submitted, clerk, reason):
    with pytest.raises(ValidationError) as err:
        services.transition(
            submitted[0], Action.REJECT, clerk, reason=reason, violation_ended_on="2020-01-01"
        )
    assert "reason" in err.value.message_dict


@pytest.mark.parametrize(("received", "status"), [("2025-03-15", 422), ("2025-03-16", 200)])
def test_refusal_boundary_through_the_api(client, submitted, clerk, received, status):
    clue = _received_on(submitted[0], D(received))
    client.force_login(clerk)
    response = client.post(
        f"/api/v1/clues/{clue.pk}/transitions",
        {"action": "reject", "reason": "time_barred", "violation_ended_on": "2023-03-15"},
        content_type="application/json",
    )
    assert response.status_code == status, response.content
    if status == 422:
        assert response.json()["field"] == "violation_ended_on"
        assert "第二十条" in response.json()["message"]
    else:
        assert response.json()["state"] == "rejected"


@pytest.mark.parametrize(("received", "status"), [("2025-03-15", 400), ("2025-03-16", 302)])
def test_refusal_boundary_through_the_page(client, submitted, clerk, received, status):
    clue = _received_on(submitted[0], D(received))
    client.force_login(clerk)
    response = client.post(
        f"/clues/{clue.pk}/transition/",
        {
            "action": "reject",
            "reject-reason": "time_barred",
            "reject-violation_ended_on": "2023-03-15",
        },
    )
    assert response.status_code == status
    if status == 400:
        html = response.content.decode()
        assert 'data-field="violation_ended_on"' in html and "第二十条" in html
    else:
        page = client.get(f"/clues/{clue.pk}/").content.decode()
        assert "违法行为发生已超过两年" in page and "2023-03-15" in page


# --- 补正: the clue waits for the complainant ---------------------------------------------------


def _ask(clue, clerk, missing="employer", detail="请提供用人单位全称或统一社会信用代码"):
    return services.transition(
        clue, Action.REQUEST_SUPPLEMENT, clerk, missing=missing, detail=detail
    )


def test_a_request_to_supplement_is_no_refusal_and_the_clue_waits(submitted, clerk):
    clue = _ask(submitted[0], clerk)
    assert clue.state == State.AWAITING_SUPPLEMENT
    assert clue.supplement_missing == "employer" and clue.supplement_requested_at
    assert clue.due_date is None and clue.replied_at is None and clue.reply_text == ""
    assert Clock.now().state(clue.due_date) == Sla.ON_TIME  # no limit runs while it waits
    assert Message.objects.filter(clue=clue, text__contains="需补正").exists()
    row = ClueHistory.objects.get(clue=clue, action=Action.REQUEST_SUPPLEMENT)
    assert row.public and row.data["missing"] == "employer"


def test_staff_record_the_supplement_and_a_new_acceptance_limit_runs(submitted, clerk):
    clue = _received_on(submitted[0], timezone.localdate() - dt.timedelta(days=20))
    Clue.objects.filter(pk=clue.pk).update(
        accept_due=timezone.localdate() - dt.timedelta(days=12),
        due_date=timezone.localdate() - dt.timedelta(days=12),
    )
    clue = _ask(Clue.objects.get(pk=clue.pk), clerk)
    with pytest.raises(ValidationError) as err:  # the employer was what was missing
        services.transition(clue, Action.SUPPLEMENT, clerk, detail="补充了工资条")
    assert "employer_name" in err.value.message_dict
    clue = services.transition(
        clue, Action.SUPPLEMENT, clerk, employer_name="成都锦程建设有限公司", detail="电话补正"
    )
    today = timezone.localdate()
    due = add_workdays(today, 5).date
    assert clue.state == State.RECEIVED and clue.accept_due == clue.due_date == due
    assert clue.employer_name == "成都锦程建设有限公司" and "电话补正" in clue.description
    # Boundaries of the new limit: the day before and the day itself on time, the day after late.
    for day, state in [(-1, Sla.ON_TIME), (0, Sla.ON_TIME), (1, Sla.OVERDUE)]:
        clock = Clock(due + dt.timedelta(days=day), due - dt.timedelta(days=30))
        assert clock.state(clue.due_date) == state, day


def test_the_worker_sees_what_is_missing_and_supplements_on_the_tracking_page(
    client, submitted, clerk
):
    clue, secret = submitted
    _ask(clue, clerk, missing="material", detail="请补充欠薪月份和工资约定")
    client.post(TRACK, {"tracking_code": clue.tracking_code, "secret": secret})
    html = client.get(TRACK).content.decode()
    assert 'data-testid="supplement"' in html and "请补充欠薪月份和工资约定" in html
    assert "投诉材料不全" in html and "若干规定》第十八条" in html
    assert "不予受理" not in html
    refused = client.post("/report/track/supplement/", {"detail": ""})
    assert refused.status_code == 422 and 'data-field="detail"' in refused.content.decode()
    response = client.post("/report/track/supplement/", {"detail": "5 至 8 月，每月 6000 元"})
    assert response.status_code == 302
    clue.refresh_from_db()
    assert clue.state == State.RECEIVED and "每月 6000 元" in clue.description
    assert clue.accept_due == add_workdays(timezone.localdate(), 5).date
    row = ClueHistory.objects.get(clue=clue, action=Action.SUPPLEMENT)
    assert row.actor is None and row.public
    assert AuditEvent.objects.filter(action="clue.supplement", object_id=str(clue.pk)).exists()
    html = client.get(TRACK).content.decode()
    assert 'data-testid="supplement"' not in html


def test_the_worker_supplements_through_the_public_api(client, submitted, clerk):
    clue, secret = submitted
    url = "/api/v1/public/clues/track"
    creds = {"tracking_code": clue.tracking_code, "secret": secret}
    early = client.post(
        f"{url}/supplement", {**creds, "detail": "x"}, content_type="application/json"
    )
    assert early.status_code == 422  # nothing asked yet
    _ask(clue, clerk)
    view = client.post(url, creds, content_type="application/json").json()
    assert view["awaiting_supplement"] and view["supplement_missing"] == "无明确的被投诉用人单位"
    response = client.post(
        f"{url}/supplement",
        {**creds, "detail": "单位全称如下", "employer_name": "成都锦程建设有限公司"},
        content_type="application/json",
    )
    assert response.status_code == 200 and not response.json()["awaiting_supplement"]
    assert Clue.objects.get(pk=clue.pk).state == State.RECEIVED


def test_supplement_through_the_staff_api_and_page(client, submitted, clerk):
    clue = _ask(submitted[0], clerk, missing="material")
    client.force_login(clerk)
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    assert 'data-testid="awaiting-supplement"' in page and "补正之日起" in page
    response = client.post(
        f"/api/v1/clues/{clue.pk}/transitions",
        {"action": "supplement", "detail": "窗口补交了工资条"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["state"] == "received"
    assert response.json()["due_date"] == add_workdays(timezone.localdate(), 5).date.isoformat()


# --- 告知向有关部门提出 ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "articles"),
    [
        ("other_bureau", ["若干规定》第十八条", "《劳动保障监察条例》第十三条"]),
        ("not_labour_matter", ["若干规定》第十八条"]),
    ],
)
def test_redirect_names_the_body_and_is_no_refusal(
    client, submitted, clerk, make_user, kind, articles
):
    clue, secret = submitted
    clue = services.transition(
        clue, Action.REDIRECT, clerk, redirect_kind=kind, body="成都市锦江区人力资源和社会保障局"
    )
    assert clue.state == State.REDIRECTED and clue.redirect_body.startswith("成都市锦江区")
    assert "请向成都市锦江区人力资源和社会保障局" in clue.reply_text
    assert "不予受理" not in clue.reply_text
    assert all(a in clue.reply_text for a in articles)
    client.post(TRACK, {"tracking_code": clue.tracking_code, "secret": secret})
    html = client.get(TRACK).content.decode()
    assert 'data-stage="replied" data-done="1"' in html and "锦江区人力资源" in html
    inspector = make_user("ca-insp", Role.INSPECTOR, "510107")
    clue = services.transition(clue, Action.CLOSE, inspector)
    assert clue.state == State.CLOSED


def test_redirect_needs_the_body(client, submitted, clerk):
    client.force_login(clerk)
    response = client.post(
        f"/api/v1/clues/{submitted[0].pk}/transitions",
        {"action": "redirect", "redirect_kind": "other_bureau"},
        content_type="application/json",
    )
    assert response.status_code == 422 and response.json()["field"] == "body"


# --- the old refusals: moved (open) or kept readable (closed) ------------------------------------


def test_migration_maps_the_old_refusals(raw, clerk):
    migration = import_module("wageguard.clues.migrations.0006_map_old_reject_reasons")
    made = {}
    for reason in ("no_employer", "supplement", "no_jurisdiction", "not_wage_matter"):
        clue = factories.clue_intake(raw()).clue
        Clue.objects.filter(pk=clue.pk).update(
            state="rejected", outcome=reason, reply_text="旧答复", replied_at=timezone.now()
        )
        made[reason] = clue.pk
    closed = factories.clue_intake(raw()).clue
    Clue.objects.filter(pk=closed.pk).update(state="closed", outcome="no_employer")
    migration.forward(apps, None)
    rows = {r: Clue.objects.get(pk=pk) for r, pk in made.items()}
    assert rows["no_employer"].state == "awaiting_supplement"
    assert rows["no_employer"].supplement_missing == "employer"
    assert rows["no_employer"].replied_at is None and rows["no_employer"].due_date is None
    assert rows["supplement"].supplement_missing == "material"
    assert rows["no_jurisdiction"].state == "redirected"
    assert rows["no_jurisdiction"].redirect_kind == "other_bureau"
    assert rows["not_wage_matter"].redirect_kind == "not_labour_matter"
    assert ClueHistory.objects.filter(action="migrate_answer", public=True).count() == 4
    assert Clue.objects.get(pk=closed.pk).state == "closed"
    assert outcome_label("no_employer") == "无明确的用人单位（旧规则下不予受理）"
    migration.backward(apps, None)
    assert Clue.objects.get(pk=made["no_employer"]).state == "rejected"
    assert Clue.objects.get(pk=made["no_jurisdiction"]).outcome == "no_jurisdiction"


def test_supplement_refused_when_nothing_was_asked(submitted):
    with pytest.raises(ValidationError):
        supplement.by_reporter(submitted[0], detail="补正")


@pytest.mark.parametrize(("offset", "late"), [(-1, False), (0, False), (1, True)])
def test_new_acceptance_limit_boundaries_through_the_api_and_page(
    client, submitted, clerk, monkeypatch, offset, late
):
    def freeze(day: dt.date) -> None:
        moment = dt.datetime.combine(day, dt.time(10), tzinfo=timezone.get_current_timezone())
        monkeypatch.setattr(timezone, "now", lambda: moment)

    supplied = dt.date(2026, 9, 7)  # a Monday
    freeze(supplied - dt.timedelta(days=10))
    clue = _ask(_received_on(submitted[0], supplied - dt.timedelta(days=12)), clerk)
    freeze(supplied)
    clue = services.transition(
        clue, Action.SUPPLEMENT, clerk, employer_name="成都锦程建设有限公司", detail="补正"
    )
    due = add_workdays(supplied, 5).date
    assert clue.due_date == due == D("2026-09-14")
    freeze(due + dt.timedelta(days=offset))
    client.force_login(clerk)
    sla = client.get(f"/api/v1/clues/{clue.pk}").json()["sla"]
    assert (sla == "overdue") is late
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    assert ("已超期" in page) is late
