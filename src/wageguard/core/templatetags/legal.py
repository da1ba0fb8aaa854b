"""`{% cite "423.19" %}` prints an article from the one table of legal sources (core.legal), so
a template never spells an article number itself."""

from django import template

from wageguard.core import legal

register = template.Library()


@register.simple_tag
def cite(*keys: str, paragraph: int | None = None, item: int | None = None) -> str:
    return str(legal.cite(*keys, paragraph=paragraph, item=item))


@register.simple_tag
def cite_span(first: str, last: str) -> str:
    return str(legal.span(first, last))
