"""The maps visitors read: the choropleth of /territoires/ and a department's QPV.

The HTML is parsed (the standard library's parser, into ElementTree elements):
fills, links, table cells and SVG coordinates are checked as a browser would read
them, not as strings.
"""

import datetime
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from django.core.cache import cache

from measures.choropleth import classify
from measures.maps import (
    department_bounds,
    department_shapes,
    lonlat_to_svg,
    path_rings,
)
from measures.models import (
    QPV,
    DepartmentPage,
    Indicator,
    IndicatorValue,
    Territory,
)
from partners.models import Axis, GoodPracticeIndexPage, GoodPracticePage
from tests.factories import IndicatorFactory, make_contract, make_protocol
from tests.partners.factories import CompanyFactory, ConventionFactory

pytestmark = pytest.mark.django_db

MEASURE_KEYS = ["qpv", "conventions", "contrats", "protocoles", "bonnes-pratiques"]
INDEX_BUDGET = 20


VOID_ELEMENTS = {"area", "br", "col", "hr", "img", "input", "link", "meta", "source"}


class TreeBuilder(HTMLParser):
    """HTML into ElementTree elements (tag and attribute names in lower case)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = ET.Element("document")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})
        if tag not in VOID_ELEMENTS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        ET.SubElement(self.stack[-1], tag, {k: v or "" for k, v in attrs})

    def handle_endtag(self, tag):
        for position in range(len(self.stack) - 1, 0, -1):
            if self.stack[position].tag == tag:
                del self.stack[position:]
                break

    def handle_data(self, data):
        parent = self.stack[-1]
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


def parse(content):
    builder = TreeBuilder()
    builder.feed(content.decode())
    builder.close()
    return builder.root


def find(element, tag, cls=None, **attributes):
    """Descendants ``tag`` having class ``cls`` and the given attribute values."""
    found = []
    for candidate in element.iter(tag):
        if cls and cls not in candidate.get("class", "").split():
            continue
        if any(candidate.get(k) != v for k, v in attributes.items()):
            continue
        found.append(candidate)
    return found


def text(element):
    return "".join(element.itertext())


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def page_tree(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    return parse(response.content)


def choropleth_svg(tree):
    svgs = find(tree, "svg", "q-map--choropleth")
    return svgs[0] if svgs else None


def selected_options(tree):
    return [o.get("value") for o in find(tree, "option") if "selected" in o.attrib]


def options(tree):
    return [o.get("value") for o in find(tree, "option")]


def map_shapes(tree):
    """{department code: (fill class, link, label)} of the choropleth's shapes."""
    shapes = {}
    for link in find(choropleth_svg(tree), "a"):
        label = link.get("aria-label")
        code = re.search(r"\((\w+)\) : ", label).group(1)
        path = find(link, "path")[0]
        fill = next(c for c in path.get("class").split() if c.startswith("q-choro--"))
        shapes[code] = (fill, link.get("href"), label.split(" : ", 1)[1])
    return shapes


def table_rows(tree):
    """{department code: value text} of the table under the map."""
    rows = {}
    table = find(tree, "div", id="donnees-carte")[0]
    for row in find(find(table, "tbody")[0], "tr"):
        header = text(find(row, "th")[0])
        code = re.search(r"\((\w+)\)$", header.strip()).group(1)
        rows[code] = text(find(row, "td")[-1]).strip()
    return rows


def publish_practice(title, code):
    index = GoodPracticeIndexPage.objects.get()
    page = GoodPracticePage(
        title=title,
        summary=f"Résumé de {title}",
        organisation="Organisation test",
        department=department(code),
    )
    index.add_child(instance=page)
    page.axes = [Axis.objects.first()]
    page.save_revision().publish()
    return page


def signed_conventions(code, count):
    company = CompanyFactory(department=department(code))
    for number in range(count):
        ConventionFactory(company=company, signed_on=datetime.date(2019, 3, number + 1))


# --- the choropleth -----------------------------------------------------------------


