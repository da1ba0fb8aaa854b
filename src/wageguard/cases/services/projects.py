"""A case and its construction project: linking the case to the registered project it arose on,
and the official's finding of who answers for the arrears (Decree 724 arts. 29, 30, 36) with the
decision whether to order that unit to pay. The rule that says who is liable is pure
(`rules.liability`); what the facts are and whether to order payment are recorded here, with a
reason, by the official."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from wageguard.core import audit
from wageguard.org.models import User
from wageguard.parties.models import Enterprise
from wageguard.projects.models import Project, ProjectContractor
from wageguard.projects.rules import State as ProjectState

from ..models import CaseLiability, CaseParty, EnforcementCase
from ..rules import PartyRole
from ..rules.liability import Basis, ProjectRole, basis_problem, role_on_project
from . import common

INVESTIGATE = "investigate"
ISSUE = "issue"

# A unit's role on the project as the case's party role (the parties list names it).
PARTY_ROLE = {
    ProjectRole.DEVELOPER: PartyRole.DEVELOPER,
    ProjectRole.GENERAL_CONTRACTOR: PartyRole.GENERAL_CONTRACTOR,
    ProjectRole.SUBCONTRACTOR: PartyRole.SUBCONTRACTOR,
}


def project_in(region_id: str, project_id: int | None, field: str = "project_id") -> Project:
    """The project `project_id` if it is in the county `region_id` (a case belongs to the county
    where the work is, and so does a project: Decree 423 art. 13, Decree 724 art. 38)."""
    if isinstance(project_id, bool) or not isinstance(project_id, int):
        raise ValidationError({field: _("请选择工程项目")})
    project = Project.objects.filter(pk=project_id, region_id=region_id).first()
    if project is None:
        raise ValidationError({field: _("请选择本案辖区内登记的工程项目")})
    return project


def project_choices(region_id: str, current: int | None = None) -> list[tuple[int, str]]:
    """The county's projects as the case page offers them, "name（code）", the current one
    kept even if it has since closed."""
    rows = (
        Project.objects.filter(region_id=region_id)
        .exclude(state=ProjectState.CLOSED)
        .order_by("name", "pk")
        .values_list("pk", "name", "code")
    )
    choices = [(pk, f"{name}（{code}）") for pk, name, code in rows]
    if current is not None and current not in {pk for pk, _label in choices}:
        found = Project.objects.filter(pk=current).values_list("pk", "name", "code").first()
        if found:
            choices.insert(0, (found[0], f"{found[1]}（{found[2]}）"))
    return choices


@transaction.atomic
def link_project(
    case: EnforcementCase, user: User, *, project_id: int | None = None, note: str = ""
) -> EnforcementCase:
    """关联工程项目: links the case to a project of its county, changes the link, or removes it
    (`project_id` None). The project's name fills a blank `project_name`; a project named
    differently in the complaint keeps its words."""
    case = common.locked_case(case, user, INVESTIGATE)
    common.require_open(case)
    note = common.clean_text(note, "note", _("说明"), 2000, required=False)
    project = None if project_id is None else project_in(case.region_id, project_id)
    before = case.project_id
    if project is not None and project.pk == before:
        raise ValidationError({"project_id": _("本案已关联该工程项目")})
    if project is None and before is None:
        raise ValidationError({"project_id": _("请选择工程项目")})
    case.project = project
    fields = ["project", "updated_at"]
    if project is not None and not case.project_name:
        case.project_name = project.name
        fields.append("project_name")
    case.save(update_fields=fields)
    after = {"project": case.project_id, "code": project.code if project else ""}
    common.history(case, "link_project", user, case.state, note=note, previous=before, **after)
    audit.record(
        "case.link_project",
        obj=case,
        actor=user,
        before={"project": before},
        after=after,
        reason=note,
    )
    return case


@dataclass(frozen=True)
class ProjectParties:
    """The project's registered units, by enterprise id: what `role_on_project` reads."""

    developer_id: int
    general_contractor_id: int
    subcontractor_ids: frozenset[int]

    @classmethod
    def of(cls, project: Project) -> ProjectParties:
        """Read once per project object: the project page's two panels share one query."""
        found = getattr(project, "_case_parties", None)
        if found is None:
            found = cls(
                project.developer_id,
                project.general_contractor_id,
                frozenset(project.contractors.values_list("enterprise_id", flat=True)),
            )
            project._case_parties = found
        return found

    def role(self, enterprise_id: int | None) -> str:
        return role_on_project(
            enterprise_id,
            developer_id=self.developer_id,
            general_contractor_id=self.general_contractor_id,
            subcontractor_ids=self.subcontractor_ids,
        )

    def ids(self) -> list[int]:
        return [self.developer_id, self.general_contractor_id, *sorted(self.subcontractor_ids)]


