"""One contract over every declared clue action, through the page and the API alike: refused
without the permission (403) and from another jurisdiction (404), a missing or wrong field named
(400 on the page with the field marked, 422 in the API naming it), nothing written on any
refusal, and on success the new state, a history line and an audit event `clue.<action>`.

Each action is reached through the real workflow (`services.transition`) from a fresh clue; a new
declaration in `clues.actions` without a case here fails `test_every_declared_action_is_covered`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest

from wageguard.clues import services
from wageguard.clues.actions import ACTIONS
from wageguard.clues.models import Clue, ClueHistory
from wageguard.clues.rules import WORKFLOW, Action
from wageguard.clues.validation import clean_intake
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role, role_can

pytestmark = pytest.mark.django_db

HOME, ELSEWHERE = "510107", "510104"


@dataclass
class Case:
    """How to reach a state where the action is allowed, what it takes, and a bad input."""

    path: list[tuple[str, dict]]
    data: Callable[[Clue], dict] = lambda clue: {}
    # (field, value): the input the action refuses, naming that field; None when it has none.
    bad: tuple[str, object] | None = None
    extra: dict = field(default_factory=dict)


TO_VERIFYING = [(Action.ACCEPT, {}), (Action.START_VERIFICATION, {})]
TO_REPLIED = [
    *TO_VERIFYING,
    (Action.RESOLVE, {"resolution": "paid_in_full"}),
    (Action.REPLY, {"reply_text": "已足额支付。"}),
]

CASES: dict[str, Case] = {
    Action.ACCEPT: Case([]),
    Action.REJECT: Case(
        [],
        lambda c: {"reason": "time_barred", "violation_ended_on": "2020-01-01"},
        bad=("violation_ended_on", "2099-01-01"),  # not 2 years before receipt
    ),
    Action.REQUEST_SUPPLEMENT: Case(
        [], lambda c: {"missing": "employer", "detail": "请提供用人单位全称"}, bad=("missing", "x")
    ),
    Action.SUPPLEMENT: Case(
        [(Action.REQUEST_SUPPLEMENT, {"missing": "material", "detail": "欠薪月份"})],
        lambda c: {"detail": "欠薪月份为 5 至 8 月"},
        bad=("detail", ""),
    ),
    Action.REDIRECT: Case(
        [],
        lambda c: {"redirect_kind": "other_bureau", "body": "成都市锦江区人力资源和社会保障局"},
        bad=("body", ""),
    ),
    Action.START_VERIFICATION: Case([(Action.ACCEPT, {})], bad=("assignee", 999999)),
    Action.RESOLVE: Case(
        TO_VERIFYING, lambda c: {"resolution": "paid_in_full"}, bad=("resolution", "")
    ),
    Action.MARK_UNSUBSTANTIATED: Case(
        TO_VERIFYING, lambda c: {"note": "未发现欠薪"}, bad=("note", "")
    ),
    Action.REFER: Case(
        TO_VERIFYING, lambda c: {"target": "court", "note": "已起诉"}, bad=("target", "moon")
    ),
    Action.CONVERT_TO_CASE: Case(TO_VERIFYING),
    Action.REPLY: Case(
        [*TO_VERIFYING, (Action.RESOLVE, {"resolution": "paid_in_full"})],
        lambda c: {"reply_text": "已督促支付。"},
        bad=("reply_text", ""),
    ),
    Action.CLOSE: Case(TO_REPLIED),
    Action.REOPEN: Case(TO_REPLIED, lambda c: {"reason": "仍未支付"}, bad=("reason", "")),
    Action.TRANSFER: Case(
        [], lambda c: {"region": ELSEWHERE, "reason": "工地在锦江区"}, bad=("region", HOME)
    ),
    Action.MERGE: Case([], lambda c: {"into": c.primary.tracking_code}, bad=("into", "XX0")),
    Action.UNMERGE: Case([("merge", {})]),
}


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def actors(make_user):
    return {
        "handler": make_user("handler", Role.SUPERVISOR, HOME),
        Role.AUDITOR: make_user("auditor", Role.AUDITOR, HOME),
        Role.CLERK: make_user("clerk", Role.CLERK, HOME),
        "stranger": make_user("stranger", Role.SUPERVISOR, ELSEWHERE),
    }


def _ready(raw, handler, name: str) -> Clue:
    """A fresh clue in a state where `name` is allowed, reached through the real workflow."""
    clue = services.intake(clean_intake(raw(), public=True)).clue
    primary = services.intake(clean_intake(raw(), public=True)).clue
    for action, data in CASES[name].path:
        if action == "merge":
            data = {"into": primary.tracking_code}
        clue = services.transition(clue, action, handler, **data)
    assert name in WORKFLOW.allowed(clue.state), (name, clue.state)
    clue.primary = primary
    return clue


def _written(clue: Clue) -> tuple:
    """Everything an action writes about the clue: its row, its history, its audit trail."""
    row = Clue.objects.filter(pk=clue.pk).values().get()
    history = ClueHistory.objects.filter(clue_id=clue.pk).count()
    audit = AuditEvent.objects.filter(object_id=str(clue.pk)).exclude(action="clue.view").count()
    return row, history, audit


def _post(client, channel: str, clue: Clue, name: str, data: dict):
    if channel == "api":
        body = {"action": name, **{k: v for k, v in data.items() if v is not None}}
        return client.post(
            f"/api/v1/clues/{clue.pk}/transitions", body, content_type="application/json"
        )
    form = {f"{name}-{k}": "" if v is None else v for k, v in data.items()}
    return client.post(f"/clues/{clue.pk}/transition/", {"action": name, **form})


CHANNELS = ("page", "api")
NAMES = list(CASES)


def test_every_declared_action_is_covered():
    assert set(ACTIONS.names()) == set(CASES)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("role", [Role.AUDITOR, Role.CLERK])
@pytest.mark.parametrize("name", NAMES)
def test_refused_without_the_permission(client, raw, actors, channel, role, name):
    if role_can(role, ACTIONS.get(name).needs, "clues.clue"):
        pytest.skip(f"a {role} may {name}")
    clue = _ready(raw, actors["handler"], name)
    client.force_login(actors[role])
    if channel == "page":
        page = client.get(f"/clues/{clue.pk}/").content.decode()
        assert f'data-action="{name}"' not in page
    before = _written(clue)
    response = _post(client, channel, clue, name, CASES[name].data(clue))
    assert response.status_code == 403
    assert _written(clue) == before


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", NAMES)
def test_another_jurisdiction_gets_404(client, raw, actors, channel, name):
    clue = _ready(raw, actors["handler"], name)
    client.force_login(actors["stranger"])
    before = _written(clue)
    response = _post(client, channel, clue, name, CASES[name].data(clue))
    assert response.status_code == 404
    assert _written(clue) == before


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", [n for n in NAMES if CASES[n].bad])
def test_bad_input_names_the_field_and_writes_nothing(client, raw, actors, channel, name):
    clue = _ready(raw, actors["handler"], name)
    client.force_login(actors["handler"])
    bad_field, bad_value = CASES[name].bad
    data = {**CASES[name].data(clue), bad_field: bad_value}
    before = _written(clue)
    response = _post(client, channel, clue, name, data)
    if channel == "api":
        assert response.status_code == 422, response.content
        assert response.json()["field"] == bad_field
    else:
        assert response.status_code == 400
        assert f'data-field="{bad_field}"' in response.content.decode()
    assert _written(clue) == before


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", NAMES)
def test_success_moves_the_state_with_history_and_audit(client, raw, actors, channel, name):
    clue = _ready(raw, actors["handler"], name)
    client.force_login(actors["handler"])
    if channel == "page":
        page = client.get(f"/clues/{clue.pk}/").content.decode()
        assert f'data-action="{name}"' in page
    else:
        offered = client.get(f"/api/v1/clues/{clue.pk}").json()["available_actions"]
        assert name in offered
    expected = WORKFLOW.next(clue.state, name)
    if name == Action.UNMERGE:
        expected = clue.state_before_merge
    response = _post(client, channel, clue, name, CASES[name].data(clue))
    assert response.status_code == (200 if channel == "api" else 302), response.content
    clue.refresh_from_db()
    assert clue.state == expected
    assert ClueHistory.objects.filter(clue=clue, action=name).exists()
    assert AuditEvent.objects.filter(action=f"clue.{name}", object_id=str(clue.pk)).count() == 1
