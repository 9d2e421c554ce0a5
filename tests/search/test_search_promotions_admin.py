"""Editors manage promoted results from the admin ("Résultats de recherche
améliorés"); the public search shows them first."""

import pytest

from wagtail.contrib.search_promotions.models import SearchPromotion

from measures.models import MeasurePage

pytestmark = pytest.mark.django_db


def promotion_form(page, description):
    return {
        "query_string": "paqte",
        "editors_picks-TOTAL_FORMS": "1",
        "editors_picks-INITIAL_FORMS": "0",
        "editors_picks-MIN_NUM_FORMS": "0",
        "editors_picks-MAX_NUM_FORMS": "1000",
        "editors_picks-0-page": str(page.pk),
        "editors_picks-0-description": description,
        "editors_picks-0-ORDER": "1",
        "editors_picks-0-DELETE": "",
    }


@pytest.mark.parametrize("group", ["Communication", "Administrateurs nationaux"])
def test_editor_can_promote_a_result_that_search_shows_first(
    client, user_factory, group
):
    client.force_login(user_factory("editeur", group))
    page = MeasurePage.objects.get(reference="J6")

    response = client.post(
        "/admin/searchpicks/add/", promotion_form(page, "Le pacte avec les entreprises")
    )

    assert response.status_code == 302
    assert SearchPromotion.objects.filter(page=page).exists()
    client.logout()
    html = client.get("/recherche/", {"q": "PAQTE"}).content.decode()
    assert "Le pacte avec les entreprises" in html


def test_moderator_cannot_promote_a_result(client, user_factory):
    client.force_login(user_factory("moderation", "Modérateurs"))
    page = MeasurePage.objects.get(reference="J6")

    client.post("/admin/searchpicks/add/", promotion_form(page, "Non"))

    assert not SearchPromotion.objects.exists()
