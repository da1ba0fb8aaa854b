"""Who answers for arrears on a construction project (Decree 724 arts. 29, 30, 36), at its
boundaries: the employer as a registered subcontractor, as the general contractor, as the
developer, as a unit the project does not register; and which findings fit which role."""

import pytest

from wageguard.cases.rules.liability import (
    RULES,
    Basis,
    Duty,
    ProjectRole,
    bases_for,
    basis_problem,
    presumed,
    role_on_project,
)

DEV, GC, SUB, OTHER = 1, 2, 3, 9


def role(enterprise_id, subs=frozenset({SUB})):
    return role_on_project(
        enterprise_id, developer_id=DEV, general_contractor_id=GC, subcontractor_ids=subs
    )


@pytest.mark.parametrize(
    "employer, expected",
    [
        (SUB, ProjectRole.SUBCONTRACTOR),
        (GC, ProjectRole.GENERAL_CONTRACTOR),
        (DEV, ProjectRole.DEVELOPER),
        (OTHER, ProjectRole.NONE),
        (None, ProjectRole.NONE),
    ],
)
def test_the_employers_role_on_the_project(employer, expected):
    assert role(employer) == expected


def test_a_general_contractor_also_listed_as_subcontractor_answers_as_general_contractor():
    assert role(GC, subs=frozenset({GC, SUB})) == ProjectRole.GENERAL_CONTRACTOR


def test_a_subcontractors_arrears_are_paid_first_by_the_general_contractor():
    rule = presumed(ProjectRole.SUBCONTRACTOR)
    assert rule is RULES[Basis.SUBCONTRACTOR]
    assert rule.liable == (ProjectRole.GENERAL_CONTRACTOR,) and rule.duty == Duty.FIRST
    assert (rule.article, rule.paragraph) == ("724.30", 3)
    assert "第三十条第三款" in str(rule.citation)


@pytest.mark.parametrize(
    "employer_role", [ProjectRole.GENERAL_CONTRACTOR, ProjectRole.DEVELOPER, ProjectRole.NONE]
)
def test_nothing_is_presumed_for_anyone_else(employer_role):
    # The general contractor and the developer pay their own arrears; an unregistered
    # employer needs a finding (转包, illegal award, borrowed name) before anyone else pays.
    assert presumed(employer_role) is None


def test_what_each_finding_makes_the_liable_unit_do():
    assert RULES[Basis.WHOLE_SUBCONTRACT].duty == Duty.FIRST  # art. 30 para. 4
    assert RULES[Basis.UNQUALIFIED].duty == Duty.PAYS  # art. 36 para. 1: pays, not first
    assert RULES[Basis.BORROWED_NAME].duty == Duty.PAYS  # art. 36 para. 2
    assert RULES[Basis.DEVELOPER_LATE].duty == Duty.ADVANCE  # art. 29 para. 2
    assert RULES[Basis.DEVELOPER_LATE].liable == (ProjectRole.DEVELOPER,)
    assert set(RULES[Basis.UNQUALIFIED].liable) == {
        ProjectRole.DEVELOPER,
        ProjectRole.GENERAL_CONTRACTOR,
    }


@pytest.mark.parametrize(
    "employer_role, basis, liable_role",
    [
        (ProjectRole.SUBCONTRACTOR, Basis.SUBCONTRACTOR, ProjectRole.GENERAL_CONTRACTOR),
        (ProjectRole.SUBCONTRACTOR, Basis.UNQUALIFIED, ProjectRole.GENERAL_CONTRACTOR),
        (ProjectRole.SUBCONTRACTOR, Basis.DEVELOPER_LATE, ProjectRole.DEVELOPER),
        (ProjectRole.GENERAL_CONTRACTOR, Basis.DEVELOPER_LATE, ProjectRole.DEVELOPER),
        (ProjectRole.NONE, Basis.WHOLE_SUBCONTRACT, ProjectRole.GENERAL_CONTRACTOR),
        (ProjectRole.NONE, Basis.UNQUALIFIED, ProjectRole.DEVELOPER),
        (ProjectRole.NONE, Basis.UNQUALIFIED, ProjectRole.GENERAL_CONTRACTOR),
        (ProjectRole.NONE, Basis.BORROWED_NAME, ProjectRole.GENERAL_CONTRACTOR),
        (ProjectRole.NONE, Basis.BORROWED_NAME, ProjectRole.SUBCONTRACTOR),
    ],
)
def test_findings_that_fit(employer_role, basis, liable_role):
    assert basis in bases_for(employer_role)
    assert basis_problem(employer_role, basis, liable_role) is None


@pytest.mark.parametrize(
    "employer_role, basis",
    [
        # The general contractor is not its own subcontractor.
        (ProjectRole.GENERAL_CONTRACTOR, Basis.SUBCONTRACTOR),
        (ProjectRole.GENERAL_CONTRACTOR, Basis.WHOLE_SUBCONTRACT),
        # A unit the project does not register is no subcontractor under para. 3 ...
        (ProjectRole.NONE, Basis.SUBCONTRACTOR),
        # ... and a registered subcontractor is not a 转包 or borrowed-name case.
        (ProjectRole.SUBCONTRACTOR, Basis.WHOLE_SUBCONTRACT),
        (ProjectRole.SUBCONTRACTOR, Basis.BORROWED_NAME),
        # The developer as employer answers itself.
        (ProjectRole.DEVELOPER, Basis.DEVELOPER_LATE),
        (ProjectRole.DEVELOPER, Basis.SUBCONTRACTOR),
    ],
)
def test_findings_that_do_not_fit_the_employers_role(employer_role, basis):
    problem = basis_problem(employer_role, basis, ProjectRole.GENERAL_CONTRACTOR)
    assert problem is not None and set(problem) == {"basis"}


@pytest.mark.parametrize(
    "basis, liable_role",
    [
        (Basis.SUBCONTRACTOR, ProjectRole.DEVELOPER),
        (Basis.SUBCONTRACTOR, ProjectRole.SUBCONTRACTOR),
        (Basis.DEVELOPER_LATE, ProjectRole.GENERAL_CONTRACTOR),
        (Basis.UNQUALIFIED, ProjectRole.SUBCONTRACTOR),
    ],
)
def test_the_liable_unit_must_be_the_one_the_paragraph_names(basis, liable_role):
    problem = basis_problem(ProjectRole.SUBCONTRACTOR, basis, liable_role)
    assert problem is not None and set(problem) == {"liable_id"}


def test_an_unknown_finding_is_refused():
    assert set(basis_problem(ProjectRole.SUBCONTRACTOR, "x", ProjectRole.DEVELOPER)) == {"basis"}
