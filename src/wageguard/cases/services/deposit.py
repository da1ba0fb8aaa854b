"""从工资保证金支付: a case whose project's wage deposit paid the workers on the bureau's payment
notice (工资保证金支付通知书, the drawdown measure's document). The ledger entry, its lock, the
balance check and the top-up due date are the projects app's (`projects.deposits.services`); this
records the payment on the case too, in the same transaction."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.org.models import User
from wageguard.projects.deposits import ledger as deposit_ledger
from wageguard.projects.deposits import services as deposit_services
from wageguard.projects.models import DepositMovement, Project

from ..models import EnforcementCase
from . import common

ISSUE = "issue"


def offered(case: EnforcementCase) -> bool:
    """Offered on an open case linked to a project whose current deposit has money left."""
    return case.state != "closed" and deposit_ledger.has_balance(case.project_id)


@transaction.atomic
def pay_from_deposit(
    case: EnforcementCase,
    user: User,
    *,
    amount: Decimal | int | None,
    paid_on: dt.date | None,
    notice_number: str | None,
    note: str = "",
) -> DepositMovement:
    """Records that the deposit of the case's project paid `amount` on `paid_on` under the
    payment notice `notice_number`: the project's ledger is drawn on (refused over its balance,
    naming the amount), the project's history and the case's history both say so, and the
    general contractor owes a top-up within the province's period."""
    case = common.locked_case(case, user, ISSUE)
    common.require_open(case)
    if case.project_id is None:
        raise ValidationError({"amount": _("本案未关联工程项目，不能从工资保证金支付")})
    amount = common.clean_amount(amount, "amount", _("支付金额"), positive=True)
    paid_on = common.clean_date(paid_on, "paid_on", _("支付日期"), earliest=case.filed_on)
    notice_number = common.clean_text(notice_number, "notice_number", _("支付通知书文号"), 60)
    note = common.clean_text(note, "note", _("说明"), 500, required=False)
    project = Project.objects.get(pk=case.project_id)
    try:
        movement = deposit_services.draw_down(
            project,
            user,
            amount=amount,
            on=paid_on,
            notice_number=notice_number,
            case_id=case.pk,
            case_number=case.number,
            note=note,
        )
    except ValidationError as exc:
        # The ledger names its own fields (amount, on): the case's form calls the day paid_on.
        errors = exc.message_dict
        if "on" in errors:
            errors["paid_on"] = errors.pop("on")
        raise ValidationError(errors) from None
    deposit = movement.deposit
    after = {
        "amount": amount,
        "paid_on": paid_on,
        "notice_number": notice_number,
        "project": project.pk,
        "code": project.code,
        "movement": movement.pk,
        "topup_due_on": deposit.topup_due_on,
    }
    common.log(case, "deposit_drawdown", user, after=after, note=note)
    return movement
