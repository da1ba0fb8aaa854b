"""Demo cases on demo projects: after the projects and their warnings exist, some of 武侯区's
open cases are linked to its projects (their employers registered as labour subcontractors, as
an inspection would find them), one gets the official's finding that the general contractor is
ordered to pay first (Decree 724 art. 30), and one red warning is turned into a case, so the
project page shows its cases panel and the liability panel, and the warning its case. The
longest-open linked case paid its workers from the project's wage deposit (three weeks ago,
or on its filing day if later) and the general contractor has not topped it up. All
through the real services; a handful of rows, so the demo's build time does not change."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from wageguard.cases.models import EnforcementCase
from wageguard.cases.rules import State
from wageguard.cases.rules.liability import Basis
from wageguard.cases.services.deposit import pay_from_deposit
from wageguard.cases.services.projects import link_project, record_liability
from wageguard.org.models import User
from wageguard.projects import services as project_services
from wageguard.projects.deposits import ledger as deposit_ledger
from wageguard.projects.models import Project, ProjectContractor, WarningState
from wageguard.projects.warnings import services as warnings

WUHOU = "510107"
LINKED = 4


@transaction.atomic
def seed() -> int:
    """Links the demo's cases to projects once; returns how many cases it touched."""
    inspector = User.objects.filter(username="wuhou-inspector").first()
    if inspector is None or EnforcementCase.objects.filter(project__isnull=False).exists():
        return 0
    projects = list(
        Project.objects.filter(code__startswith="DEMO-", region_id=WUHOU).order_by("pk")[:LINKED]
    )
    cases = list(
        EnforcementCase.objects.filter(region_id=WUHOU, source="inspection")
        .exclude(state=State.CLOSED)
        .exclude(employer=None)
        .order_by("pk")[:LINKED]
    )
    touched = 0
    linked: list[tuple[EnforcementCase, Project]] = []
    for i, (project, case) in enumerate(zip(projects, cases, strict=False)):
        ProjectContractor.objects.get_or_create(
            project=project, enterprise_id=case.employer_id, defaults={"role": "labour"}
        )
        case = link_project(
            case, inspector, project_id=project.pk, note="现场核查：该班组为本项目劳务分包"
        )
        if i == 0:
            record_liability(
                case,
                inspector,
                basis=Basis.SUBCONTRACTOR,
                liable_id=project.general_contractor_id,
                ordered=True,
                reason="劳务分包单位负责人失联，依法责令施工总承包单位先行清偿，再依法追偿",
            )
        touched += 1
        linked.append((case, project))
    if linked:
        # The longest-open case paid from its project's deposit, so the top-up is as late as
        # the case's filing allows.
        case, project = min(linked, key=lambda pair: (pair[0].filed_on, pair[0].pk))
        _pay_from_deposit(case, project, inspector)
    # The most urgent issued warning stays issued for the walkthrough (demo.warnings); the next
    # one becomes a case.
    issued = list(
        warnings.visible(inspector)
        .filter(project__code__startswith="DEMO-", region_id=WUHOU, state=WarningState.ISSUED)
        .order_by("level_rank", "pk")[:2]
    )
    if len(issued) == 2:
        warning = issued[1]
        warnings.transition(
            warning, "refer", inspector, note="现场核查属实，转立案调查", outcome="case"
        )
        touched += 1
    return touched


def _pay_from_deposit(case: EnforcementCase, project: Project, inspector: User) -> None:
    """The case's workers paid from the project's cash deposit (one lodged if the project has
    none), under a payment notice, three weeks ago: the top-up is now overdue."""
    today = timezone.localdate()
    deposit = deposit_ledger.current_deposit(project)
    if deposit is None or deposit_ledger.balance_of(deposit) <= 0:
        value = project.contract_value or Decimal("10000000")
        deposit = project_services.record_deposit(
            project,
            inspector,
            form="cash",
            amount=(value * Decimal("0.02")).quantize(Decimal("0.01")),
            rate=Decimal("2.00"),
            bank="成都银行武侯支行",
            lodged_on=min(today, project.permit_on or today),
        )
    paid_on = max(case.filed_on, deposit.lodged_on, today - dt.timedelta(days=21))
    balance = deposit_ledger.balance_of(deposit)
    pay_from_deposit(
        case,
        inspector,
        amount=min(balance, Decimal("48000.00")),
        paid_on=min(paid_on, today),
        notice_number=f"武人社保支〔{today.year}〕1号",
        note="经办银行按支付通知书支付至农民工本人账户",
    )
