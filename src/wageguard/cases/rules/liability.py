"""Who answers for wages a unit on a construction project owes (清偿责任), Decree 724 arts. 29,
30 and 36. Pure: the caller says what the employer is on the project (its registered developer,
general contractor, a subcontractor, or none of them) and, once the official has found it, the
situation the arrears arose in; the rule says who pays, in what way and under which paragraph.

What follows from the registered parties alone is shown as what the law says (a subcontractor's
arrears: the general contractor pays first, art. 30 para. 3). Whether the arrears arose from a
whole-project subcontracting (转包), an illegal award to an unqualified unit, a borrowed name
(挂靠) or the developer's late payment is a finding of fact, and whether to order the liable unit
to pay is the official's decision: both are recorded on the case with a reason
(`services.liability.record`), never made here. No ORM here (DESIGN: rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from wageguard.core import legal


class ProjectRole(models.TextChoices):
    """What a unit is on one project, from the project's registered parties."""

    DEVELOPER = "developer", _l("建设单位")
    GENERAL_CONTRACTOR = "general_contractor", _l("施工总承包单位")
    SUBCONTRACTOR = "subcontractor", _l("分包单位")
    NONE = "none", _l("非本项目登记的建设、施工单位")


class Basis(models.TextChoices):
    """The situation the arrears arose in: each names the paragraph that says who pays."""

    SUBCONTRACTOR = "724-30-3", _l("分包单位拖欠农民工工资")
    WHOLE_SUBCONTRACT = "724-30-4", _l("工程建设项目转包后拖欠农民工工资")
    UNQUALIFIED = "724-36-1", _l("发包或者分包给个人或者不具备合法经营资格的单位后拖欠农民工工资")
    BORROWED_NAME = "724-36-2", _l("施工单位允许他人以其名义承揽工程（挂靠）后拖欠农民工工资")
    DEVELOPER_LATE = "724-29-2", _l("建设单位未按照合同约定及时拨付工程款导致拖欠")


class Duty(models.TextChoices):
    FIRST = "first", _l("先行清偿，再依法追偿")
    PAYS = "pays", _l("清偿")
    ADVANCE = "advance", _l("以未结清的工程款为限先行垫付")


@dataclass(frozen=True)
class Liability:
    basis: str
    liable: tuple[str, ...]  # the project roles that may be the liable unit
    duty: str
    article: str  # legal key
    paragraph: int

    @property
    def citation(self) -> str:
        return legal.cite(self.article, paragraph=self.paragraph)


RULES: dict[str, Liability] = {
    Basis.SUBCONTRACTOR: Liability(
        Basis.SUBCONTRACTOR, (ProjectRole.GENERAL_CONTRACTOR,), Duty.FIRST, "724.30", 3
    ),
    Basis.WHOLE_SUBCONTRACT: Liability(
        Basis.WHOLE_SUBCONTRACT, (ProjectRole.GENERAL_CONTRACTOR,), Duty.FIRST, "724.30", 4
    ),
    # "由建设单位或者施工总承包单位清偿": whichever of them made the award.
    Basis.UNQUALIFIED: Liability(
        Basis.UNQUALIFIED,
        (ProjectRole.DEVELOPER, ProjectRole.GENERAL_CONTRACTOR),
        Duty.PAYS,
        "724.36",
        1,
    ),
    # "由施工单位清偿": the construction unit that lent its name, the general contractor or a
    # registered subcontractor.
    Basis.BORROWED_NAME: Liability(
        Basis.BORROWED_NAME,
        (ProjectRole.GENERAL_CONTRACTOR, ProjectRole.SUBCONTRACTOR),
        Duty.PAYS,
        "724.36",
        2,
    ),
    Basis.DEVELOPER_LATE: Liability(
        Basis.DEVELOPER_LATE, (ProjectRole.DEVELOPER,), Duty.ADVANCE, "724.29", 2
    ),
}

# Which situations can concern an employer of each role. A registered subcontractor's arrears
# fall under art. 30 para. 3, or art. 36 para. 1 when it was an unqualified unit; an employer the
# project does not register worked under a whole-project subcontract, an illegal award or a
# borrowed name; the developer's late payment (art. 29 para. 2) can lie behind any contractor's
# arrears. The developer as employer and the general contractor's own arrears other than through
# art. 29 need no one else: the employer pays.
BASES: dict[str, tuple[str, ...]] = {
    ProjectRole.SUBCONTRACTOR: (Basis.SUBCONTRACTOR, Basis.UNQUALIFIED, Basis.DEVELOPER_LATE),
    ProjectRole.GENERAL_CONTRACTOR: (Basis.DEVELOPER_LATE,),
    ProjectRole.DEVELOPER: (),
    ProjectRole.NONE: (Basis.WHOLE_SUBCONTRACT, Basis.UNQUALIFIED, Basis.BORROWED_NAME),
}


def role_on_project(
    enterprise_id: int | None,
    *,
    developer_id: int | None,
    general_contractor_id: int | None,
    subcontractor_ids: frozenset[int] | set[int],
) -> str:
    """The employer's role on the project. A unit registered in two roles is taken in the one
    that answers itself (general contractor before subcontractor)."""
    if enterprise_id is None:
        return ProjectRole.NONE
    if enterprise_id == general_contractor_id:
        return ProjectRole.GENERAL_CONTRACTOR
    if enterprise_id in subcontractor_ids:
        return ProjectRole.SUBCONTRACTOR
    if enterprise_id == developer_id:
        return ProjectRole.DEVELOPER
    return ProjectRole.NONE


def presumed(role: str) -> Liability | None:
    """What the registered parties alone say: a subcontractor's arrears are paid first by the
    general contractor (art. 30 para. 3: "分包单位拖欠农民工工资的，由施工总承包单位先行清偿，
    再依法进行追偿"). Anything else needs a finding of fact, so nothing is presumed."""
    if role == ProjectRole.SUBCONTRACTOR:
        return RULES[Basis.SUBCONTRACTOR]
    return None


def bases_for(role: str) -> tuple[str, ...]:
    return BASES.get(role, ())


def basis_problem(role: str, basis: str, liable_role: str) -> dict[str, str] | None:
    """Why a recorded finding does not fit the project (field -> message), or None: the
    situation must be one that can concern an employer of this role, and the liable unit one
    the paragraph names."""
    if basis not in RULES:
        return {"basis": _("请选择清偿责任的情形")}
    if basis not in bases_for(role):
        return {
            "basis": _("用人单位在本项目中是%(role)s，不适用“%(basis)s”（%(cite)s）")
            % {
                "role": ProjectRole(role).label,
                "basis": Basis(basis).label,
                "cite": RULES[basis].citation,
            }
        }
    rule = RULES[basis]
    if liable_role not in rule.liable:
        names = "、".join(str(ProjectRole(r).label) for r in rule.liable)
        return {
            "liable_id": _("%(cite)s规定由%(names)s承担，所选单位在本项目中是%(role)s")
            % {"cite": rule.citation, "names": names, "role": ProjectRole(liable_role).label}
        }
    return None
