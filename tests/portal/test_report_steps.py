"""The report in steps (issue 14): one thing per page, PRG everywhere, a session draft, the
error summary, the province's ID-number setting, and the clue remembered after sending."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from wageguard.clues.models import Attachment, Clue, ClueSettings

from .conftest import png_bytes
from .steps import CHECK, DONE, WHAT, WHERE, WHO, errors_of, fill, report, summary_links, what_data

pytestmark = pytest.mark.django_db


def test_a_worker_reports_in_four_steps_and_opens_the_clue(client, raw):
    data = raw()
    assert client.get("/report/").url == WHAT
    html = client.get(WHAT).content.decode()
    assert "第 1 步，共 4 步" in html and 'href="tel:12333"' in html
    sent = report(client, data, [SimpleUploadedFile("欠条.png", png_bytes())])
    assert sent.status_code == 303 and sent["Location"] == DONE
    clue = Clue.objects.get()
    assert Attachment.objects.get(clue=clue).original_name == "欠条.png"
    assert str(clue.period_start) == "2026-05-01" and clue.workers_owed == 3
    done = client.get(DONE)
    html = done.content.decode()
    assert done.status_code == 200 and clue.tracking_code in html
    secret = html.split('data-testid="secret">')[1].split("<")[0]
    assert clue.check_secret(secret)
    assert "查看我的线索" in html and 'href="tel:12333"' in html
    # Reload and Back: the same page, no resubmission, still one clue.
    assert client.get(DONE).status_code == 200
    assert client.get(CHECK)["Location"] == DONE
    # "查看我的线索" opens the tracking page for this clue without typing the code.
    track = client.get("/report/track/").content.decode()
    assert clue.tracking_code in track
    assert Clue.objects.count() == 1
