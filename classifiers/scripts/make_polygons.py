"""Build the APPROXIMATE neighbourhood polygons used for point-in-polygon lookups.

Real boundaries could not be downloaded when this was written, so each city is split into
Voronoi cells around the gazetteer centroids (neighbourhoods, plus districts that list
none), clipped to the city's bounding box padded by 0.05 degrees (~5 km). A shared
location then maps to the nearest listed centroid of its city. Deterministic: same
gazetteers, same file.

    python -m classifiers.scripts.make_polygons   # writes classifiers/gazetteers/neighbourhoods.geojson
"""

from __future__ import annotations

import json
from pathlib import Path

import shapely
import yaml
from shapely.geometry import MultiPoint, box, mapping

from classifiers.gazetteer import GAZETTEER_DIR

PAD_DEG = 0.05


def city_cells(path: Path) -> list[dict]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    city = data["city"]
    seeds: list[tuple[float, float, str, str]] = []
    for d in data["districts"]:
        rows = d.get("neighbourhoods") or [[d["name"], *d["at"]]]
        for row in rows:
            seeds.append((row[1], row[2], row[0].rstrip("!"), d["name"]))
    lats = [s[0] for s in seeds]
    lons = [s[1] for s in seeds]
    frame = box(min(lons) - PAD_DEG, min(lats) - PAD_DEG, max(lons) + PAD_DEG, max(lats) + PAD_DEG)
    points = MultiPoint([(lon, lat) for lat, lon, _, _ in seeds])
    cells = shapely.voronoi_polygons(points, extend_to=frame)
    features = []
    for cell in cells.geoms:
        for lat, lon, name, district in seeds:
            if cell.contains(shapely.Point(lon, lat)):
                geom = shapely.set_precision(cell.intersection(frame), 1e-5)
                features.append({"type": "Feature", "geometry": mapping(geom),
                                 "properties": {"neighbourhood": name, "district": district, "city": city,
                                                "approximate": True}})
                break
    return features


def main() -> None:
    features: list[dict] = []
    for path in sorted(GAZETTEER_DIR.glob("*.yaml")):
        features.extend(city_cells(path))
    out = GAZETTEER_DIR / "neighbourhoods.geojson"
    out.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False) + "\n",
                   encoding="utf-8")
    print(f"{out}: {len(features)} approximate polygons")


if __name__ == "__main__":
    main()
