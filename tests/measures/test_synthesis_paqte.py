"""The prefect's synthesis holds the department's PAQTE data (contributed by the
partners app through a hook), its indicators; its .docx is A4 with the
« République française » block; the HTML version links back to the admin."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Cm

from django.urls import reverse

from measures.models import Indicator, IndicatorValue, Territory
from partners.models import ConventionResult, DepartmentOrganisation, SemesterReport
from tests.factories import make_referent
from tests.partners.factories import (
    CompanyFactory,
    ConventionFactory,
    KeyIndicatorFactory,
    axis,
    department,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def referent(user_factory):
    return make_referent(user_factory, "referent-31", "31")


@pytest.fixture
def paqte_31():
    company = CompanyFactory(name="Aéronautique de test", department=department("31"))
    convention = ConventionFactory(company=company, axes=[axis("recruter")])
    ConventionFactory(
        company=CompanyFactory(
            name="Projet en préparation", department=department("31")
        ),
        status="preparation",
    )
    ConventionFactory(company=CompanyFactory(name="Entreprise de Nantes"))  # dept 44
    ConventionResult.objects.create(
        convention=convention,
        axis=axis("recruter"),
        indicator=KeyIndicatorFactory(name="Jeunes recrutés (test)", unit="jeunes"),
        year=2019,
        half=1,
        value=Decimal("12"),
    )
    SemesterReport.objects.create(
        department=department("31"), year=2019, half=1, live=False
    )
    DepartmentOrganisation.objects.create(
        department=department("31"),
        referent_name="Camille Test",
        referent_role="sous-préfète à la ville",
    )


def docx(client, code="31"):
    response = client.get(reverse("measures_admin:synthesis_docx", args=[code]))
    assert response.status_code == 200
    return Document(io.BytesIO(response.content))


def docx_text(document):
    paragraphs = [p.text for p in document.paragraphs]
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(paragraphs + cells)


def test_synthesis_docx_is_a4(client, referent):
    client.force_login(referent)
    for section in docx(client).sections:
        # Word stores twentieths of a point: 21 cm reads back within 0.01 cm.
        assert abs(section.page_width - Cm(21)) < Cm(0.01)
        assert abs(section.page_height - Cm(29.7)) < Cm(0.01)


def test_synthesis_docx_opens_with_the_republic_block(client, referent):
    client.force_login(referent)
    document = docx(client)
    first = document.paragraphs[0]
    assert first.text == "République française"
    assert first.runs[0].bold
    assert first.runs[0].font.all_caps
    assert document.paragraphs[1].text == "Liberté Égalité Fraternité"


def test_synthesis_holds_the_departments_paqte_data(client, referent, paqte_31):
    client.force_login(referent)
    text = docx_text(docx(client))
    for expected in (
        "Pacte avec les quartiers pour toutes les entreprises (PAQTE)",
        "Référent PAQTE du département : Camille Test, sous-préfète à la ville.",
        "Signée : 1",
        "En préparation : 1",
        "Entreprises signataires (1) : Aéronautique de test.",
        "Jeunes recrutés (test)",
        "12 jeunes",
        "S1 2019",
        "bilan en cours de rédaction",
    ):
        assert expected in text, expected
    assert "Entreprise de Nantes" not in text  # another department's


def test_synthesis_html_has_the_same_sections_and_links_back_to_the_admin(
    client, referent, paqte_31
):
    client.force_login(referent)
    html = client.get(reverse("measures_admin:synthesis", args=["31"])).content.decode()
    assert "République française" in html
    assert "Liberté Égalité Fraternité" in html
    assert f'href="{reverse("measures_admin:synthesis_index")}"' in html
    assert "5. Indicateurs de la feuille de route dans le département" in html
    assert "6. Pacte avec les quartiers pour toutes les entreprises (PAQTE)" in html
    assert "Aéronautique de test" in html


def test_synthesis_lists_the_departments_indicator_values_with_unit(client, referent):
    indicator = Indicator.objects.get(code="COPRO-CREDITS")
    IndicatorValue.objects.create(
        indicator=indicator,
        territory=Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="31"),
        date=datetime.date(2019, 6, 30),
        value=Decimal("0.2"),
    )
    client.force_login(referent)
    text = docx_text(docx(client))
    assert indicator.name in text
    assert "0,2\u202fMd€" in text or "0,2 Md€" in text


def test_synthesis_without_paqte_data_says_so(client, referent):
    client.force_login(referent)
    text = docx_text(docx(client))
    assert "Référent PAQTE du département : non renseigné." in text
    assert "Aucun résultat semestriel déclaré par les signataires." in text


def test_measures_app_does_not_import_partners():
    root = Path(__file__).resolve().parents[2] / "measures"
    for path in root.rglob("*.py"):
        text = path.read_text()
        assert "from partners" not in text, path
        assert "import partners" not in text, path
