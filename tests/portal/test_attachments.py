"""Attachment types are read from the bytes, never from the name the sender chose."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from wageguard.core import files as attachments

from .conftest import pdf_bytes, png_bytes


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", ("image/jpeg", "jpg")),
        (png_bytes(), ("image/png", "png")),
        (pdf_bytes(), ("application/pdf", "pdf")),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 24, None),  # a signature without its IHDR chunk
        (b"GIF89a", None),
        (b"MZ\x90\x00", None),  # a Windows program
        (b" %PDF-1.4", None),
    ],
)
def test_sniff_reads_the_first_bytes(content, expected):
    assert attachments.sniff(content[:32]) == expected


def test_a_pdf_named_like_a_photo_is_a_pdf():
    uploaded = SimpleUploadedFile("photo.jpg", pdf_bytes(), content_type="image/jpeg")
    assert attachments.validate(uploaded) == ("application/pdf", "pdf")


def test_errors_name_the_attachments_field():
    with pytest.raises(ValidationError) as exc:
        attachments.validate(SimpleUploadedFile("a.png", b"hello", content_type="image/png"))
    assert list(exc.value.message_dict) == ["attachments"]
