"""Triennial conventions: dates, axes kept, objectives and semester results."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from django.core.exceptions import ValidationError

from partners.models import Convention, ConventionObjective, ConventionResult

from .factories import (
    CompanyFactory,
    ConventionFactory,
    KeyIndicatorFactory,
    axis,
    department,
)
from .forms import CONVENTION_URL, convention_data, objective, result

pytestmark = pytest.mark.django_db


def test_referent_signs_a_convention_keeping_two_axes_with_objectives_and_results(
    client, referent_44
):
    company = CompanyFactory()
    stages = KeyIndicatorFactory(name="Stages de 3e proposés")
    client.force_login(referent_44)
    data = convention_data(
        company,
        [axis("sensibiliser"), axis("recruter")],
        objectives=[
            objective(axis("sensibiliser"), indicator=stages, target="20"),
            objective(axis("recruter"), label="Recrutements en QPV", target="5"),
            objective(None, label="Parrainage de créateurs", target="3"),
        ],
        results=[
            result(axis("sensibiliser"), "12", indicator=stages),
            result(axis("recruter"), "2", label="Recrutements en QPV"),
        ],
    )
    response = client.post(CONVENTION_URL, data)
    assert response.status_code == 302, response.context["form"].errors
    convention = Convention.objects.get()
    assert sorted(a.code for a in convention.axes.all()) == ["recruter", "sensibiliser"]
    assert convention.end_date == datetime.date(2022, 3, 1)
    assert convention.objectives.count() == 3
    assert sorted(r.value for r in convention.results.all()) == [2, 12]


def test_end_date_is_start_plus_three_years_unless_set():
    convention = ConventionFactory(start_date=datetime.date(2019, 6, 15))
    assert convention.end_date == datetime.date(2022, 6, 15)
    set_end = ConventionFactory(
        start_date=datetime.date(2019, 6, 15), end_date=datetime.date(2020, 12, 31)
    )
    assert set_end.end_date == datetime.date(2020, 12, 31)


def test_end_before_start_is_refused_and_nothing_is_written(client, referent_44):
    company = CompanyFactory()
    client.force_login(referent_44)
    data = convention_data(
        company,
        [axis("former")],
        objectives=[objective(axis("former"), label="Alternants", target="4")],
        end_date="01/01/2019",
    )
    response = client.post(CONVENTION_URL, data)
    assert response.status_code == 200
    assert "précède la date de début" in response.content.decode()
    assert not Convention.objects.exists()
    assert not ConventionObjective.objects.exists()


def test_end_before_start_is_refused_by_the_model_too():
    convention = Convention(
        company=CompanyFactory(),
        start_date=datetime.date(2019, 3, 1),
        end_date=datetime.date(2018, 1, 1),
    )
    with pytest.raises(ValidationError) as error:
        convention.full_clean()
    assert "end_date" in error.value.message_dict


def test_results_for_an_axis_the_convention_does_not_keep_are_refused(
    client, referent_44
):
    company = CompanyFactory(size="tpe")
    client.force_login(referent_44)
    data = convention_data(
        company,
        [axis("acheter")],
        objectives=[objective(axis("acheter"), label="Achats inclusifs", target="1")],
        results=[
            result(axis("acheter"), "1", label="Achats inclusifs"),
            result(axis("former"), "3", label="Alternants"),
        ],
    )
    response = client.post(CONVENTION_URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "la convention ne retient pas l’axe « Former »" in html
    assert "rien n’a été enregistré" in html
    assert not Convention.objects.exists()
    assert not ConventionResult.objects.exists()


def test_editing_a_convention_cannot_report_on_a_dropped_axis(client, referent_44):
    convention = ConventionFactory(axes=[axis("former")])
    client.force_login(referent_44)
    data = convention_data(
        convention.company,
        [axis("former")],
        results=[result(axis("recruter"), "3", label="Recrutements")],
    )
    response = client.post(f"/admin/partners/convention/edit/{convention.pk}/", data)
    assert response.status_code == 200
    assert not ConventionResult.objects.exists()


def test_a_converted_charter_needs_its_conversion_date():
    convention = Convention(
        company=CompanyFactory(), origin="charter", status="preparation"
    )
    with pytest.raises(ValidationError) as error:
        convention.full_clean()
    assert "charter_conversion_date" in error.value.message_dict
    convention.charter_conversion_date = datetime.date(2020, 3, 1)
    convention.full_clean()
    assert convention.converted_late


def test_convention_listing_filters_and_xlsx_export(client, national_admin):
    kept = ConventionFactory(
        axes=[axis("former"), axis("acheter")],
        company=CompanyFactory(name="Atelier Former", size="tpe"),
    )
    ConventionFactory(
        axes=[axis("recruter")],
        status="preparation",
        company=CompanyFactory(name="Cabinet Recruter", department=department("31")),
    )
    client.force_login(national_admin)
    former = axis("former").pk
    html = client.get(f"/admin/partners/convention/?axes__id__exact={former}").content
    assert b"Atelier Former" in html
    assert b"Cabinet Recruter" not in html
    html = client.get("/admin/partners/convention/?status__exact=preparation").content
    assert b"Cabinet Recruter" in html
    assert b"Atelier Former" not in html
    inspect = client.get(f"/admin/partners/convention/inspect/{kept.pk}/")
    assert inspect.status_code == 200
    response = client.get("/admin/partners/convention/?export=xlsx")
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    by_company = {row[0]: row for row in rows[1:]}
    assert by_company["Atelier Former"][4] == "Signée"
    assert by_company["Atelier Former"][8] == "Former, Acheter"
    assert by_company["Cabinet Recruter"][4] == "En préparation"


def test_a_large_company_keeps_the_four_axes(client, referent_44):
    company = CompanyFactory(size="ge")
    client.force_login(referent_44)
    response = client.post(
        CONVENTION_URL, convention_data(company, [axis("former"), axis("recruter")])
    )
    assert response.status_code == 200
    assert "une grande entreprise ou une ETI s’engage sur les quatre axes" in (
        response.content.decode()
    )
    assert not Convention.objects.exists()
    every_axis = [
        axis(code) for code in ("sensibiliser", "former", "recruter", "acheter")
    ]
    response = client.post(CONVENTION_URL, convention_data(company, every_axis))
    assert response.status_code == 302
