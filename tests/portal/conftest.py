"""Fixtures for the public pages: agencies of Sichuan, a clean throttle, files in a temp dir."""

import struct
import zlib

import pytest
from django.core.cache import cache

from tests import factories


@pytest.fixture
def people(db):
    """Synthetic workers and employers of Sichuan, the same ones on every run."""
    from wageguard.demo.synthetic import Synthetic, counties_of

    return Synthetic(counties_of("51"), seed=11)


@pytest.fixture
def raw(people):
    """raw(**over) -> a valid public submission from a worker at a Wuhou building site."""
    return lambda **over: factories.clue_submission(people, **over)


@pytest.fixture(autouse=True)
def _portal_env(db, settings, tmp_path):
    """Every test starts with an unused rate limit and writes attachments to its own directory."""
    from wageguard.org.bootstrap import create_agencies

    create_agencies("51")
    settings.MEDIA_ROOT = tmp_path / "files"
    cache.clear()
    yield
    cache.clear()


def png_bytes() -> bytes:
    """A real 1x1 PNG, built by the spec so the test does not depend on an image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def pdf_bytes() -> bytes:
    """A minimal one-page PDF."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 10 10]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
