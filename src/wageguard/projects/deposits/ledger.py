"""Reads of the wage deposit: the required rate and amount for a project (the contractor's
record read through `extensions.CONTRACTOR_RECORDS`, the rule in `projects.deposits`) and the
balance derived from the ledger's movements. The changes are in `deposits.services`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from wageguard.core import calendar

from ..extensions import CONTRACTOR_RECORDS
from ..models import (
    SIGN,
    DepositMovement,
    DepositSettings,
    MovementKind,
    Project,
    WageDeposit,
)
from ..rules import ACTIVE, DepositForm
from . import rules as deposits


def rates() -> deposits.Rates:
    row = DepositSettings.for_province()
    return deposits.Rates(
        base=row.base_rate,
        multi_project=row.multi_project_rate,
        arrears_uplift=row.arrears_uplift,
        listed_uplift=row.listed_uplift,
    )


def contractor_records(
    enterprise_ids: list[int], since: dt.date
) -> dict[int, list[deposits.ContractorRecord]]:
    """Each contractor's records from every provider the apps above registered (one query per
    provider for the whole list)."""
    out: dict[int, list[deposits.ContractorRecord]] = {}
    if not enterprise_ids:
        return out
    for provider in CONTRACTOR_RECORDS:
        for record in provider(list(enterprise_ids), since):
            out.setdefault(record.enterprise_id, []).append(record)
    return out


def _other_active(projects: list[Project]) -> dict[int, int]:
    """Per project, the general contractor's other active projects in the same prefecture (the
    deposit's management area, art. 11 para. 2); one query."""
    contractors = {p.general_contractor_id for p in projects}
    counts: dict[tuple[int, str | None], int] = {}
    rows = (
        Project.objects.filter(general_contractor_id__in=contractors, state__in=ACTIVE)
        .values("general_contractor_id", "region__parent_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts[(row["general_contractor_id"], row["region__parent_id"])] = row["n"]
    # The page's project has its region loaded; a batch's projects are looked up in one query.
    parents = {p.pk: p.region.parent_id for p in projects if Project.region.is_cached(p)}
    missing = [p.pk for p in projects if p.pk not in parents]
    if missing:
        parents.update(Project.objects.filter(pk__in=missing).values_list("pk", "region__parent"))
    out = {}
    for p in projects:
        n = counts.get((p.general_contractor_id, parents.get(p.pk)), 0)
        out[p.pk] = max(0, n - (1 if p.state in ACTIVE else 0))
    return out


def required_for(
    projects: list[Project], on: dt.date | None = None
) -> dict[int, deposits.Required]:
    """The required deposit of each project on `on` (today by default): three queries plus one
    per record provider, whatever the number of projects."""
    if not projects:
        return {}
    on = on or timezone.localdate()
    the_rates = rates()
    records = contractor_records(
        sorted({p.general_contractor_id for p in projects}),
        calendar.add_months(on, -12 * deposits.ARREARS_YEARS),
    )
    others = _other_active(projects)
    return {
        p.pk: deposits.required_deposit(
            p.contract_value,
            the_rates,
            records=records.get(p.general_contractor_id, ()),
            other_active_projects=others[p.pk],
            on=on,
            contract_signed_on=p.contract_signed_on,
        )
        for p in projects
    }


@dataclass(frozen=True)
class Totals:
    covered: Decimal  # lodged and topped up
    balance: Decimal  # covered less drawn and released
    drawn: Decimal
    topped_up: Decimal

    @property
    def owed(self) -> Decimal:
        """Drawn and not yet topped up."""
        return max(Decimal(0), self.drawn - self.topped_up)


def totals(deposit_ids: list[int]) -> dict[int, Totals]:
    """Each deposit's sums by kind, in one aggregate query."""
    sums = {kind: Sum("amount", filter=Q(kind=kind), default=Decimal(0)) for kind in MovementKind}
    rows = (
        DepositMovement.objects.filter(deposit_id__in=deposit_ids)
        .values("deposit_id")
        .annotate(**{k.value: v for k, v in sums.items()})
        .order_by()
    )
    out = {}
    for row in rows:
        covered = row[MovementKind.LODGED] + row[MovementKind.TOPPED_UP]
        balance = sum((row[k] * SIGN[k] for k in MovementKind), Decimal(0))
        out[row["deposit_id"]] = Totals(
            covered, balance, row[MovementKind.DRAWN], row[MovementKind.TOPPED_UP]
        )
    return out


def balance_of(deposit: WageDeposit) -> Decimal:
    found = totals([deposit.pk]).get(deposit.pk)
    return found.balance if found else Decimal(0)


def current_deposit(project: Project | int) -> WageDeposit | None:
    """The project's deposit in force: the latest lodged cash deposit or guarantee not released
    (an exemption holds no money)."""
    pk = project.pk if isinstance(project, Project) else project
    return (
        WageDeposit.objects.filter(project_id=pk, released_on__isnull=True, lodged_on__isnull=False)
        .exclude(form=DepositForm.EXEMPT)
        .order_by("-lodged_on", "-pk")
        .first()
    )


def has_balance(project_id: int | None) -> bool:
    """Whether the project's current deposit has money left to draw on (the case action is
    offered only then)."""
    if project_id is None:
        return False
    deposit = current_deposit(project_id)
    return deposit is not None and balance_of(deposit) > 0


def topup_owed(project: Project) -> bool:
    """Whether the project's current deposit was drawn on and not yet topped up."""
    deposit = current_deposit(project)
    return deposit is not None and deposit.topup_due_on is not None
