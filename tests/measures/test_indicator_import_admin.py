"""The indicator import in the admin: upload, preview, confirm; who may."""

import datetime
import io
import os
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from django.contrib.auth.models import Permission
from django.urls import reverse

from wagtail.models import ModelLogEntry

from measures import views
from measures.imports import (
    IMPORT_LOG_ACTION,
)
from tests.measures.import_files import (
    BAD_FILES,
    VALID_ROWS,
    make_xlsx,
    rows_with,
    test_values,
    upload,
)

# --- admin views -------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_uploads(media):
    return (
        sorted((media / "imports").glob("*.xlsx"))
        if (media / "imports").exists()
        else []
    )


@pytest.fixture
def editor(django_user_model):
    """An admin user who may only add indicator values."""
    user = django_user_model.objects.create_user("editrice", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="measures", codename="add_indicatorvalue"
        ),
    )
    return user


@pytest.fixture
def reader(django_user_model):
    """An admin user without the indicator value permissions."""
    user = django_user_model.objects.create_user("lecteur", password="x" * 12)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        ),
        Permission.objects.get(
            content_type__app_label="measures", codename="view_indicatorvalue"
        ),
    )
    return user


def test_admin_flow_upload_preview_confirm(admin_client, media, existing, territories):
    rows = [
        *VALID_ROWS,
        ["TEST-EMPLOIS", "national", "FR", "31/12/2023", 45, "", "révisé"],
    ]
    response = admin_client.get(reverse("measures_admin:indicator_import"))
    assert response.status_code == 200
    assert "Import de valeurs d’indicateurs" in response.content.decode()

    response = admin_client.post(
        reverse("measures_admin:indicator_import"), {"file": upload(make_xlsx(rows))}
    )
    assert response.status_code == 302
    preview_url = response.url
    assert len(stored_uploads(media)) == 1
    assert test_values().count() == 1

    response = admin_client.get(preview_url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "5 valeurs à créer" in html
    assert "1 valeur à mettre à jour" in html
    assert "Seine-Saint-Denis" not in html  # not in this file
    assert "Corse-du-Sud" in html
    assert "Mise à jour (était 42,5)" in html
    assert test_values().count() == 1

    response = admin_client.post(preview_url, {"confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("measures_admin:indicator_import")
    messages = [str(message).strip() for message in response.context["messages"]]
    assert "5 valeurs créées, 1 mise à jour." in messages
    assert test_values().count() == 6
    existing.refresh_from_db()
    assert existing.value == Decimal("45")
    assert existing.comment == "révisé"
    assert stored_uploads(media) == []
    assert ModelLogEntry.objects.filter(action=IMPORT_LOG_ACTION).count() == 2

    # The token cannot be used twice.
    assert admin_client.post(preview_url, {"confirm": "1"}).status_code == 404


def test_admin_upload_with_errors_shows_them_and_stores_nothing(
    admin_client, media, existing
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(rows_with(valeur="beaucoup"))},
    )

    assert response.status_code == 200
    html = response.content.decode()
    assert "Le fichier a été refusé : 1 erreur." in html
    assert "ligne 3, colonne « valeur » (E)" in html
    assert stored_uploads(media) == []
    assert test_values().count() == 1


def test_admin_upload_refuses_a_pdf(admin_client, media, existing):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(BAD_FILES["pdf"][0], name="valeurs.xlsx")},
    )

    assert response.status_code == 200
    assert "n’est pas un classeur Excel .xlsx valide" in response.content.decode()
    assert stored_uploads(media) == []


def test_admin_upload_refuses_a_too_big_file(admin_client, media, settings, existing):
    settings.QUARTIERS_IMPORT_MAX_SIZE = 100
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )

    assert response.status_code == 200
    assert "taille maximale" in response.content.decode()
    assert stored_uploads(media) == []


def test_admin_cancel_deletes_the_upload(admin_client, media, territories, indicators):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    preview_url = response.url

    response = admin_client.post(preview_url, {"cancel": "1"})

    assert response.status_code == 302
    assert stored_uploads(media) == []
    assert test_values().count() == 0
    assert admin_client.get(preview_url).status_code == 404


def test_admin_preview_shows_new_errors_and_forgets_the_file(
    admin_client, media, territories, indicators
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    preview_url = response.url
    indicators["TEST-CITES"].delete()  # deleted between upload and confirm

    response = admin_client.post(preview_url, {"confirm": "1"})

    assert response.status_code == 200
    assert "indicateur « TEST-CITES » inconnu" in response.content.decode()
    assert test_values().count() == 0
    assert stored_uploads(media) == []


def test_confirming_someone_elses_token_fails(
    client, admin_client, editor, media, existing, territories
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    preview_url = response.url
    client.force_login(editor)

    assert client.get(preview_url).status_code == 404
    assert client.post(preview_url, {"confirm": "1"}).status_code == 404
    assert client.post(preview_url, {"cancel": "1"}).status_code == 404

    assert test_values().count() == 1
    assert len(stored_uploads(media)) == 1
    # The owner still can.
    assert admin_client.post(preview_url, {"confirm": "1"}).status_code == 302
    assert test_values().count() == 6


def test_unknown_token_is_404(admin_client, media):
    url = reverse(
        "measures_admin:indicator_import_preview",
        kwargs={"token": "5f0c6a52-7a0e-4c1e-9b8e-3f1c2d4e5a6b"},
    )
    assert admin_client.get(url).status_code == 404
    assert admin_client.post(url, {"confirm": "1"}).status_code == 404


def test_user_with_add_permission_can_import(client, editor, media, existing):
    client.force_login(editor)
    response = client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    assert response.status_code == 302
    response = client.post(response.url, {"confirm": "1"})
    assert response.status_code == 302
    assert test_values().count() == 6


ALL_VIEWS = [
    ("get", "measures_admin:indicator_import"),
    ("post", "measures_admin:indicator_import"),
    ("get", "measures_admin:indicator_import_template"),
    ("get", "measures_admin:indicator_export"),
    ("get", "measures_admin:indicator_value_export"),
]


@pytest.mark.parametrize(("method", "name"), ALL_VIEWS)
def test_user_without_permission_is_refused(client, reader, media, method, name):
    client.force_login(reader)
    url = reverse(name)
    response = getattr(client, method)(url)

    assert response.status_code in (302, 403)
    if response.status_code == 302:
        assert response.url == reverse("wagtailadmin_home")


def test_user_without_permission_cannot_confirm(
    client, admin_client, reader, media, existing
):
    response = admin_client.post(
        reverse("measures_admin:indicator_import"),
        {"file": upload(make_xlsx(VALID_ROWS))},
    )
    client.force_login(reader)

    response = client.post(response.url, {"confirm": "1"})

    assert response.status_code in (302, 403)
    assert test_values().count() == 1


@pytest.mark.parametrize(("method", "name"), ALL_VIEWS)
def test_anonymous_is_sent_to_login(client, db, method, name):
    response = getattr(client, method)(reverse(name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_template_download(admin_client, territories, indicators):
    response = admin_client.get(reverse("measures_admin:indicator_import_template"))

    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "modele-import-valeurs.xlsx" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["valeurs", "aide"]


def test_stale_uploads_are_purged(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "imports"
    folder.mkdir()
    old, recent = folder / "old.xlsx", folder / "recent.xlsx"
    old.write_bytes(b"x")
    recent.write_bytes(b"x")
    two_days_ago = datetime.datetime.now().timestamp() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))

    views.purge_stale_uploads()

    assert not old.exists()
    assert recent.exists()
