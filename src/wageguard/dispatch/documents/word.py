"""The Word documents: the packaged docxtpl template of each kind filled with the briefing's
context (`context.build_context`), rendered through the cases app's sandboxed docxtpl (the
same renderer as the numbered 文书, so a template is text, never trusted code)."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from wageguard.cases.documents import render as render_docx

from .rules import Kind

TEMPLATES = Path(__file__).resolve().parent / "templates"
FILES = {Kind.REPORT: "dispatch_report.docx", Kind.BULLETIN: "bulletin.docx"}


@functools.cache
def template(kind: str) -> bytes:
    """The packaged template of `kind` (templates/*.docx, made by templates/build.py and
    editable in Word)."""
    return (TEMPLATES / FILES[Kind(kind)]).read_bytes()


def render(kind: str, context: dict[str, Any]) -> bytes:
    return render_docx(template(kind), context)
