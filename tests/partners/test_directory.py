"""/reseau/: the public directory of the network, its filters, pages and downloads."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from measures.models import Territory
from partners.models import Association, ClubPage, Company, Convention
from tests.query_budget import queries_after_publication

from .factories import CompanyFactory, ConventionFactory, axis, department, valid_siren

pytestmark = pytest.mark.django_db

DIRECTORY_BUDGET = 25


@pytest.fixture
def network():
    face = ClubPage.objects.get(slug="face")
    crepi = ClubPage.objects.get(slug="crepi")
    face.departments.add(department("44"))
    face.save_revision().publish()
    alpha = CompanyFactory(name="Alpha TPE", size="tpe")
    alpha.clubs.add(face)
    ConventionFactory(company=alpha, axes=[axis("former"), axis("acheter")])
    beta = CompanyFactory(name="Beta GE", size="ge")
    beta.clubs.add(crepi)
    ConventionFactory(company=beta, axes=[axis("recruter")])
    gamma = CompanyFactory(name="Gamma TPE", size="tpe", department=department("31"))
    ConventionFactory(company=gamma, axes=[axis("former")])
    CompanyFactory(name="Delta sans convention", size="tpe")
    Association.objects.create(name="Association Epsilon", department=department("44"))
    return {"face": face, "crepi": crepi}


def names(client, query=""):
    response = client.get(f"/reseau/{query}")
    assert response.status_code == 200
    return [entry["entry_name"] for entry in response.context["page_obj"].object_list]


def test_directory_lists_clubs_signatories_and_associations(client, network):
    listed = names(client)
    assert {"Alpha TPE", "Beta GE", "Gamma TPE", "Association Epsilon"} <= set(listed)
    assert {"FACE", "CREPI", "LEPC"} <= set(listed)
    assert "Delta sans convention" not in listed  # no convention: not in the network


def test_directory_filters_combine(client, network):
    loire = department("44").pk
    assert names(client, f"?department={loire}&size=tpe") == ["Alpha TPE"]
    assert names(client, f"?axis={axis('former').pk}") == ["Alpha TPE", "Gamma TPE"]
    assert names(
        client, f"?axis={axis('former').pk}&department={department('31').pk}"
    ) == ["Gamma TPE"]
    assert names(client, f"?club={network['face'].pk}") == ["Alpha TPE", "FACE"]
    assert names(client, f"?club={network['crepi'].pk}&size=ge") == ["Beta GE"]
    assert names(client, f"?kind=association&department={loire}") == [
        "Association Epsilon"
    ]
    assert names(client, f"?kind=club&department={loire}") == ["FACE"]
    assert names(client, "?q=beta") == ["Beta GE"]


def test_an_unknown_filter_value_is_ignored_with_its_error(client, network):
    response = client.get("/reseau/?size=geante")
    assert response.status_code == 200
    assert "Beta GE" in response.content.decode()
    assert response.context["filter"].form.errors


def test_directory_paginates_and_keeps_the_filters(client):
    territory = department("44")
    companies = Company.objects.bulk_create(
        Company(
            name=f"Société {n:03d}",
            siren=valid_siren(5000 + n),
            size="pme",
            department=territory,
        )
        for n in range(120)
    )
    Convention.objects.bulk_create(
        Convention(company=c, status="signed", start_date=datetime.date(2019, 1, 1))
        for c in companies
    )
    first = client.get(f"/reseau/?kind=entreprise&department={territory.pk}")
    assert first.context["page_obj"].paginator.count == 120
    assert len(first.context["page_obj"].object_list) == 50
    html = first.content.decode()
    assert f"kind=entreprise&amp;department={territory.pk}&amp;page=2" in html
    last = client.get(f"/reseau/?kind=entreprise&department={territory.pk}&page=3")
    assert [e["entry_name"] for e in last.context["page_obj"].object_list][-1] == (
        "Société 119"
    )


def test_downloads_are_filtered_and_neutralised(client, network):
    CompanyFactory(name='=HYPERLINK("http://x")', size="tpe")
    formula = Company.objects.get(name__startswith="=")
    ConventionFactory(company=formula, axes=[axis("former")])
    query = f"?size=tpe&department={department('44').pk}"
    csv = client.get(f"/reseau/telecharger/csv/{query}")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Type;Nom;")
    assert "Alpha TPE" in text
    assert "Beta GE" not in text
    assert "'=HYPERLINK" in text
    xlsx = client.get(f"/reseau/telecharger/xlsx/{query}")
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.values)
    assert rows[0][:2] == ("Type", "Nom")
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Alpha TPE"][6] == "Former, Acheter"
    assert by_name["Alpha TPE"][7] == "FACE"
    assert '\'=HYPERLINK("http://x")' in by_name


def count_queries(client, url):
    """The first request after a publication: the directory is rebuilt."""
    return queries_after_publication(client, url)


def add_companies(count=2000):
    departments = list(Territory.objects.filter(kind="department"))
    clubs = list(ClubPage.objects.all())
    axes = [axis("former"), axis("recruter")]
    companies = Company.objects.bulk_create(
        Company(
            name=f"Entreprise en volume {n:04d}",
            siren=valid_siren(100000 + n),
            size=("ge", "eti", "pme", "tpe")[n % 4],
            department=departments[n % len(departments)],
        )
        for n in range(count)
    )
    conventions = Convention.objects.bulk_create(
        Convention(company=c, status="signed", start_date=datetime.date(2019, 1, 1))
        for c in companies
    )
    Convention.axes.through.objects.bulk_create(
        Convention.axes.through(convention=c, axis=axes[n % 2])
        for n, c in enumerate(conventions)
    )
    Company.clubs.through.objects.bulk_create(
        Company.clubs.through(company=c, clubpage=clubs[n % len(clubs)])
        for n, c in enumerate(companies)
    )


@pytest.mark.parametrize(
    "query",
    ["", "?page=2", "?size=pme&axis={former}", "?department={loire}&kind=entreprise"],
)
def test_directory_queries_do_not_grow_with_2000_companies(client, network, query):
    url = "/reseau/" + query.format(former=axis("former").pk, loire=department("44").pk)
    # A first match on every tested page, so that only the volume changes.
    ConventionFactory(
        company=CompanyFactory(name="Zeta PME", size="pme"), axes=[axis("former")]
    )
    before = count_queries(client, url)
    add_companies()
    after = count_queries(client, url)
    assert before <= DIRECTORY_BUDGET
    assert after == before
