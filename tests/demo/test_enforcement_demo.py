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
