"""The demo's cases: every state, with documents, transfers, listings and published batches."""

import pytest
from django.utils import timezone

from wageguard.cases.models import CaseDocument, Decision, EnforcementCase, PoliceTransfer
from wageguard.credit.models import CreditListing
from wageguard.demo.enforcement import seed as seed_cases
from wageguard.demo.province import seed
from wageguard.publication.models import PublicationBatch

pytestmark = pytest.mark.django_db


def test_demo_cases_cover_every_state_and_are_added_once():
    seed(with_clues=False)
    made = seed_cases("tiny")
    assert made == EnforcementCase.objects.filter(source="inspection").count() == 12
    assert seed_cases("tiny") == 0

    states = set(EnforcementCase.objects.values_list("state", flat=True))
    assert {"filed", "investigating", "decided", "closed"} <= states
    today = timezone.localdate()
    assert EnforcementCase.objects.filter(state="investigating", due_date__lt=today).exists()
    assert EnforcementCase.objects.filter(extended=True).exists()
    assert Decision.objects.filter(state="not_complied", kind="order").exists()
    assert Decision.objects.filter(kind="penalty").exists()
    assert PoliceTransfer.objects.filter(letter__isnull=False, response="filed").exists()
    assert CaseDocument.objects.filter(kind="transfer").exists()
    assert CaseDocument.objects.filter(number__startswith="武人社监令〔").exists()

    listings = dict(CreditListing.objects.values_list("state", "unit_name"))
    assert {"listed", "notified", "expired", "removed"} <= set(listings)
    expired = CreditListing.objects.get(state="expired")
    assert expired.expires_on <= today and expired.case.filed_on < expired.listed_on
    removed = CreditListing.objects.get(state="removed")
    assert removed.removed_on == today and removed.removal_document_id

    assert PublicationBatch.objects.filter(state="published", items__isnull=False).exists()
    # Half of the cases sit in 武侯区, so its demo logins see each kind of work.
    assert EnforcementCase.objects.filter(region_id="510107").count() == 6


def test_demo_cases_sit_on_demo_projects_and_one_warning_became_a_case():
    from wageguard.cases.models import CaseLiability
    from wageguard.demo.case_projects import seed as seed_case_projects
    from wageguard.demo.projects import seed as seed_projects
    from wageguard.demo.warnings import seed as seed_warnings
    from wageguard.projects.models import Warning

    seed(with_clues=False)
    seed_cases("tiny")
    seed_projects("tiny")
    seed_warnings()
    assert seed_case_projects() > 0 and seed_case_projects() == 0
    linked = EnforcementCase.objects.filter(project__code__startswith="DEMO-", region_id="510107")
    assert linked.filter(source="inspection").count() >= 2
    finding = CaseLiability.objects.get()
    assert finding.ordered and finding.liable_id == finding.project.general_contractor_id
    turned = Warning.objects.get(outcome="case")
    case = EnforcementCase.objects.get(number=turned.outcome_ref)
    assert case.source == "warning" and case.project_id == turned.project_id
    # One case paid from its project's wage deposit, not yet topped up.
    from wageguard.projects.models import DepositMovement

    drawn = DepositMovement.objects.get(kind="drawn")
    assert drawn.case_number and drawn.deposit.topup_due_on is not None
    assert drawn.on <= timezone.localdate()
    assert DepositMovement.objects.filter(kind="lodged").count() > 1
    # The walkthrough's red warning in 武侯区 is still waiting.
    assert Warning.objects.filter(region_id="510107", level="red", state="issued").exists()