def test_qpv_map_fills_departments_by_class_and_its_table_matches_the_data(client):
    tree = page_tree(client, "/territoires/?measure=qpv")
    shapes = map_shapes(tree)
    counts = {
        code: QPV.objects.filter(territory__parent__code=code).count()
        for code in shapes
    }
    loaded = {code: n for code, n in counts.items() if n}
    assert len(loaded) == 12  # Occitanie's departments, Lozère having no QPV
    # Lozère, in Occitanie (loaded), has no QPV: 0. Departments of other regions,
    # whose QPV are not loaded, are "non renseigné" (hatched), never 0.
    assert shapes["48"][0] == "q-choro--zero"
    assert shapes["48"][2] == "Aucun QPV"
    for code, n in counts.items():
        if not n and code != "48":
            assert shapes[code][0] == "q-choro--none"
            assert shapes[code][2] == "Donnée non disponible (QPV non encore chargés)"
    # A department with more QPV never sits in a lighter class than one with fewer,
    # and the extremes are told apart.
    step = {code: int(shapes[code][0].rsplit("--", 1)[1]) for code in loaded}
    for a in loaded:
        for b in loaded:
            if loaded[a] < loaded[b]:
                assert step[a] <= step[b]
    assert len(set(step.values())) >= 3
    fewest = min(loaded, key=loaded.get)
    most = max(loaded, key=loaded.get)
    assert step[fewest] < step[most]
    # The table holds exactly the departments with a value, with that value.
    assert table_rows(tree) == {code: f"{n} QPV" for code, n in loaded.items()}
    others = DepartmentPage.objects.count() - len(loaded) - 1
    assert (
        "Autres départements, absents du tableau : 1 département « Aucun QPV » ; "
        f"{others} départements « Donnée non disponible (QPV non encore chargés) »."
    ) in text(tree)
    # The legend has one entry per class shown, and the hatched one.
    legend = [text(li).strip() for li in find(find(tree, "ul", "q-legend")[0], "li")]
    assert legend[0] == "Aucun QPV"
    assert legend[-1] == "Donnée non disponible (QPV non encore chargés)"
    assert len(legend) == len(set(step.values())) + 2


def test_each_department_on_the_map_links_to_its_page(client):
    tree = page_tree(client, "/territoires/")
    shapes = map_shapes(tree)
    pages = {page.department.code: page.url for page in DepartmentPage.objects.all()}
    assert len(shapes) == 96  # metropolitan France; overseas listed beside
    for code, (_fill, href, _label) in shapes.items():
        assert href == pages[code]
    overseas = find(find(tree, "p", "q-map-overseas")[0], "a")
    assert {a.get("href") for a in overseas} == {
        pages[code] for code in ("971", "972", "973", "974", "976")
    }


def test_conventions_signed_are_mapped_through_the_partners_hook(client):
    signed_conventions("31", 3)
    signed_conventions("44", 1)
    ConventionFactory(
        company=CompanyFactory(department=department("69")), status="draft"
    )
    tree = page_tree(client, "/territoires/?measure=conventions")
    shapes = map_shapes(tree)
    assert shapes["31"][2] == "3 conventions"
    assert shapes["44"][2] == "1 convention"
    # A draft is not public: Rhône has none to show.
    assert shapes["69"] == (
        "q-choro--zero",
        DepartmentPage.objects.get(department__code="69").url,
        "Aucune convention publiée",
    )
    assert shapes["31"][0] != shapes["44"][0]
    assert table_rows(tree) == {"31": "3 conventions", "44": "1 convention"}


def test_contracts_protocols_and_good_practices_are_mapped(client):
    signed = make_contract("31", title="Contrat signé")
    make_protocol(signed, status="signed", signature_date=datetime.date(2019, 7, 1))
    make_contract("31", title="Contrat sans protocole")
    make_contract("13", title="Contrat de Marseille")
    publish_practice("Pratique nantaise", "44")
    contracts = map_shapes(page_tree(client, "/territoires/?measure=contrats"))
    assert contracts["31"][2] == "2 contrats"
    assert contracts["13"][2] == "1 contrat"
    assert contracts["44"][0] == "q-choro--zero"
    protocols = map_shapes(page_tree(client, "/territoires/?measure=protocoles"))
    assert protocols["31"][2] == "1 protocole signé"
    assert protocols["13"][0] == "q-choro--zero"
    practices = map_shapes(page_tree(client, "/territoires/?measure=bonnes-pratiques"))
    assert practices["44"][2] == "1 bonne pratique"
    assert practices["31"][0] == "q-choro--zero"


def test_an_indicator_with_departmental_values_can_be_mapped(client):
    indicator = IndicatorFactory(code="TEST-DEP", name="Élèves en stage", unit="élèves")
    for code, value in [("31", "120"), ("44", "45"), ("59", "300")]:
        IndicatorValue.objects.create(
            indicator=indicator,
            territory=department(code),
            date=datetime.date(2019, 1, 1),
            value=Decimal(value),
        )
    # The latest value counts.
    IndicatorValue.objects.create(
        indicator=indicator,
        territory=department("31"),
        date=datetime.date(2019, 6, 1),
        value=Decimal("150"),
    )
    tree = page_tree(client, "/territoires/?measure=indicateur-TEST-DEP")
    assert "indicateur-TEST-DEP" in options(tree)
    shapes = map_shapes(tree)
    assert shapes["31"][2] == "150 élèves"
    assert shapes["75"][0] == "q-choro--none"
    assert table_rows(tree) == {
        "31": "150 élèves",
        "44": "45 élèves",
        "59": "300 élèves",
    }
    fills = {shapes[code][0] for code in ("31", "44", "59")}
    assert len(fills) == 3


