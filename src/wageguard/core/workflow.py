"""Reading a model's one table of allowed moves (DESIGN "Workflow"): each app keeps its own
`TRANSITIONS = {(state, action): new_state}` in its rules and wraps it here, so the next state,
the actions a state offers and the refusal of a move the table does not hold read alike
everywhere (clues, cases, the credit list, publication batches, inspection findings)."""

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError
from django.db.models import TextChoices
from django.utils.translation import gettext as _


class Workflow:
    def __init__(
        self,
        transitions: Mapping[tuple[str, str], str],
        states: type[TextChoices],
        actions: type[TextChoices],
        *,
        automatic: Iterable[str] = (),
    ) -> None:
        """`automatic`: actions a scheduled job takes (e.g. a term's expiry), in the table but
        never offered to a person."""
        self.transitions = transitions
        self.states = states
        self.actions = actions
        self.automatic = frozenset(automatic)

    def next(self, state: str, action: str) -> str | None:
        """The state `action` leads to from `state`, None when the table has no such move."""
        return self.transitions.get((state, action))

    def allowed(self, state: str) -> list[str]:
        """The actions a person may be offered in `state`, in the table's order."""
        return [a for (s, a) in self.transitions if s == state and a not in self.automatic]

    def next_or_error(self, state: str, action: str) -> str:
        """The next state, or a ValidationError on "action" naming the state and the action."""
        target = self.next(state, action)
        if target is None:
            label = self.actions(action).label if action in self.actions.values else action
            current = self.states(state).label if state in self.states.values else state
            raise ValidationError(
                {
                    "action": _("当前状态（%(state)s）不能执行“%(action)s”")
                    % {"state": current, "action": label}
                }
            )
        return target
