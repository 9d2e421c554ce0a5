"""Control characters in stored text: cleaned on input where they mean nothing,
and no export (.xlsx, CSV, .docx) breaks on those stored before."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from django.urls import reverse

from cms.text import strip_control_characters
from measures.exports import export_indicators, export_values
from measures.models import ContractPage, Indicator, IndicatorValue
from partners.models import Company
from tests.factories import (
    IndicatorFactory,
    IndicatorValueFactory,
    make_contract,
    make_referent,
)
from tests.partners.factories import CompanyFactory, ConventionFactory, axis

pytestmark = pytest.mark.django_db

# As stored before input was cleaned (not NUL: PostgreSQL never stores it).
RAW = "Quartier\x0bNord\x01\x1b[31m\x85fin"


@pytest.mark.parametrize(
    ("text", "one_line", "multiline"),
    [
        ("A\x0bB", "A B", "A\nB"),
        ("A\r\nB\rC", "A B C", "A\nB\nC"),
        ("A\tB", "A B", "A\tB"),
        ("A\x00B\x07C\x7fD\x9fE", "ABCDE", "ABCDE"),
        ("Né à Sète — 1 234,5 €", "Né à Sète — 1 234,5 €", "Né à Sète — 1 234,5 €"),
    ],
)
def test_control_characters_without_meaning_are_removed(text, one_line, multiline):
    assert strip_control_characters(text) == one_line
    assert strip_control_characters(text, multiline=True) == multiline


def test_a_name_typed_with_control_characters_is_stored_clean():
    indicator = IndicatorFactory(
        name="Taux\x0bd’emploi\x00", definition="Ligne 1\x0bLigne 2\r\n\tsuite"
    )
    indicator.refresh_from_db()
    assert indicator.name == "Taux d’emploi"
    assert indicator.definition == "Ligne 1\nLigne 2\n\tsuite"


def test_a_page_title_typed_with_control_characters_is_stored_clean():
    contract = make_contract("31", title="Contrat\x0bde ville", difficulties="a\x0cb")
    contract.refresh_from_db()
    assert contract.title == "Contrat de ville"
    assert contract.difficulties == "a\nb"


def stored_raw(model, instance, **values):
    """As stored before input was cleaned (``update`` sends no signal)."""
    model.objects.filter(pk=instance.pk).update(**values)


def xlsx_texts(content):
    workbook = load_workbook(io.BytesIO(content))
    return [
        value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if isinstance(value, str)
    ]


def test_indicator_exports_do_not_break_on_a_stored_control_character():
    value = IndicatorValueFactory()
    stored_raw(Indicator, value.indicator, name=RAW, unit="\x01%")
    stored_raw(IndicatorValue, value, comment=RAW)
    cleaned = strip_control_characters(RAW, multiline=True)
    assert cleaned in xlsx_texts(export_indicators())
    assert cleaned in xlsx_texts(export_values())


@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
def test_the_network_directory_does_not_break_on_a_stored_control_character(
    client, export_format
):
    company = CompanyFactory(name="Entreprise", size="tpe")
    ConventionFactory(company=company, axes=[axis("former")])
    stored_raw(Company, company, name=RAW)
    response = client.get(f"/reseau/telecharger/{export_format}/")
    assert response.status_code == 200
    if export_format == "csv":
        text = response.content.decode("utf-8-sig")
        assert "Quartier\nNord" in text
        assert "\x0b" not in text and "\x01" not in text
    else:
        assert strip_control_characters(RAW, multiline=True) in xlsx_texts(
            response.content
        )


def test_the_renovation_export_does_not_break_on_a_stored_control_character(client):
    contract = make_contract("31", title="Contrat")
    stored_raw(ContractPage, contract, title=RAW)
    response = client.get("/territoires/renovation/export/")
    assert response.status_code == 200
    assert strip_control_characters(RAW, multiline=True) in xlsx_texts(response.content)


def test_the_synthesis_docx_does_not_break_on_stored_control_characters(
    client, user_factory
):
    contract = make_contract("31", title="Contrat", difficulties="Difficultés")
    stored_raw(ContractPage, contract, title=RAW, difficulties=RAW)
    client.force_login(make_referent(user_factory, "referent-31", "31"))
    response = client.get(reverse("measures_admin:synthesis_docx", args=["31"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "QuartierNord" in text.replace("\n", "")
    assert "\x0b" not in text and "\x01" not in text