@pytest.mark.parametrize("key", MEASURE_KEYS)
def test_every_measure_offered_renders_as_a_map_or_one_useful_sentence(client, key):
    tree = page_tree(client, f"/territoires/?measure={key}")
    assert selected_options(tree) == [key]
    assert set(MEASURE_KEYS) <= set(options(tree))
    if choropleth_svg(tree) is not None:
        assert len(map_shapes(tree)) == 96
        assert find(find(tree, "div", id="donnees-carte")[0], "caption")
    else:
        # Reference content alone: nothing published yet; no all-grey map.
        sentence = text(find(tree, "p", "q-map-empty")[0])
        assert "encore publié" in sentence


def test_a_measure_without_any_data_shows_a_sentence_instead_of_a_map(client):
    tree = page_tree(client, "/territoires/?measure=conventions")
    assert choropleth_svg(tree) is None
    assert not find(tree, "div", id="donnees-carte")
    assert text(find(tree, "p", "q-map-empty")[0]).startswith(
        "Aucune convention PAQTE signée n’est encore publiée"
    )


@pytest.mark.parametrize(
    "query",
    [
        "measure=inconnue",
        "measure=",
        "measure=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "measure=indicateur-",
        "measure=indicateur-N%27EXISTE-PAS",
        "measure=" + "x" * 5000,
        "measure=qpv&measure=contrats",
        "measure=%00",
    ],
)
def test_an_unknown_measure_shows_the_default_map_never_an_error(client, query):
    cache.clear()
    response = client.get(f"/territoires/?{query}")
    assert response.status_code == 200
    tree = parse(response.content)
    assert len(selected_options(tree)) == 1
    assert choropleth_svg(tree) is not None or find(tree, "p", "q-map-empty")
    assert "<script>alert" not in response.content.decode()


def test_an_unknown_measure_is_said_to_the_visitor(client):
    tree = page_tree(client, "/territoires/?measure=inconnue")
    alert = text(find(tree, "div", "fr-alert")[0])
    assert "La donnée demandée n’existe pas" in alert
    assert selected_options(tree) == ["qpv"]


def test_the_map_works_without_javascript_through_a_get_form(client):
    tree = page_tree(client, "/territoires/")
    form = find(tree, "form", "q-map-form")[0]
    assert form.get("method") == "get"
    assert find(form, "select", name="measure", id="carte-mesure")
    assert find(form, "button", type="submit")
    assert find(form, "label", **{"for": "carte-mesure"})


@pytest.mark.parametrize("key", [*MEASURE_KEYS, "indicateur-TEST-Q"])
def test_the_map_query_count_does_not_grow_with_content(
    client, django_assert_max_num_queries, key
):
    indicator = IndicatorFactory(code="TEST-Q")
    for code in ("31", "44", "59", "75", "13"):
        IndicatorValue.objects.create(
            indicator=indicator,
            territory=department(code),
            date=datetime.date(2019, 1, 1),
            value=Decimal("10"),
        )
        signed_conventions(code, 2)
        contract = make_contract(code, title=f"Contrat {code}")
        make_protocol(
            contract, status="signed", signature_date=datetime.date(2019, 7, 1)
        )
        publish_practice(f"Pratique {code}", code)
    for number in range(3):
        IndicatorFactory(code=f"TEST-Q{number}")
        IndicatorValue.objects.create(
            indicator=Indicator.objects.get(code=f"TEST-Q{number}"),
            territory=department("31"),
            date=datetime.date(2019, 1, 1),
            value=Decimal("1"),
        )
    cache.clear()
    client.get(f"/territoires/?measure={key}")
    with django_assert_max_num_queries(INDEX_BUDGET):
        response = client.get(f"/territoires/?measure={key}")
    assert response.status_code == 200


def test_classes_never_split_a_value_and_spread_over_the_palette():
    classes = classify([0, 1, 1, 2, 3, 5, 8, 13, 21, 34, None])
    assert [(c["low"], c["high"]) for c in classes] == [
        (1, 2),
        (3, 5),
        (8, 13),
        (21, 34),
    ]
    assert [c["rank"] for c in classes] == [1, 2, 3, 4]
    # Two classes take steps far apart in lightness, not neighbours.
    assert [c["rank"] for c in classify([1, 2])] == [2, 4]
    assert classify([0, None]) == []
    assert classify([0, 4], counts=False)[0]["low"] == 0


# --- the department page: outline and QPV to scale -----------------------------


def svg_numbers(d):
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


