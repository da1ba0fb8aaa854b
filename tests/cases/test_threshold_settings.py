"""The province's criminal-threshold figures: shown to case staff with the national bounds,
set by the province's administrator within them (each error on its field), audited, and read
by every case page's answer at once."""

from decimal import Decimal

import pytest
from django.urls import reverse

from wageguard.cases.models import CriminalThresholdSetting, EnforcementCase
from wageguard.core.models import AuditEvent
from wageguard.org.rules import Role

from .conftest import direct_case

pytestmark = pytest.mark.django_db

URL = reverse("cases:threshold-settings")
SOURCE = "川高法〔2026〕1号"


def _answer(client, case) -> str:
    """The amount answer (the case has no served order lapsed unpaid: the answer is not_yet)."""
    body = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-answer="not_yet"' in body
    return body.split('data-testid="threshold" data-answer="not_yet" data-amount="', 1)[1].split(
        '"', 1
    )[0]


def test_staff_read_the_figures_and_bounds(client, inspector, make_user):
    client.force_login(inspector)
    page = client.get(URL).content.decode()
    assert "5,000.00 至 20,000.00 元" in page and "30,000.00 至 100,000.00 元" in page
    assert 'data-set="0"' in page and "<fieldset disabled>" in page
    assert client.post(URL, {"individual_amount": "10000", "source": SOURCE}).status_code == 403
    client.force_login(make_user("liaison", Role.LIAISON, "510107", kind="housing"))
    assert client.get(URL).status_code == 403


def test_admin_sets_figures_and_the_case_page_answer_follows(client, inspector, make_user):
    case = direct_case(
        inspector,
        workers=[{"worker_name": "王五", "amount_owed": Decimal("12000"), "months_unpaid": 4}],
    )
    EnforcementCase.objects.filter(pk=case.pk).update(order_ignored_or_absconded=True)
    client.force_login(inspector)
    assert _answer(client, case) == "depends_on_provincial_figure"

    client.force_login(make_user("cd-admin", Role.ADMIN, "510100"))
    assert client.post(URL, {"individual_amount": "10000", "source": SOURCE}).status_code == 403
    admin = make_user("sc-admin", Role.ADMIN, "510000")
    client.force_login(admin)
    bad = client.post(URL, {"individual_amount": "3000", "cumulative_amount": "200000"})
    body = bad.content.decode()
    assert bad.status_code == 200
    assert 'data-field="individual_amount"' in body and "法释〔2013〕3号）第三条" in body
    assert 'data-field="cumulative_amount"' in body and 'data-field="source"' in body
    assert not CriminalThresholdSetting.for_province().is_set
    ok = client.post(
        URL, {"individual_amount": "10000", "cumulative_amount": "50000", "source": SOURCE}
    )
    assert ok.status_code == 302
    row = CriminalThresholdSetting.for_province()
    assert row.individual_amount == 10000 and row.source == SOURCE
    event = AuditEvent.objects.filter(action="criminal_threshold.update").latest("seq")
    assert event.before["individual_amount"] is None
    assert str(event.after["individual_amount"]) in {"10000", "10000.00"}

    client.force_login(inspector)
    assert _answer(client, case) == "meets"
    assert 'data-testid="threshold-note"' not in client.get(f"/cases/{case.pk}/").content.decode()
    # Cleared again: back to the national bounds.
    client.force_login(admin)
    assert client.post(URL, {"individual_amount": "", "cumulative_amount": ""}).status_code == 302
    client.force_login(inspector)
    assert _answer(client, case) == "depends_on_provincial_figure"


def test_admin_menu_links_the_page(client, make_user, inspector):
    client.force_login(make_user("sc-admin", Role.ADMIN, "510000"))
    assert f'href="{URL}"' in client.get("/").content.decode()
    client.force_login(inspector)
    assert f'href="{URL}"' in client.get("/").content.decode()
