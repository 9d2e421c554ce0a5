"""Figures on public pages are live: an import changes them, nothing is typed in."""

import io

import pytest
from openpyxl import Workbook

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from measures.imports import TEMPLATE_HEADERS
from measures.models import MeasurePage

pytestmark = pytest.mark.django_db


def xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "valeurs"
    sheet.append(list(TEMPLATE_HEADERS))
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return SimpleUploadedFile("valeurs.xlsx", output.getvalue())


def test_importing_values_changes_the_home_page_figure(
    client, admin_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    home = client.get("/").content.decode()
    assert "20\u202f000" in home
    assert "12\u202f500" not in home

    client.force_login(admin_user)
    response = client.post(
        reverse("measures_admin:indicator_import"),
        {
            "file": xlsx(
                [["EMPLOIS-FRANCS", "national", "FR", "30/06/2021", 12500, "", ""]]
            )
        },
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response.url, {"confirm": "1"})
    client.logout()

    home = client.get("/").content.decode()
    assert "12\u202f500" in home
    assert "Valeur au 30 juin 2021" in home
    measure = client.get(MeasurePage.objects.get(reference="J1").url).content.decode()
    assert "Dernière valeur au 30 juin 2021" in measure
    assert '<svg class="q-chart"' in measure


def test_a_departmental_value_does_not_replace_the_national_figure(
    client, admin_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    response = client.post(
        reverse("measures_admin:indicator_import"),
        {
            "file": xlsx(
                [["EMPLOIS-FRANCS", "departement", "93", "30/06/2019", 900, "", ""]]
            )
        },
    )
    client.post(response.url, {"confirm": "1"})
    home = client.get("/").content.decode()
    assert "Valeur au 26 février 2020" in home
    assert "Valeur au 30 juin 2019" not in home
