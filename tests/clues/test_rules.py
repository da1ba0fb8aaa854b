"""Transition table, SLA and urgency rules at their boundaries (no database)."""

import datetime as dt
from decimal import Decimal

from wageguard.clues.rules import (
    TRANSITIONS,
    Action,
    Sla,
    State,
    UrgencySettings,
    allowed_actions,
    next_state,
    sla_state,
    spring_festival,
    urgent_reasons,
)

RULES = UrgencySettings()


def reasons(**over):
    args = {
        "workers_owed": 1,
        "amount_owed": Decimal("1000"),
        "text": "拖欠工资",
        "sector": "other",
        "received_on": dt.date(2026, 6, 1),
        "rules": RULES,
    }
    args.update(over)
    return urgent_reasons(**args)


def test_table_only_allows_listed_moves():
    assert next_state(State.RECEIVED, Action.ACCEPT) == State.ACCEPTED
    assert next_state(State.RECEIVED, Action.REPLY) is None
    assert next_state(State.CLOSED, Action.ACCEPT) is None
    assert next_state(State.REPLIED, Action.REOPEN) == State.VERIFYING
    assert set(allowed_actions(State.VERIFYING)) == {
        Action.RESOLVE,
        Action.MARK_UNSUBSTANTIATED,
        Action.REFER,
        Action.CONVERT_TO_CASE,
    }
    assert all(a in Action.values and s in State.values for s, a in TRANSITIONS)


def test_sla_from_stored_date():
    today, limit = dt.date(2026, 6, 10), dt.date(2026, 6, 12)
    assert sla_state(dt.date(2026, 6, 9), today, limit) == Sla.OVERDUE
    assert sla_state(dt.date(2026, 6, 10), today, limit) == Sla.DUE_SOON
    assert sla_state(dt.date(2026, 6, 12), today, limit) == Sla.DUE_SOON
    assert sla_state(dt.date(2026, 6, 13), today, limit) == Sla.ON_TIME
    assert sla_state(dt.date(2026, 6, 9), today, limit, done_on=dt.date(2026, 6, 9)) == Sla.ON_TIME
    assert sla_state(dt.date(2026, 6, 9), today, limit, done_on=dt.date(2026, 6, 10)) == Sla.OVERDUE


def test_many_workers_boundary():
    assert reasons(workers_owed=9) == []
    assert "10 名劳动者" in reasons(workers_owed=10)[0]


def test_large_amount_boundary():
    assert reasons(amount_owed=Decimal("499999.99")) == []
    assert "500,000.00" in reasons(amount_owed=Decimal("500000"))[0]


def test_risk_words():
    found = reasons(text="工人说再不给钱就去堵路，还有人想跳楼")
    assert found and "堵路" in found[0] and "跳楼" in found[0]


def test_construction_before_spring_festival():
    festival = spring_festival(2027)
    assert festival == dt.date(2027, 2, 6)
    inside = festival - dt.timedelta(days=30)
    outside = festival - dt.timedelta(days=31)
    assert reasons(sector="construction", received_on=inside)
    assert reasons(sector="construction", received_on=outside) == []
    assert reasons(sector="other", received_on=inside) == []
    assert reasons(sector="construction", received_on=festival + dt.timedelta(days=1)) == []
