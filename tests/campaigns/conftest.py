"""Ledger fixtures: the channel-check people (武侯区, 锦江区, 成都市, the province), an open item
of 武侯区's bureau from a failed test call, and a small PNG to use as evidence."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.inspections.conftest import (  # noqa: F401
    _fresh_calendar,
    call_data,
    frozen_now,
    people,
)
from wageguard.inspections import services as inspections

# A valid 1x1 PNG: core.files checks the signature and the IHDR chunk.
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)


def png(name: str = "整改照片.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def item(people):  # noqa: F811
    """An open item of 武侯区's bureau: its 12333 line did not answer 成都市's test call."""
    check = inspections.record_check(
        people["chengdu_supervisor"], **call_data(people["wuhou_inspector"].agency)
    )
    return check.ledger_item
