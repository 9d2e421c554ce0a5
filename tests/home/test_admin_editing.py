"""Every page type opens in the editor and its draft renders (preview path)."""

import pytest

from wagtail.models import Page

pytestmark = pytest.mark.django_db

PAGE_TYPES = [
    "homepage",
    "roadmapindexpage",
    "programmepage",
    "measurepage",
    "standardpage",
    "newsindexpage",
    "newspage",
    "sitemappage",
]


@pytest.mark.parametrize("model", PAGE_TYPES)
def test_page_type_opens_in_editor_and_draft_renders(client, admin_user, model):
    page = Page.objects.filter(content_type__model=model).first()
    client.force_login(admin_user)
    edit = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit.status_code == 200
    assert "Enregistrer le brouillon" in edit.content.decode()
    draft = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert draft.status_code == 200
    assert page.title in draft.content.decode()


def test_a_measure_refuses_a_progress_over_100():
    from django.core.exceptions import ValidationError

    from measures.models import MeasurePage

    measure = MeasurePage.objects.get(reference="J1")
    measure.progress = 140
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert "progress" in error.value.message_dict
