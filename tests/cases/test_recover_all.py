"""Issue 14: 全部足额追回 in one step — every worker still owed paid in full, one history entry,
one audit event, confirmed first; offered only while someone is owed."""

from decimal import Decimal

import pytest
from django.utils import timezone

from tests import factories
from wageguard.cases.actions import available_actions
from wageguard.cases.models import CaseHistory, CaseWorker
from wageguard.core.models import AuditEvent

from .conftest import direct_case

pytestmark = pytest.mark.django_db


def _two_workers(inspector):
    return direct_case(
        inspector,
        workers=[
            factories.worker(id_number=factories.WORKER_ID),
            factories.worker("赵六", "8000", id_number=""),
        ],
    )


def test_recover_all_from_the_page(client, inspector):
    case = _two_workers(inspector)
    assert "recover_all" in available_actions(case, inspector)
    client.force_login(inspector)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert 'data-act="recover_all"' in page and "确认：本案上列" in page
    url = f"/cases/{case.pk}/act/recover_all/"
    data = {
        "recover_all-recovered_on": timezone.localdate().isoformat(),
        "recover_all-method": "employer",
        "recover_all-note": "工资表签收",
    }
    refused = client.post(url, data)
    assert refused.status_code == 400 and "请确认本案全部劳动者均已足额领取欠薪" in (
        refused.content.decode()
    )
    assert "工资表签收" in refused.content.decode()
    response = client.post(url, {**data, "recover_all-confirmed": "on"})
    assert response.status_code == 302
    workers = CaseWorker.objects.filter(case=case)
    assert all(w.amount_recovered == w.amount_owed for w in workers)
    rows = CaseHistory.objects.filter(case=case, action="recover_all")
    assert rows.count() == 1
    assert AuditEvent.objects.filter(action="case.recover_all").count() == 1
    assert "recover_all" not in available_actions(case, inspector)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "全部足额追回（用人单位支付）" in page and "赵六 8,000.00 元" in page
    total = sum((w.amount_owed for w in workers), Decimal(0))
    assert f"合计 {total:,.2f} 元" in page
