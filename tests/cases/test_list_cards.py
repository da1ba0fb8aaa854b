"""Issue 14: the case list is one table that becomes cards below 768px (app.css, table.wg-cards):
every cell carries the words of its column (data-label) the card shows beside it."""

import re

import pytest

from .conftest import direct_case

pytestmark = pytest.mark.django_db


def test_case_list_cells_carry_their_column_words(client, inspector):
    direct_case(inspector)
    client.force_login(inspector)
    page = client.get("/cases/").content.decode()
    assert 'class="table table-sm table-hover bg-white wg-cards" data-testid="cases"' in page
    row = re.search(r'<tr data-case="\d+">(.*?)</tr>', page, re.S).group(1)
    cells = re.findall(r"<td[^>]*>", row)
    assert cells and all("data-label=" in cell for cell in cells)
    assert 'data-label="办案期限"' in row and 'data-label="欠薪金额"' in row
