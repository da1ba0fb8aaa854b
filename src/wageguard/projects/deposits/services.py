"""Changes to a wage deposit's ledger: a drawdown for a case, a top-up, a release.

Every change locks the deposit row, checks the amount against the balance it reads under that
lock, writes the movement, the project's history and the audit event, and re-assesses the
project, in one transaction (DESIGN "Workflow").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from wageguard.core import audit, calendar
from wageguard.core.legal import cite
from wageguard.core.scoping import check_may

from .. import services
from ..models import (
    DepositMovement,
    DepositSettings,
    MovementKind,
    Project,
    ProjectHistory,
    WageDeposit,
)
from ..rules import State
from .ledger import balance_of, current_deposit, totals

MODEL = "projects.project"
# A release follows 30 days of public notice after completion (人社部发〔2021〕65号 art. 22).
RELEASE_NOTICE_DAYS = 30


def _amount(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise ValidationError({field: _("请填写金额")})
    try:
        amount = Decimal(str(value))
    except ArithmeticError:
        raise ValidationError({field: _("请填写金额")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("金额应大于零")})
    return amount.quantize(Decimal("0.01"))


def _day(value: Any, field: str, earliest: dt.date | None = None) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({field: _("请填写日期")})
    if value > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天")})
    if earliest is not None and value < earliest:
        raise ValidationError({field: _("日期不能早于 %(day)s") % {"day": f"{earliest:%Y-%m-%d}"}})
    return value


def _locked(project: Project) -> WageDeposit:
    deposit = current_deposit(project)
    if deposit is None:
        raise ValidationError({"amount": _("本项目没有可动用的工资保证金")})
    return WageDeposit.objects.select_for_update().get(pk=deposit.pk)


def _after(project: Project) -> None:
    services.assess(project)


@transaction.atomic
def draw_down(
    project: Project,
    user: Any,
    *,
    amount: Any,
    on: Any,
    notice_number: str,
    case_id: int | None = None,
    case_number: str = "",
    note: str = "",
) -> DepositMovement:
    """工资保证金支付: the bank paid workers from the deposit on the bureau's payment notice. The
    amount cannot exceed the balance read under the deposit's lock (so two drawdowns at once
    cannot overdraw it); the contractor then owes a top-up within the province's period
    (`DepositSettings.topup_workdays`, counted in working days by `core.calendar`)."""
    check_may(user, "change", MODEL, project.region_id, _("该项目不在您的辖区内"))
    amount = _amount(amount, "amount")
    notice_number = (notice_number or "").strip()
    if not notice_number:
        raise ValidationError({"notice_number": _("请填写工资保证金支付通知书文号")})
    deposit = _locked(project)
    on = _day(on, "on", deposit.lodged_on)
    balance = balance_of(deposit)
    if amount > balance:
        raise ValidationError(
            {
                "amount": _("支付金额 %(amount)s 元超过工资保证金余额 %(balance)s 元")
                % {"amount": amount, "balance": balance}
            }
        )
    movement = DepositMovement.objects.create(
        deposit=deposit,
        kind=MovementKind.DRAWN,
        amount=amount,
        on=on,
        notice_number=notice_number[:60],
        case_id_ref=case_id,
        case_number=case_number[:40],
        note=(note or "")[:500],
        recorded_by=user,
    )
    due = calendar.add_workdays(on, DepositSettings.for_province().topup_workdays).date
    deposit.topup_due_on = due
    deposit.save(update_fields=["topup_due_on"])
    after = {
        "amount": amount,
        "on": on,
        "notice_number": notice_number,
        "case": case_number,
        "balance": balance - amount,
        "topup_due_on": due,
    }
    audit.record("project.deposit_drawn", obj=project, after=after, actor=user, reason=note)
    ProjectHistory.write(
        project,
        "deposit_drawn",
        user,
        project.state,
        note=_("支付 %(amount)s 元（%(notice)s%(case)s），应于 %(due)s 前补足")
        % {
            "amount": amount,
            "notice": notice_number,
            "case": f"，{case_number}" if case_number else "",
            "due": f"{due:%Y-%m-%d}",
        },
        data=after,
    )
    _after(project)
    return movement


@transaction.atomic
def top_up(project: Project, user: Any, *, amount: Any, on: Any, note: str = "") -> DepositMovement:
    """补足: the contractor paid the drawn amount back in. Once the balance is back to what was
    lodged, the top-up is no longer owed."""
    check_may(user, "change", MODEL, project.region_id, _("该项目不在您的辖区内"))
    amount = _amount(amount, "amount")
    deposit = _locked(project)
    on = _day(on, "on", deposit.lodged_on)
    found = totals([deposit.pk]).get(deposit.pk)
    missing = found.owed if found else Decimal(0)
    if missing <= 0:
        raise ValidationError({"amount": _("工资保证金未被动用，无需补足")})
    if amount > missing:
        raise ValidationError(
            {
                "amount": _("补足金额 %(amount)s 元超过已动用待补足的 %(missing)s 元")
                % {"amount": amount, "missing": missing}
            }
        )
    movement = DepositMovement.objects.create(
        deposit=deposit,
        kind=MovementKind.TOPPED_UP,
        amount=amount,
        on=on,
        note=(note or "")[:500],
        recorded_by=user,
    )
    if amount == missing:
        deposit.topup_due_on = None
        deposit.save(update_fields=["topup_due_on"])
    after = {"amount": amount, "on": on, "still_missing": missing - amount}
    audit.record("project.deposit_topup", obj=project, after=after, actor=user, reason=note)
    ProjectHistory.write(
        project,
        "deposit_topup",
        user,
        project.state,
        note=_("补足 %(amount)s 元") % {"amount": amount},
        data=after,
    )
    _after(project)
    return movement


@transaction.atomic
def release(
    project: Project, user: Any, *, notice_started_on: Any, on: Any, note: str = ""
) -> WageDeposit:
    """返还: after completion, the contractor's written promise that no arrears are unresolved and
    30 days of public notice (人社部发〔2021〕65号 art. 22), the deposit (or the guarantee's
    original) goes back; the ledger's balance leaves as one movement."""
    check_may(user, "change", MODEL, project.region_id, _("该项目不在您的辖区内"))
    project = Project.objects.get(pk=project.pk)
    if project.completed_on is None or project.state not in (
        State.COMPLETED,
        State.SETTLED,
        State.CLOSED,
    ):
        raise ValidationError(
            {
                "notice_started_on": _("工程完工后方可返还工资保证金（%(basis)s）")
                % {"basis": cite("R65.22")}
            }
        )
    if not isinstance(notice_started_on, dt.date) or notice_started_on < project.completed_on:
        raise ValidationError(
            {
                "notice_started_on": _("公示应在竣工之后开始（%(basis)s）")
                % {"basis": cite("R65.22")}
            }
        )
    on = _day(on, "on")
    if on < notice_started_on + dt.timedelta(days=RELEASE_NOTICE_DAYS):
        raise ValidationError(
            {
                "on": _("公示30日后方可返还（公示自 %(start)s 开始，%(basis)s）")
                % {"start": f"{notice_started_on:%Y-%m-%d}", "basis": cite("R65.22")}
            }
        )
    deposit = current_deposit(project)
    if deposit is None:
        raise ValidationError({"notice_started_on": _("本项目没有未返还的工资保证金")})
    deposit = WageDeposit.objects.select_for_update().get(pk=deposit.pk)
    balance = balance_of(deposit)
    if balance > 0:
        DepositMovement.objects.create(
            deposit=deposit,
            kind=MovementKind.RELEASED,
            amount=balance,
            on=on,
            note=(note or "")[:500],
            recorded_by=user,
        )
    deposit.released_on, deposit.topup_due_on = on, None
    deposit.save(update_fields=["released_on", "topup_due_on"])
    after = {"on": on, "notice_started_on": notice_started_on, "amount": balance}
    audit.record("project.deposit_release", obj=project, after=after, actor=user, reason=note)
    ProjectHistory.write(
        project,
        "deposit_release",
        user,
        project.state,
        note=_("返还 %(amount)s 元") % {"amount": balance},
        data=after,
    )
    _after(project)
    return deposit


def may_release(project: Project) -> bool:
    return project.completed_on is not None and project.state in (
        State.COMPLETED,
        State.SETTLED,
    )
