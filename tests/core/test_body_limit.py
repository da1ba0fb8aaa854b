"""A request larger than the cap is refused before anything reads it (issue 10, finding 11): a
150 MB multipart POST to /report/ was read whole before the form said it was too big."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler

from tests import factories
from tests.portal.steps import CHECK, WHAT, report, what_data
from wageguard.clues.models import Clue
from wageguard.org.bootstrap import create_agencies

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _agencies():
    create_agencies("51")


def test_a_declared_150_mb_body_is_refused_unread(client, monkeypatch):
    read = []
    monkeypatch.setattr(
        TemporaryFileUploadHandler, "new_file", lambda *a, **k: read.append(a) or None
    )
    response = client.post(WHAT, {"description": "x"}, CONTENT_LENGTH=str(150 * 1024 * 1024))
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()
    assert read == [] and Clue.objects.count() == 0


def test_the_api_answers_json(client):
    response = client.post(
        "/api/v1/public/clues",
        data="{}",
        content_type="application/json",
        CONTENT_LENGTH=str(150 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_an_upload_over_the_cap_is_refused_and_one_under_it_taken(client, settings):
    settings.WAGEGUARD_MAX_BODY_BYTES = 1024 * 1024
    big = SimpleUploadedFile("欠条.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    data = factories.clue_submission()
    assert client.post(WHAT, {**what_data(data), "attachments": [big]}).status_code == 413
    assert Clue.objects.count() == 0
    assert report(client, data).status_code == 303
    assert Clue.objects.count() == 1


def test_an_over_limit_client_is_refused_before_its_upload_is_parsed(client, settings, monkeypatch):
    settings.WAGEGUARD_PUBLIC_RATE = "1/60"
    data = factories.clue_submission()
    assert report(client, data).status_code == 303
    big = SimpleUploadedFile("欠条.pdf", b"%PDF-1.4\n" + b"0" * (200 * 1024))
    monkeypatch.setattr(
        TemporaryFileUploadHandler, "new_file", lambda *a, **k: parsed.append(a) or None
    )
    parsed: list = []
    refused = client.post(WHAT, {**what_data(data), "attachments": [big]})
    assert refused.status_code == 303 and refused["Location"] == WHAT
    assert "提交过于频繁" in client.get(WHAT).content.decode()
    # Without attachments the steps go on, and the report is kept when the send is refused.
    sent = report(client, factories.clue_submission(employer_name="成都留字建筑公司"))
    assert sent["Location"] == CHECK
    kept = client.get(CHECK).content.decode()
    assert "提交过于频繁" in kept and "成都留字建筑公司" in kept
    assert Clue.objects.count() == 1