@transaction.atomic
def record_liability(
    case: EnforcementCase,
    user: User,
    *,
    basis: str,
    liable_id: int | None,
    ordered: bool | None,
    reason: str,
) -> CaseLiability:
    """清偿责任认定: the official records the situation the arrears arose in (`basis`, a finding
    of fact), the unit that answers for them under that paragraph (`liable_id`, one of the
    project's registered units, as the paragraph names it) and whether it is ordered to pay
    (`ordered`: the official's decision, never the system's), with the reason. The unit becomes a
    party of the case in its project role. A later finding does not erase an earlier one: the
    latest is the one in force, the earlier stay in the record."""
    case = common.locked_case(case, user, ISSUE)
    common.require_open(case)
    if case.project_id is None:
        raise ValidationError({"basis": _("请先关联工程项目，再认定清偿责任")})
    if basis not in Basis.values:
        raise ValidationError({"basis": _("请选择清偿责任的情形")})
    if ordered is None:
        raise ValidationError({"ordered": _("请选择是否责令该单位清偿")})
    reason = common.clean_text(reason, "reason", _("理由"), 2000)
    project = Project.objects.get(pk=case.project_id)
    parties = ProjectParties.of(project)
    if liable_id is None or liable_id not in parties.ids():
        raise ValidationError({"liable_id": _("请选择本项目登记的建设单位或施工单位")})
    employer_role = parties.role(case.employer_id)
    liable_role = parties.role(liable_id)
    problem = basis_problem(employer_role, basis, liable_role)
    if problem:
        raise ValidationError(problem)
    row = CaseLiability.objects.create(
        case=case,
        project=project,
        basis=basis,
        employer_role=employer_role,
        liable_id=liable_id,
        liable_role=liable_role,
        ordered=ordered,
        reason=reason,
        decided_by=user,
    )
    if liable_id != case.employer_id and liable_role in PARTY_ROLE:
        CaseParty.objects.get_or_create(
            case=case, enterprise_id=liable_id, role=PARTY_ROLE[liable_role]
        )
    after = {
        "basis": basis,
        "employer_role": employer_role,
        "liable": liable_id,
        "liable_role": liable_role,
        "ordered": ordered,
        "project": project.pk,
    }
    liable_name = Enterprise.objects.filter(pk=liable_id).values_list("name", flat=True).first()
    common.history(
        case, "liability", user, case.state, note=reason, liable_name=liable_name, **after
    )
    audit.record("case.liability", obj=row, actor=user, after=after, reason=reason)
    return row


def units_of(project_id: int) -> list[tuple[int, str, ProjectRole]]:
    """The project's registered units, each once in the role that answers first: the general
    contractor, the subcontractors, then the developer (`role_on_project`'s order)."""
    project = Project.objects.select_related("developer", "general_contractor").get(pk=project_id)
    subs = list(
        ProjectContractor.objects.filter(project_id=project_id).select_related("enterprise")
    )
    parties = ProjectParties(
        project.developer_id,
        project.general_contractor_id,
        frozenset(c.enterprise_id for c in subs),
    )
    named = {
        project.general_contractor_id: project.general_contractor.name,
        project.developer_id: project.developer.name,
    }
    named.update({c.enterprise_id: c.enterprise.name for c in subs})
    order = [
        project.general_contractor_id,
        *[c.enterprise_id for c in subs],
        project.developer_id,
    ]
    seen: set[int] = set()
    out = []
    for pk in order:
        if pk not in seen:
            seen.add(pk)
            out.append((pk, named[pk], ProjectRole(parties.role(pk))))
    return out