def test_department_page_draws_its_qpv_inside_its_outline(client):
    tree = page_tree(client, "/territoires/haute-garonne/")
    svg = find(tree, "svg", "q-map--department")[0]
    min_x, min_y, width, height = (float(n) for n in svg.get("viewbox").split())
    # The viewBox is the outline's box plus a small margin: no empty band.
    left, top, right, bottom = department_bounds("31")
    assert min_x < left and min_x > left - 0.1 * (right - left)
    assert min_y < top and min_y > top - 0.1 * (bottom - top)
    assert min_x + width > right and min_x + width < right + 0.1 * (right - left)
    outline = find(svg, "path", "q-map__outline")[0].get("d")
    assert outline == department_shapes()[0]["31"]
    contours = find(svg, "path", "q-map__qpv")
    assert len(contours) == QPV.objects.filter(territory__parent__code="31").count()
    for contour in contours:
        numbers = svg_numbers(contour.get("d"))
        xs, ys = numbers[0::2], numbers[1::2]
        assert left <= min(xs) and max(xs) <= right
        assert top <= min(ys) and max(ys) <= bottom
    # Each QPV is named for assistive technologies.
    titles = [t.text for t in find(svg, "title")]
    assert "Grand Mirail (QP031007)" in titles


def test_qpv_contours_fall_inside_their_own_department():
    """The calibration of the outlines: 104 of the 105 QPV centres are inside."""

    def inside(point, rings):
        x, y = point
        result = False
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    result = not result
        return result

    shapes, _ = department_shapes()
    misses = []
    qpvs = QPV.objects.exclude(geometry=None).select_related("territory__parent")
    for qpv in qpvs:
        coordinates = qpv.geometry["coordinates"]
        if qpv.geometry["type"] == "MultiPolygon":
            coordinates = [ring for polygon in coordinates for ring in polygon]
        points = [point for ring in coordinates for point in ring]
        lon = sum(p[0] for p in points) / len(points)
        lat = sum(p[1] for p in points) / len(points)
        code = qpv.territory.parent.code
        if not inside(lonlat_to_svg(lon, lat), path_rings(shapes[code])):
            misses.append(qpv.territory.code)
    assert len(qpvs) == 105
    assert len(misses) <= 1, misses


def test_department_page_compares_each_qpv_with_its_department(client):
    tree = page_tree(client, "/territoires/haute-garonne/")
    table = find(find(tree, "div", id="comparaison-qpv")[0], "table")[0]
    headers = [text(th) for th in find(find(table, "thead")[0], "th")]
    assert headers[:2] == ["Quartier", "Population municipale (hab.)"]
    assert "Taux de pauvreté (%)" in headers
    assert "Demandeurs d’emploi en fin de mois (cat. A à E)" in headers
    for th in find(find(table, "thead")[0], "th"):
        assert th.get("scope") == "col"
    qpvs = list(
        QPV.objects.filter(territory__parent__code="31").order_by("territory__code")
    )
    rows = find(find(table, "tbody")[0], "tr")
    assert len(rows) == len(qpvs) + 2
    mirail = find(table, "tr", id="QP031007")[0]
    cells = [text(td) for td in find(mirail, "td")]
    grand_mirail = next(q for q in qpvs if q.territory.code == "QP031007")
    assert re.sub(r"\D", "", cells[0]) == "31691"
    assert cells[headers.index("Taux de pauvreté (%)") - 1] == "48,5"
    assert grand_mirail.statistics["tp60"] == 48.5
    # The QPV together: a sum of counts; no rate is invented.
    together = rows[-2]
    assert text(find(together, "th")[0]) == "Ensemble des QPV du département"
    total = sum(q.population for q in qpvs)
    first = text(find(together, "td")[0])
    assert re.sub(r"\D", "", first) == str(total)
    rate = find(together, "td")[headers.index("Taux de pauvreté (%)") - 1]
    assert text(rate) == "n.d."
    # The whole department: nothing in the data, said so, never estimated.
    whole = rows[-1]
    assert {text(td) for td in find(whole, "td")} == {"n.d."}
    content = text(tree)
    assert "INSEE, revenus 2017" in content
    assert "INSEE, démographie 2015" in content
    assert "aucune n’est estimée ici" in content
    # Every loaded INSEE column, with the source's own description.
    details = find(tree, "details", "q-details")[0]
    labels = [text(th) for th in find(find(details, "tbody")[0], "th")]
    assert "Médiane (en euros) du revenu disponible par unité de consommation" in labels


def test_department_without_qpv_says_so_without_a_map(client):
    tree = page_tree(client, "/territoires/loire-atlantique/")
    assert not find(tree, "svg", "q-map--department")
    assert not find(tree, "div", id="comparaison-qpv")
    section = find(tree, "section", **{"aria-labelledby": "quartiers"})[0]
    assert "ne sont pas encore chargés" in text(section)


def test_department_page_query_count_is_bounded(client, django_assert_max_num_queries):
    cache.clear()
    client.get("/territoires/haute-garonne/")
    with django_assert_max_num_queries(25):
        response = client.get("/territoires/haute-garonne/")
    assert response.status_code == 200
