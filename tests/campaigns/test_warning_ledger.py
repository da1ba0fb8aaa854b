"""A project warning handed on to the problem ledger: the item is the project's supervising
bureau's to rectify by the ledger's deadline, both records link to each other, and a warning
goes into the ledger once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.projects.test_warnings import register
from wageguard.campaigns.models import LedgerItem
from wageguard.campaigns.rules import Source, UnitKind
from wageguard.campaigns.services import open_item_from_warning
from wageguard.core.models import AuditEvent
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role
from wageguard.projects.warnings import services as warnings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


@pytest.fixture
def inspector(make_user):
    return make_user("wuhou", Role.INSPECTOR, "510107")


def test_a_warning_becomes_a_ledger_item_of_the_projects_bureau(inspector):
    project = register(inspector)
    warning = project.warnings.get(rule="account_missing")
    warning = warnings.transition(
        warning, "refer", inspector, note="限期整改：开设专用账户", outcome="ledger"
    )
    item = LedgerItem.objects.get(warning=warning)
    assert warning.state == "handled" and warning.outcome == "ledger"
    assert warning.outcome_url == f"/campaigns/ledger/{item.pk}/"
    assert item.source == Source.WARNING and item.state == "open"
    assert item.unit_kind == UnitKind.PROJECT and item.project_id == project.pk
    assert item.agency_id == project.agency_id and item.region_id == "510107"
    assert project.code in item.description and "限期整改" in item.description
    assert item.due_date > item.opened_at.date()
    assert AuditEvent.objects.filter(action="ledger.open", object_id=str(item.pk)).exists()
    with pytest.raises(ValidationError):
        open_item_from_warning(inspector, warning, "again")


def test_another_county_may_not_put_the_warning_in_its_ledger(inspector, make_user):
    warning = register(inspector).warnings.get(rule="account_missing")
    other = make_user("jinjiang", Role.INSPECTOR, "510104")
    with pytest.raises(PermissionDenied):
        open_item_from_warning(other, warning, "")
    assert not LedgerItem.objects.exists()


def test_the_warning_page_offers_the_ledger_and_the_item_links_back(client, inspector):
    warning = register(inspector).warnings.get(rule="account_missing")
    client.force_login(inspector)
    page = client.get(f"/projects/warnings/{warning.pk}/").content.decode()
    assert 'data-testid="form-to_ledger"' in page
    done = client.post(
        f"/projects/warnings/{warning.pk}/act/to_ledger/",
        {"to_ledger-note": "约谈后限期整改"},
        follow=True,
    )
    item = LedgerItem.objects.get()
    assert done.status_code == 200 and f'href="/campaigns/ledger/{item.pk}/"' in (
        done.content.decode()
    )
    page = client.get(f"/campaigns/ledger/{item.pk}/").content.decode()
    assert "工程项目预警" in page and f'href="/projects/warnings/{warning.pk}/"' in page
