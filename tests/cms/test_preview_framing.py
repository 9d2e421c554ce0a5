"""The editor's live preview: the admin may frame a preview, nobody frames the site.

Wagtail renders a preview through a dummy request to the object's public URL,
which runs through the middleware: these tests check the headers of the real
preview (after the editor has sent its form), not of the "preview unavailable"
page.
"""

import pytest

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import StandardPage


def policy(response):
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    }


@pytest.fixture
def page(home_page):
    page = StandardPage(title="Page à prévisualiser", slug="page-a-previsualiser")
    home_page.add_child(instance=page)
    page.save_revision()
    return page


@pytest.fixture
def editor(client, user_factory):
    client.force_login(user_factory("redaction-apercu", "Communication"))
    return client


def edit_form(title):
    return nested_form_data(
        {
            "title": title,
            "slug": "page-a-previsualiser",
            "summary": "",
            "body": streamfield([]),
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
        }
    )


def test_the_live_preview_of_a_draft_may_be_framed_by_the_admin_only(editor, page):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    sent = editor.post(url, edit_form("Titre tapé dans l’éditeur"))
    assert sent.json() == {"is_valid": True, "is_available": True}

    response = editor.get(url, {"in_preview_panel": "true"})

    assert response.status_code == 200
    assert "Titre tapé dans l’éditeur" in response.content.decode()
    assert policy(response)["frame-ancestors"] == ["'self'"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_preview_keeps_the_public_policy_otherwise(editor, page):
    url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    editor.post(url, edit_form("Titre"))

    preview = policy(editor.get(url))
    public = policy(editor.get("/"))

    assert {k: v for k, v in preview.items() if k != "frame-ancestors"} == {
        k: v for k, v in public.items() if k != "frame-ancestors"
    }
    assert preview["script-src"] == ["'self'"]


def test_a_revision_preview_may_be_framed_by_the_admin_only(editor, page):
    url = reverse(
        "wagtailadmin_pages:revisions_view",
        args=[page.pk, page.latest_revision_id],
    )
    response = editor.get(url)

    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["'self'"]


def test_nobody_may_frame_the_public_site(client, page):
    response = client.get(page.url)

    assert response.status_code == 200
    assert policy(response)["frame-ancestors"] == ["'none'"]
    assert response["X-Frame-Options"] == "DENY"
