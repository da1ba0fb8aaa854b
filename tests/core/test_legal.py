"""The one table of legal sources (core.legal): every quote is found in the stored texts
recorded in docs/legal-sources.md, and no module or template spells an article itself."""

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from wageguard.core import legal

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (ROOT / "docs" / "legal-sources.md").read_text(encoding="utf-8")
SRC = ROOT / "src" / "wageguard"


def _normalise(text: str) -> str:
    # The stored copies differ only in full-/half-width brackets and commas.
    return text.translate(str.maketrans("()，,", "（）,,")).replace(" ", "")


@pytest.mark.parametrize("key", sorted(legal.ARTICLES))
def test_every_quote_is_read_from_a_stored_text(key):
    quote = legal.ARTICLES[key].quote
    haystack = _normalise(SOURCES)
    for fragment in quote.split("……"):
        assert _normalise(fragment) in haystack, f"{key}: {fragment!r} not in docs/legal-sources.md"


def test_chinese_article_numbers():
    expected = {1: "一", 10: "十", 12: "十二", 20: "二十", 26: "二十六", 100: "一百"}
    expected |= {105: "一百零五", 110: "一百一十", 203: "二百零三", 276: "二百七十六"}
    assert {n: legal.chinese_number(n) for n in expected} == expected


def test_cite_prints_one_law_once_and_items():
    assert str(legal.cite("724.54", "724.57")) == "《保障农民工工资支付条例》第五十四条、第五十七条"
    assert str(legal.cite("423.30", item=3)) == "《劳动保障监察条例》第三十条第（三）项"
    assert str(legal.cite("CL.276-1")) == "《中华人民共和国刑法》第二百七十六条之一"
    assert str(legal.span("724.54", "724.57")) == "《保障农民工工资支付条例》第五十四条至第五十七条"
    with translation.override("en"):
        assert str(legal.cite("423.26")) == "Regulations on Labour Security Supervision, art. 26"


def test_an_unchecked_article_fails_at_once():
    with pytest.raises(KeyError):
        legal.cite("423.99")


def test_template_tag():
    rendered = Template('{% cite "O45.8" %}|{% cite "423.30" item=1 %}').render(Context())
    assert rendered == (
        "《拖欠农民工工资失信联合惩戒对象名单管理暂行办法》第八条|《劳动保障监察条例》第三十条第（一）项"
    )


# An article number spelled in Chinese: 第二十六条, 第二百七十六条之一.
SPELLED = re.compile(r"第[一二三四五六七八九十百零]+条")
# An article of a tabled law named in English prose: "Decree 423 art. 17", "Order 45 arts. 12-13".
NAMED = re.compile(
    r"(Decree 423|Decree 724|Order 45|Order 25|Order 29|Criminal Law|法释〔2013〕3号|"
    r"Administrative Enforcement Law|Administrative Penalty Law|Civil Code)"
    r"\s+arts?\.\s*([0-9]+(?:-1)?)"
)
ENGLISH_KEYS = {
    "Decree 423": "423",
    "Decree 724": "724",
    "Order 45": "O45",
    "Order 25": "O25",
    "Order 29": "O29",
    "Criminal Law": "CL",
    "法释〔2013〕3号": "SPC2013",
    "Administrative Enforcement Law": "AEL",
    "Administrative Penalty Law": "APL",
    "Civil Code": "CC",
}


def _sources():
    for path in sorted(SRC.rglob("*")):
        if path.suffix not in {".py", ".html", ".txt"} or "migrations" in path.parts:
            continue
        if path == SRC / "core" / "legal.py":
            continue
        yield path


def test_no_module_or_template_spells_an_article():
    found = [
        f"{path.relative_to(ROOT)}:{n}: {m.group(0)}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in SPELLED.finditer(line)
    ]
    assert not found, "cite through core.legal instead:\n" + "\n".join(found)


def test_every_article_named_in_prose_is_in_the_table():
    unknown = [
        f"{path.relative_to(ROOT)}:{n}: {m.group(0)}"
        for path in _sources()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for m in NAMED.finditer(line)
        if f"{ENGLISH_KEYS[m.group(1)]}.{m.group(2)}" not in legal.ARTICLES
    ]
    assert not unknown, "\n".join(unknown)
