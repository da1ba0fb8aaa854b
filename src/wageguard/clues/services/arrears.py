"""The worker lines of a clue (欠薪明细) and what was recovered for each."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User

from ..models import ArrearsLine, Clue
from .steps import check_can_act, history


@transaction.atomic
def record_recovery(
    user: User, line: ArrearsLine, amount: Decimal, on: dt.date, method: str
) -> ArrearsLine:
    clue = line.clue
    check_can_act(user, clue, "change")
    if amount < 0 or amount > line.amount_owed:
        raise ValidationError({"amount_recovered": _("追回金额须在 0 与欠薪金额之间")})
    before = audit.snapshot(line)
    line.amount_recovered, line.recovered_on, line.method = amount, on, method
    line.save()
    # In the clue's history too (issue 14): the running total, the day and how, for the line.
    history(
        clue,
        "recovery",
        user,
        clue.state,
        public=False,
        line=line.pk,
        amount=amount,
        recovered_on=on,
        method=method,
    )
    audit.record("clue.recovery", obj=clue, actor=user, before=before, after=audit.snapshot(line))
    return line


@transaction.atomic
def add_arrears_line(user: User, clue: Clue, **fields) -> ArrearsLine:
    check_can_act(user, clue, "change")
    line = ArrearsLine(clue=clue, **fields)
    line.full_clean(exclude=["clue"])
    line.save()
    audit.record("clue.arrears_add", obj=clue, actor=user, after=audit.snapshot(line))
    return line
