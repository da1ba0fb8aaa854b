"""Route walker for jurisdiction tests (DESIGN: Scoping; "tests prove it for every route").

`all_routes()` lists every named URL of the site, the API's included. A scoping test gives, for each
route, the URL arguments that point at another jurisdiction's object, and `assert_hidden()` proves
the viewer gets 403/404 or a page without that jurisdiction's markers.
`assert_every_route_covered()` fails as soon as a new route is added without being covered, so
no route escapes the check.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse


@dataclass(frozen=True)
class Route:
    name: str  # namespaced, e.g. "api:region_detail" or "user-edit"
    params: tuple[str, ...]  # URL keyword arguments


def _walk(
    patterns: Iterable, namespace: str, prefix: tuple[str, ...], out: dict[str, Route]
) -> None:
    for p in patterns:
        params = prefix + tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            _walk(p.url_patterns, ns, params, out)
        elif isinstance(p, URLPattern) and p.name:
            out.setdefault(namespace + p.name, Route(namespace + p.name, params))


def all_routes() -> dict[str, Route]:
    """Every named route of the site with its URL parameters, the API's included."""
    out: dict[str, Route] = {}
    _walk(get_resolver().url_patterns, "", (), out)
    return out


def assert_every_route_covered(covered: Iterable[str], exempt: Iterable[str]) -> None:
    known = set(covered) | set(exempt)
    missing = sorted(set(all_routes()) - known)
    assert not missing, f"routes without a jurisdiction check: {missing}"


def assert_hidden(
    client: Client,
    name: str,
    kwargs: dict | None,
    markers: Iterable[str],
    method: str = "get",
    data: dict | None = None,
    check_after: Callable[[], None] | None = None,
    json_body: dict | None = None,
) -> int:
    """The viewer is refused (401/403/404, or redirected to login) or sees none of `markers`."""
    url = reverse(name, kwargs=kwargs or None)
    if json_body is not None:
        response = getattr(client, method)(url, json_body, content_type="application/json")
    else:
        response = getattr(client, method)(url, data or {})
    status = response.status_code
    if status in (401, 403, 404, 405):
        pass
    elif status in (301, 302):
        assert "/login/" in response.get("Location", "") or method != "get", (
            f"{name} {url}: unexpected redirect to {response.get('Location')}"
        )
    else:
        assert status == 200, f"{name} {url}: status {status}"
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode("utf-8", "replace")
        leaked = [m for m in markers if m in body]
        assert not leaked, f"{name} {url} shows another jurisdiction's data: {leaked}"
    if check_after:
        check_after()
    return status
