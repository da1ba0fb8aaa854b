"""Issue 14: a handler saves the inbox's current filter under a name; it is listed as a link
above the inbox, is the user's own, and opens the same filter."""

import pytest

from wageguard.clues.models import SavedInboxFilter
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies(db):
    create_agencies("51")


def test_save_list_open_and_delete(client, make_user):
    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    client.force_login(inspector)
    query = "state=received&sla=overdue&page=3&bogus=1"
    response = client.post("/clues/filters/", {"name": "超期待受理", "query": query})
    assert response.status_code == 302
    saved = SavedInboxFilter.objects.get(user=inspector)
    assert saved.query == "state=received&sla=overdue"  # filter names only, no page
    assert response["Location"].endswith("?state=received&sla=overdue")
    page = client.get("/clues/").content.decode()
    assert 'data-saved-filter="超期待受理"' in page
    assert 'href="?state=received&amp;sla=overdue"' in page
    # The defaults page saves its defaults explicitly; an empty filter means "all".
    client.post("/clues/filters/", {"name": "全部", "query": ""})
    assert SavedInboxFilter.objects.get(name="全部").query == "state="

    refused = client.post("/clues/filters/", {"name": "", "query": "sla=overdue"})
    body = refused.content.decode()
    assert refused.status_code == 400 and "请为筛选起一个名称" in body and "autofocus" in body

    other = make_user("wuhou-inspector-2", Role.INSPECTOR, "510107")
    client.force_login(other)
    assert 'data-saved-filter="超期待受理"' not in client.get("/clues/").content.decode()
    client.post(f"/clues/filters/{saved.pk}/delete/")
    assert SavedInboxFilter.objects.filter(pk=saved.pk).exists()  # not theirs
    client.force_login(inspector)
    client.post(f"/clues/filters/{saved.pk}/delete/")
    assert not SavedInboxFilter.objects.filter(pk=saved.pk).exists()


def test_inbox_cells_carry_their_column_words(client, make_user, raw):
    import re

    from .conftest import submit

    inspector = make_user("wuhou-inspector", Role.INSPECTOR, "510107")
    submit(raw)
    client.force_login(inspector)
    page = client.get("/clues/?state=").content.decode()
    assert "wg-cards" in page
    row = re.search(r'<tr data-clue="\d+">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>", row)
    assert cells and all("data-label=" in cell for cell in cells)


def test_select_all_is_a_static_script_not_an_inline_handler(client, make_user, raw):
    from .conftest import submit

    submit(raw)
    client.force_login(make_user("wuhou-leader", Role.SUPERVISOR, "510107"))
    page = client.get("/clues/?state=").content.decode()
    assert 'data-check-all="clues"' in page and "wageguard/check-all.js" in page
    assert "onclick=" not in page
