"""Issue 14: 移交 offers the divisions by name in a select a small static script makes
searchable; without the script the select posts as it is."""

import pytest

from wageguard.clues.models import Clue
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def test_transfer_picker_by_name_and_plain_select_posts(client, make_user, raw):
    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    clue = submit(raw)
    client.force_login(inspector)
    page = client.get(f"/clues/{clue.pk}/").content.decode()
    select = page.split('name="transfer-region"', 1)[1].split("</select>", 1)[0]
    assert "data-filter=" in page.split('name="transfer-region"', 1)[0][-400:] + select[:200]
    assert ">成都市 锦江区</option>" in select
    assert ">510104 " not in select  # names, not codes
    assert "wageguard/select-filter.js" in page
    response = client.post(
        f"/clues/{clue.pk}/transition/",
        {"action": "transfer", "transfer-region": "510104", "transfer-reason": "工地在锦江区"},
    )
    assert response.status_code == 302
    assert Clue.objects.get(pk=clue.pk).region_id == "510104"
