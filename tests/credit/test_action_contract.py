"""One contract over every credit-list action a person takes, through the page and the API:
refused without the permission (403) and from another jurisdiction (404), a bad field named
(400 with the field marked on the page, 422 naming it in the API), nothing written on any
refusal, and on success the new state, a history line and one audit event `credit.<action>`.
A new declaration in `credit.actions` without a case here fails the coverage test."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import timezone

from wageguard.core.models import AuditEvent
from wageguard.credit import services
from wageguard.credit.actions import ACTIONS
from wageguard.credit.models import CreditListing, CreditListingHistory
from wageguard.credit.rules import WORKFLOW
from wageguard.org.rules import Role

from .conftest import make_case

pytestmark = pytest.mark.django_db

_TODAY = dt.date.today()
# action -> (the steps before it, its valid data, a (field, value) it refuses naming the field)
CASES = {
    # Approved within the first 20 working days after the order's deadline (the listing was
    # proposed 400 days ago, 10 days after that deadline).
    "extend_decision": (
        [],
        {"approved_on": (_TODAY - dt.timedelta(days=399)).isoformat(), "reason": "涉及多个项目"},
        ("reason", ""),
    ),
    "record_commitment": (
        [],
        {"commitment_text": "承诺不再拖欠农民工工资"},
        ("commitment_on", "x"),
    ),
    "check_objection": (
        ["notify", "objection"],
        {"result": "异议不成立，已书面告知"},
        ("result", ""),
    ),
    "restore": (
        ["notify", "record_defence", "decide", "recovered", "apply", "approve_removal"],
        {"reason": "提供虚假的工资支付凭证"},
        ("reason", ""),
    ),
    "revoke": (
        ["notify", "record_defence", "decide"],
        {
            "revoking_kind": "review",
            "revoking_body": "成都市武侯区人民政府",
            "revoking_document": "武府复决〔2026〕3号",
            "order_revoked_on": (_TODAY - dt.timedelta(days=2)).isoformat(),
            "reason": "责令改正指令书被行政复议决定撤销",
        },
        ("revoking_kind", "bogus"),
    ),
    "notify": ([], {}, ("notified_on", "not-a-date")),
    "record_defence": (["notify"], {"defence_text": "已支付部分工资"}, ("defence_on", "x")),
    "decide": (["notify", "record_defence"], {}, None),
    "drop": ([], {"reason": "陈述申辩意见成立"}, ("reason", "")),
    "apply_removal": (
        ["notify", "record_defence", "decide", "recovered"],
        {"commitment": True},
        ("removal_applied_on", "x"),
    ),
    "approve_removal": (["notify", "record_defence", "decide", "recovered", "apply"], {}, None),
    "refuse_removal": (
        ["notify", "record_defence", "decide", "recovered", "apply"],
        {"reason": "承诺书未签章"},
        ("reason", ""),
    ),
}
NAMES = list(CASES)
CHANNELS = ("page", "api")


@pytest.fixture
def actors(make_user, supervisor):
    return {
        "handler": supervisor,
        "auditor": make_user("credit-auditor", Role.AUDITOR, "510107"),
        "stranger": make_user("credit-stranger", Role.SUPERVISOR, "510104"),
    }


def _ready(clock, handler, name: str) -> CreditListing:
    """A listing in a state where `name` is allowed: proposed long ago, the arrears paid more
    than 6 months ago where removal is at stake, each step through the real service."""
    today = timezone.localdate()
    clock.day = today - dt.timedelta(days=400)
    case = make_case(handler)
    listing = services.propose(case, handler)
    for step in CASES[name][0]:
        if step == "recovered":
            case.workers.update(
                amount_recovered=F("amount_owed"), recovered_on=today - dt.timedelta(days=300)
            )
            clock.day = None
        elif step == "apply":
            listing = services.transition(listing, "apply_removal", handler, commitment=True)
        elif step == "objection":
            listing = services.transition(
                listing, "record_defence", handler, defence_text="拖欠数额有误"
            )
        else:
            listing = services.transition(listing, step, handler)
    clock.day = None
    assert name in WORKFLOW.allowed(listing.state), (name, listing.state)
    return listing


def _written(listing: CreditListing) -> tuple:
    row = CreditListing.objects.filter(pk=listing.pk).values().get()
    history = CreditListingHistory.objects.filter(listing_id=listing.pk).count()
    audit = (
        AuditEvent.objects.filter(object_id=str(listing.pk), action__startswith="credit.")
        .exclude(action="credit.view")
        .count()
    )
    return row, history, audit


def _post(client, channel: str, listing: CreditListing, name: str, data: dict):
    if channel == "api":
        return client.post(
            f"/api/v1/credit-listings/{listing.pk}/transition",
            {"action": name, **data},
            content_type="application/json",
        )
    form = {f"{name}-{k}": ("on" if v is True else v) for k, v in data.items()}
    return client.post(f"/credit/{listing.pk}/transition/", {"action": name, **form})


def test_every_person_action_is_covered():
    assert {a.name for a in ACTIONS if not a.automatic} == set(CASES)


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", NAMES)
def test_refused_without_the_permission(client, clock, actors, channel, name):
    listing = _ready(clock, actors["handler"], name)
    client.force_login(actors["auditor"])
    before = _written(listing)
    assert _post(client, channel, listing, name, CASES[name][1]).status_code == 403
    assert _written(listing) == before


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", NAMES)
def test_another_jurisdiction_gets_404(client, clock, actors, channel, name):
    listing = _ready(clock, actors["handler"], name)
    client.force_login(actors["stranger"])
    before = _written(listing)
    assert _post(client, channel, listing, name, CASES[name][1]).status_code == 404
    assert _written(listing) == before


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", [n for n in NAMES if CASES[n][2]])
def test_bad_input_names_the_field_and_writes_nothing(client, clock, actors, channel, name):
    listing = _ready(clock, actors["handler"], name)
    client.force_login(actors["handler"])
    bad_field, bad_value = CASES[name][2]
    before = _written(listing)
    response = _post(client, channel, listing, name, {**CASES[name][1], bad_field: bad_value})
    if channel == "api":
        assert response.status_code == 422, response.content
        assert response.json()["field"] == bad_field
    else:
        assert response.status_code == 400
        assert f'data-field="{bad_field}"' in response.content.decode()
    assert _written(listing) == before


@pytest.mark.parametrize("channel", CHANNELS)
@pytest.mark.parametrize("name", NAMES)
def test_success_moves_the_state_with_history_and_audit(client, clock, actors, channel, name):
    listing = _ready(clock, actors["handler"], name)
    client.force_login(actors["handler"])
    if channel == "api":
        offered = client.get(f"/api/v1/credit-listings/{listing.pk}").json()["available_actions"]
    else:
        offered = [a for a in NAMES if f'data-action="{a}"' in _page(client, listing)]
    assert name in offered
    expected = WORKFLOW.next(listing.state, name)
    response = _post(client, channel, listing, name, CASES[name][1])
    assert response.status_code == (200 if channel == "api" else 302), response.content
    listing.refresh_from_db()
    assert listing.state == expected
    assert CreditListingHistory.objects.filter(listing=listing, action=name).exists()
    audit = AuditEvent.objects.filter(action=f"credit.{name}", object_id=str(listing.pk))
    assert audit.count() == 1


def _page(client, listing: CreditListing) -> str:
    return client.get(f"/credit/{listing.pk}/").content.decode()
