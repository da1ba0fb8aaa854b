"""One reading of every app's transition table: next state, offered actions, refusal message."""

import pytest
from django.core.exceptions import ValidationError

from wageguard.credit import rules as credit
from wageguard.publication.rules import WORKFLOW, Action, State


def test_next_allowed_and_refusal_names_state_and_action():
    assert WORKFLOW.next(State.DRAFT, Action.SUBMIT) == State.SUBMITTED
    assert WORKFLOW.allowed(State.SUBMITTED) == [Action.APPROVE, Action.RETURN]
    with pytest.raises(ValidationError) as exc:
        WORKFLOW.next_or_error(State.DRAFT, Action.PUBLISH)
    assert exc.value.message_dict == {"action": ["当前状态（草稿）不能执行“公布”"]}
    with pytest.raises(ValidationError) as exc:
        WORKFLOW.next_or_error(State.DRAFT, "fly")
    assert exc.value.message_dict == {"action": ["当前状态（草稿）不能执行“fly”"]}


def test_automatic_actions_are_in_the_table_but_never_offered():
    assert credit.next_state(credit.State.LISTED, credit.Action.EXPIRE) == credit.State.EXPIRED
    assert credit.Action.EXPIRE not in credit.allowed_actions(credit.State.LISTED)
