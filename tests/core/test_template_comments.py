"""Django's `{# ... #}` comment ends at the line's end: one spread over lines is printed on the
page as text (it happened to the favicon's note in base.html). Longer notes use
{% comment %}...{% endcomment %}."""

from pathlib import Path

import wageguard

PACKAGE = Path(wageguard.__file__).parent


def test_no_template_comment_spans_lines():
    spread = []
    for path in sorted(PACKAGE.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        start = text.find("{#")
        while start != -1:
            end = text.find("#}", start)
            if end == -1 or "\n" in text[start:end]:
                line = text.count("\n", 0, start) + 1
                spread.append(f"{path.relative_to(PACKAGE)}:{line}")
            start = text.find("{#", start + 2)
    assert len(list(PACKAGE.rglob("*.html"))) > 100
    assert spread == [], f"{{# #}} comments over several lines: {spread}"
