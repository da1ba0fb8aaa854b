"""Address routing: which county (or failing that, prefecture) a free-text address is in.

A clue must reach the county bureau where the work happens, from addresses typed by workers in a
hurry: "凉山州会理县", "郫县团结镇", "成都市武侯区宜宾路". One Aho-Corasick automaton holds every
name variant of every division (full, former, short); an address is scanned once and the matches
are read left to right like a person reads an address: province, then prefecture, then county.
A name that disagrees with what was already read (the 宜宾 in 宜宾路 after 武侯区, the 市中区 of
乐山 after 内江市) is street noise and skipped. The first county that fits decides; everything
after it is street detail.

Confidence (0-1) says how much evidence backed the answer, so that the intake screen can ask a
person to confirm low values: see `_confidence` and docs/regions.md.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick
from django.conf import settings

from .models import Level, Region, RegionAlias

PROVINCE, CITY, COUNTY = 0, 1, 2
FULL, FORMER, SHORT = 3, 2, 1
_LEVEL_NAMES = {PROVINCE: Level.PROVINCE, CITY: Level.CITY, COUNTY: Level.COUNTY}
_KIND_QUALITY = {RegionAlias.Kind.FORMER: FORMER, RegionAlias.Kind.SHORT: SHORT}

# How often a long-running process checks whether the division tables changed under it.
REVALIDATE_SECONDS = 60.0


@dataclass(frozen=True, slots=True)
class RouteResult:
    """Where an address belongs; `code` is None when no division could be read from it."""

    code: str | None
    name: str | None
    level: str | None
    confidence: float


NOT_FOUND = RouteResult(None, None, None, 0.0)

# An entry is one division a name may stand for:
# (code, level, prefecture code or None, 2-digit province code, name quality)
Entry = tuple[str, int, str | None, str, int]


class Matcher:
    """The automaton and the division table, built once per process (see `get_matcher`)."""

    def __init__(self, regions: Iterable[tuple], aliases: Iterable[tuple]):
        self.names: dict[str, tuple[str, str]] = {}  # code -> (name, level)
        rows = list(regions)
        levels = {Level.PROVINCE: PROVINCE, Level.CITY: CITY, Level.COUNTY: COUNTY}
        level_of: dict[str, int] = {}
        parent_of: dict[str, str | None] = {}
        for code, name, level, parent, _pcode in rows:
            level_of[code] = levels[level]
            parent_of[code] = parent
            self.names[code] = (name, level)
        variants: dict[str, dict[str, Entry]] = {}

        def add(key: str, code: str, quality: int) -> None:
            if not key:
                return
            level = level_of[code]
            parent = parent_of[code]
            city = parent if level == COUNTY and parent and level_of.get(parent) == CITY else None
            if level == CITY:
                city = code
            entry = (code, level, city, code[:2], quality)
            slot = variants.setdefault(key, {})
            if code not in slot or slot[code][4] < quality:
                slot[code] = entry

        for code, name, _level, _parent, _pcode in rows:
            add(name, code, FULL)
        for name, code, kind in aliases:
            if code in level_of:
                add(name, code, _KIND_QUALITY.get(kind, SHORT))

        self.automaton = ahocorasick.Automaton()
        for key, slot in variants.items():
            by_level: list[list[Entry]] = [[], [], []]
            for entry in slot.values():
                by_level[entry[1]].append(entry)
            value = (len(key), tuple(by_level[0]), tuple(by_level[1]), tuple(by_level[2]))
            self.automaton.add_word(key, value)
        self.automaton.make_automaton()
        self.size = len(variants)
        self._interned: dict[tuple[str, float], RouteResult] = {}

    # -- routing -------------------------------------------------------------------------------

    def route(self, text: str | None, province: str | None = None) -> RouteResult:
        """Route one address; `province` (2 digits) breaks ties, it never overrides the text."""
        if not text:
            return NOT_FOUND
        return self._route(text, province or settings.WAGEGUARD_PROVINCE)

    def route_many(
        self, texts: Iterable[str | None], province: str | None = None
    ) -> list[RouteResult]:
        """Route a batch in input order; repeated addresses are routed once."""
        hint = province or settings.WAGEGUARD_PROVINCE
        seen: dict[str, RouteResult] = {}
        out: list[RouteResult] = []
        append, route = out.append, self._route
        for text in texts:
            if not text:
                append(NOT_FOUND)
                continue
            result = seen.get(text)
            if result is None:
                result = seen[text] = route(text, hint)
            append(result)
        return out

    def _route(self, text: str, hint: str) -> RouteResult:
        found = [
            (end - value[0] + 1, -value[0], end, value) for end, value in self.automaton.iter(text)
        ]
        if not found:
            return NOT_FOUND
        found.sort()
        prov: str | None = None  # province named in the text
        city: str | None = None  # prefecture named in the text
        city_quality = FULL
        city_end = -2
        reach = -1  # end of the furthest match read so far: a match inside it is part of a word
        ambiguous: tuple[Entry, ...] = ()
        for start, _neg, end, (_len, provs, cities, counties) in found:
            if end <= reach:
                continue
            reach = end
            chosen = _pick_city(cities, prov, hint) if cities and city is None else None
            if counties:
                picked, by_hint, candidates = _pick_county(counties, prov, city, hint)
                # A bare name that is both a prefecture and a county elsewhere (资阳: 资阳市 in
                # Sichuan, 资阳区 in Hunan) is the prefecture unless only the county is local.
                local = prov or hint
                if picked is not None and (
                    chosen is None or (picked[3] == local and chosen[3] != local)
                ):
                    return self._county(picked, prov, city, by_hint)
                if city is not None and start == city_end + 1:
                    # Right after the prefecture but filed elsewhere today: a county that moved
                    # (资阳市简阳市 -> 成都 510185). Trust the county, with less confidence.
                    same = [e for e in counties if e[3] == city[:2]]
                    if len(same) == 1:
                        return self._result(same[0][0], 0.7)
                if candidates and not ambiguous and chosen is None:
                    ambiguous = candidates
            if chosen is not None:
                city, city_quality, city_end = chosen[0], chosen[4], end
                continue
            if provs and prov is None and city is None:
                prov = provs[0][3]
        if city is not None:
            return self._result(city, 0.6 if city_quality == FULL else 0.55)
        if ambiguous:
            cities_of = {e[2] for e in ambiguous}
            if len(cities_of) == 1 and None not in cities_of:
                return self._result(next(iter(cities_of)), 0.5)
            provinces_of = {e[3] for e in ambiguous}
            if len(provinces_of) == 1 and (prov is None or prov in provinces_of):
                return self._result(next(iter(provinces_of)) + "0000", 0.3)
        if prov is not None:
            return self._result(prov + "0000", 0.3)
        return NOT_FOUND

    def _county(
        self, entry: Entry, prov: str | None, city: str | None, by_hint: bool
    ) -> RouteResult:
        return self._result(entry[0], _confidence(entry, prov, city, by_hint))

    def _result(self, code: str, confidence: float) -> RouteResult:
        key = (code, confidence)
        result = self._interned.get(key)
        if result is None:
            name, level = self.names[code]
            result = self._interned[key] = RouteResult(code, name, str(level), confidence)
        return result


def _pick_county(
    entries: tuple[Entry, ...], prov: str | None, city: str | None, hint: str
) -> tuple[Entry | None, bool, tuple[Entry, ...]]:
    """The one county these entries can mean here, whether the hint decided it, the candidates."""
    if city is not None:
        fits = tuple(e for e in entries if e[2] == city)
    elif prov is not None:
        fits = tuple(e for e in entries if e[3] == prov)
    else:
        fits = entries
    if len(fits) == 1:
        return fits[0], False, fits
    if not fits:
        return None, False, fits
    by_hint = False
    if prov is None:
        local = tuple(e for e in fits if e[3] == hint)
        if local:
            by_hint = len(local) < len(fits)
            fits = local
    if len(fits) > 1:
        best = max(e[4] for e in fits)
        fits = tuple(e for e in fits if e[4] == best)
    if len(fits) == 1:
        return fits[0], by_hint, fits
    return None, False, fits


def _pick_city(entries: tuple[Entry, ...], prov: str | None, hint: str) -> Entry | None:
    if prov is not None:
        entries = tuple(e for e in entries if e[3] == prov)
    if len(entries) > 1:
        local = tuple(e for e in entries if e[3] == hint)
        entries = local or entries
    if len(entries) > 1:
        best = max(e[4] for e in entries)
        entries = tuple(e for e in entries if e[4] == best)
    return entries[0] if len(entries) == 1 else None


def _confidence(entry: Entry, prov: str | None, city: str | None, by_hint: bool) -> float:
    """1.0 when the named prefecture (or province, for a municipal district) confirms the county.

    Less for a short or former name (-0.05), for a county read with nothing above it to confirm
    it (-0.1), and for one that the configured province picked among same-named counties (-0.15).
    """
    confidence = 1.0
    if entry[4] != FULL:
        confidence -= 0.05
    confirmed = city is not None or (prov is not None and entry[2] is None)
    if not confirmed:
        confidence -= 0.1 if prov is None else 0.05
    if by_hint:
        confidence -= 0.15
    return round(confidence, 2)


# -- per-process cache -------------------------------------------------------------------------

_lock = threading.Lock()
_matcher: Matcher | None = None
_signature: tuple | None = None
_checked_at = 0.0


def _db_signature() -> tuple:
    """Cheap fingerprint of the tables: a reload changes counts or creates new alias rows."""
    last_alias = RegionAlias.objects.order_by("-pk").values_list("pk", flat=True).first()
    return (Region.objects.count(), RegionAlias.objects.count(), last_alias)


def build_matcher() -> Matcher:
    regions = Region.objects.values_list("code", "name", "level", "parent_id", "province_code")
    aliases = RegionAlias.objects.values_list("name", "region_id", "kind")
    return Matcher(regions.iterator(chunk_size=5000), aliases.iterator(chunk_size=5000))


def get_matcher() -> Matcher:
    """The process's matcher, rebuilt after `invalidate()` or when another process reloaded."""
    global _matcher, _signature, _checked_at
    now = time.monotonic()
    matcher = _matcher
    if matcher is not None and now - _checked_at < REVALIDATE_SECONDS:
        return matcher
    with _lock:
        if _matcher is not None and now - _checked_at < REVALIDATE_SECONDS:
            return _matcher
        signature = _db_signature()
        if _matcher is None or signature != _signature:
            _matcher, _signature = build_matcher(), signature
        _checked_at = now
        return _matcher


def invalidate() -> None:
    """Forget the matcher; `load_regions` calls this after it changed the tables."""
    global _matcher, _signature
    with _lock:
        _matcher, _signature = None, None


def route(text: str | None, province: str | None = None) -> RouteResult:
    """Route one address (see the module docstring)."""
    return get_matcher().route(text, province)


def route_many(texts: Iterable[str | None], province: str | None = None) -> list[RouteResult]:
    """Route many addresses in input order with one automaton pass each and no database access."""
    return get_matcher().route_many(texts, province)
