"""A stored file downloads under the extension of the type its bytes were found to be (issue 10,
finding 8): `x.html` holding a PDF was served as application/pdf named `x.html`."""

from urllib.parse import unquote

import pytest
from django.core.files.base import ContentFile

from wageguard.clues.models import Attachment
from wageguard.core.files import served_name
from wageguard.org.bootstrap import create_agencies
from wageguard.org.rules import Role

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("name", "content_type", "served"),
    [
        ("x.html", "application/pdf", "x.pdf"),
        ("工资条.pdf", "application/pdf", "工资条.pdf"),
        ("欠条", "image/png", "欠条.png"),
        ("../../etc/passwd.jpg.exe", "image/jpeg", "passwd.jpg.jpg"),
        ("", "image/jpeg", "附件.jpg"),
    ],
)
def test_served_name_takes_the_detected_extension(name, content_type, served):
    assert served_name(name, content_type) == served


def test_a_pdf_named_html_downloads_as_pdf(client, make_user, raw):
    create_agencies("51")
    clue = submit(raw)
    item = Attachment.objects.create(
        clue=clue,
        file=ContentFile(b"%PDF-1.4 payslip", name="p.pdf"),
        original_name="x.html",
        content_type="application/pdf",
        size=16,
        sha256="0" * 64,
    )
    client.force_login(make_user("insp", Role.INSPECTOR, "510107"))
    response = client.get(f"/clues/{clue.pk}/attachments/{item.pk}/")
    disposition = unquote(response["Content-Disposition"])
    assert response["Content-Type"] == "application/pdf"
    assert "x.pdf" in disposition and ".html" not in disposition
    assert response["X-Content-Type-Options"] == "nosniff"
