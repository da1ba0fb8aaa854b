"""Walking the report's steps in tests, as a worker's browser does: each step posted, each answer a
303 to the next page, the last one sending the report."""

import re

WHAT = "/report/what/"
WHERE = "/report/where/"
WHO = "/report/who/"
CHECK = "/report/check/"
DONE = "/report/done/"

WHAT_FIELDS = ("sector", "amount_owed", "workers_owed", "description")
WHERE_FIELDS = ("work_address", "employer_name", "project_name", "employer_credit_code")
WHO_FIELDS = ("reporter_name", "phone", "id_number", "disclose_identity")


def _month(value: str) -> tuple[str, str]:
    if not value:
        return "", ""
    year, _sep, month = value.partition("-")
    return year, str(int(month)) if month.isdigit() else month


def what_data(data: dict) -> dict:
    """The first step's fields from a one-page submission (`factories.clue_submission`)."""
    out = {k: data[k] for k in WHAT_FIELDS if k in data and data[k] is not None}
    for name in ("period_start", "period_end"):
        out[f"{name}_year"], out[f"{name}_month"] = _month(str(data.get(name) or ""))
    return out


def where_data(data: dict) -> dict:
    return {k: data[k] for k in WHERE_FIELDS if k in data}


def who_data(data: dict) -> dict:
    return {k: data[k] for k in WHO_FIELDS if k in data}


def fill(client, data: dict, files: list | None = None) -> None:
    """Posts the three steps; asserts each is accepted (a 303 onwards)."""
    payload = what_data(data)
    if files:
        payload["attachments"] = files
    for url, body, following in (
        (WHAT, payload, WHERE),
        (WHERE, where_data(data), WHO),
        (WHO, who_data(data), CHECK),
    ):
        response = client.post(url, body)
        assert response.status_code == 303, (url, errors_of(client.get(url)))
        assert response["Location"] in (following, CHECK)


def report(client, data: dict, files: list | None = None):
    """Fills every step and sends; returns the send's answer (a 303 to the done page)."""
    fill(client, data, files)
    return client.post(CHECK)


def errors_of(response) -> dict[str, str]:
    """field name -> message, as shown next to each field."""
    html = response.content.decode()
    return dict(re.findall(r'data-field="([a-z_]+)">([^<]+)<', html))


def summary_links(response) -> list[tuple[str, str]]:
    """(href, message) of each link in the error summary."""
    html = response.content.decode()
    if 'data-testid="error-summary"' not in html:
        return []
    box = html.split('data-testid="error-summary"')[1].split("</div>")[0]
    return re.findall(r'<a class="alert-link" href="([^"]+)">([^<]+)</a>', box)
