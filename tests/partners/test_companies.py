"""Companies of the PAQTE: a referent creates them; a wrong SIREN is refused."""

import pytest

from django.core.exceptions import ValidationError

from partners.models import Company
from partners.validators import luhn_is_valid, validate_siren

from .factories import CompanyFactory, department
from .forms import COMPANY_URL, company_data

pytestmark = pytest.mark.django_db


def test_referent_creates_a_company_of_its_department(client, referent_44):
    client.force_login(referent_44)
    response = client.post(COMPANY_URL, company_data(department("44")))
    assert response.status_code == 302
    company = Company.objects.get()
    assert company.siren == "123456782"  # spaces typed by the user are removed
    assert company.department.code == "44"


@pytest.mark.parametrize(
    ("siren", "message"),
    [
        ("123456789", "la clé de contrôle ne correspond pas"),
        ("12345678", "Il compte exactement 9 chiffres"),
        ("12345678A", "Il compte exactement 9 chiffres"),
    ],
)
def test_a_wrong_siren_is_refused_with_a_clear_message(
    client, referent_44, siren, message
):
    client.force_login(referent_44)
    response = client.post(COMPANY_URL, company_data(department("44"), siren=siren))
    assert response.status_code == 200
    html = response.content.decode()
    assert "SIREN" in html
    assert message in html
    assert not Company.objects.exists()


def test_a_siren_already_used_is_refused(client, referent_44):
    CompanyFactory(siren="123456782")
    client.force_login(referent_44)
    response = client.post(COMPANY_URL, company_data(department("44")))
    assert "une entreprise porte déjà ce numéro SIREN" in response.content.decode()
    assert Company.objects.count() == 1


def test_referent_cannot_create_a_company_in_another_department(client, referent_44):
    client.force_login(referent_44)
    response = client.post(COMPANY_URL, company_data(department("31")))
    assert response.status_code == 200
    assert not Company.objects.exists()


def test_siren_validation_is_luhn():
    assert luhn_is_valid("732829320")
    assert not luhn_is_valid("732829321")
    validate_siren("732 829 320")
    with pytest.raises(ValidationError):
        validate_siren("732829321")


def test_company_listing_filters_search_and_export(client, national_admin):
    CompanyFactory(name="Alpha Bâtiment", size="tpe")
    CompanyFactory(name="=Formule", size="ge", department=department("31"))
    client.force_login(national_admin)
    html = client.get("/admin/partners/company/?size=tpe").content.decode()
    assert "Alpha Bâtiment" in html
    assert "=Formule" not in html
    html = client.get("/admin/partners/company/?q=alpha").content.decode()
    assert "Alpha Bâtiment" in html
    response = client.get("/admin/partners/company/?export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "'=Formule" in body
    assert "Très petite entreprise (TPE)" in body
