"""Neighbourhood from coordinates: point-in-polygon against a GeoJSON of neighbourhoods.

The shipped `gazetteers/neighbourhoods.geojson` is APPROXIMATE: real boundaries could not
be downloaded here, so `classifiers/scripts/make_polygons.py` builds Voronoi cells around the
gazetteer centroids, clipped to each city's bounding box. A point is assigned to the
nearest listed centroid of its city, not to the legal boundary. Replace the file with
official boundaries (same properties: neighbourhood, district, city) when available.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import shapely
from shapely.geometry import shape

from classifiers.gazetteer import GAZETTEER_DIR, Place

GEOJSON = GAZETTEER_DIR / "neighbourhoods.geojson"


class GeoIndex:
    def __init__(self, features: list[dict]) -> None:
        self._geoms = [shape(f["geometry"]) for f in features]
        for g in self._geoms:
            shapely.prepare(g)
        self._props = [f["properties"] for f in features]
        self._tree = shapely.STRtree(self._geoms)

    @classmethod
    def from_file(cls, path: Path) -> "GeoIndex":
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["features"])

    @staticmethod
    def default() -> "GeoIndex | None":
        return _default(GEOJSON) if GEOJSON.is_file() else None

    def locate(self, lat: float, lon: float) -> Place | None:
        point = shapely.Point(lon, lat)  # GeoJSON order: x = longitude, y = latitude
        for i in self._tree.query(point, predicate="intersects"):
            p = self._props[int(i)]
            return Place(p["neighbourhood"], p["district"], p["city"], "neighbourhood", lat, lon)
        return None


@lru_cache(maxsize=2)
def _default(path: Path) -> GeoIndex:
    return GeoIndex.from_file(path)
