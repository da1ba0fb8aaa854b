"""What cases add to other apps' pages, registered in `CasesConfig.ready()`: on the enterprise
page (`parties.extensions.ENTERPRISE_PANELS`) the cases the enterprise is a party to; on the
project page (`projects.extensions.PROJECT_PANELS`) the cases against the project or its
developer and contractors, and who answers for a subcontractor's arrears (Decree 724 art. 30)
with what each case has recorded of it.

Each panel reads a fixed number of queries whatever the project holds; a role that may not see
cases gets no panel (the clues panel decides the same way for clues)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from wageguard.clues.models import Clue
from wageguard.clues.rules import OPEN_STATES as CLUE_OPEN_STATES
from wageguard.core.deadlines import Clock
from wageguard.parties.models import Enterprise

from . import filters
from .models import CaseLiability, EnforcementCase
from .rules import State
from .rules.liability import ProjectRole, presumed
from .services import MODEL
from .services.projects import ProjectParties

LIMIT = 20


def enterprise_cases(enterprise: Any, user: Any) -> dict | None:
    if not user.can("view", MODEL):
        return None
    rows = EnforcementCase.objects.restrict(user, "view").filter(parties__enterprise=enterprise)
    rows = rows.distinct()
    return {
        "cases": list(rows.select_related("region").order_by("-pk")[:LIMIT]),
        "total": rows.count(),
        "limit": LIMIT,
    }


def project_cases(project: Any, user: Any) -> dict | None:
    """The cases the user may see that are linked to the project or whose employer is its
    developer, general contractor or a subcontractor (a contractor's case on another site
    still tells the inspector about the unit), newest first, each with its amounts owed and
    recovered, its deadline state and the employer's role here. Six queries whatever the
    number of cases or contractors."""
    if not user.can("view", MODEL):
        return None
    parties = ProjectParties.of(project)
    rows = EnforcementCase.objects.restrict(user, "view").filter(
        Q(project=project) | Q(employer_id__in=parties.ids())
    )
    cases = filters.page(rows.order_by("-filed_on", "-id"), 0, LIMIT)
    clock = Clock.now(filters.STAGE)
    for case in cases:
        case.sla = clock.of(case)
        case.linked = case.project_id == project.pk
        case.role = parties.role(case.employer_id)
        case.role_label = "" if case.role == ProjectRole.NONE else ProjectRole(case.role).label
    return {
        "cases": cases,
        "total": rows.count(),
        "limit": LIMIT,
    }


def project_liability(project: Any, user: Any) -> dict | None:
    """总承包单位先行清偿: every open case of a subcontractor of the project (or linked to the
    project with an employer it does not register, or with a finding recorded), and every open
    clue naming a subcontractor, with what the law says and what the case has recorded. The law
    says the general contractor pays a subcontractor's arrears first (Decree 724 art. 30 para.
    3); whether to order it to is the official's, recorded on the case (`liability` action).
    None when there is nothing to show, or for a role that may not see cases."""
    if not user.can("view", MODEL):
        return None
    parties = ProjectParties.of(project)
    subs = sorted(parties.subcontractor_ids)
    against = (
        Q(employer_id__in=subs)
        | (Q(project=project) & ~Q(employer_id__in=parties.ids()))
        | Q(pk__in=CaseLiability.objects.filter(project=project).values("case_id"))
    )
    rows = (
        EnforcementCase.objects.restrict(user, "view").filter(against).exclude(state=State.CLOSED)
    )
    cases = filters.page(rows.order_by("-filed_on", "-id"), 0, LIMIT)
    findings: dict[int, CaseLiability] = {}
    ids = [case.pk for case in cases]
    for row in CaseLiability.objects.filter(case_id__in=ids, project=project).select_related(
        "liable"
    ):
        findings[row.case_id] = row  # ordered by decision time: the latest stays
    for case in cases:
        case.role = parties.role(case.employer_id)
        case.role_label = ProjectRole(case.role).label
        case.rule = presumed(case.role)
        case.finding = findings.get(case.pk)
        case.outstanding = case.owed - case.recovered
    clues = _subcontractor_clues(project, user, subs)
    if not cases and not clues:
        return None
    return {
        "cases": cases,
        "total": rows.count(),
        "limit": LIMIT,
        "clues": clues,
        "general_contractor": project.general_contractor,
        "roles": ProjectRole,
    }


def _subcontractor_clues(project: Any, user: Any, subs: list[int]) -> list:
    """Open clues naming a subcontractor of the project (by credit code or name key): arrears
    reported, not yet a case."""
    if not subs or not user.can("view", "clues.clue"):
        return []
    named = list(Enterprise.objects.filter(pk__in=subs).values_list("credit_code", "name_norm"))
    codes = [code for code, _norm in named if code]
    names = [norm for _code, norm in named if norm]
    return list(
        Clue.objects.restrict(user, "view")
        .filter(state__in=CLUE_OPEN_STATES)
        .filter(Q(employer_credit_code__in=codes) | Q(employer_name_norm__in=names))
        .filter(Q(project__isnull=True) | Q(project=project))
        .order_by("-received_at")[:LIMIT]
    )
