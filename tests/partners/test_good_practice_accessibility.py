"""Good-practice and partner-space pages: one h1, headings in order, every field
labelled, errors linked to their field."""

import re

import pytest

from django.urls import reverse

from .good_practice_helpers import make_partner, propose
from .test_accessibility import Outline
from .test_good_practice_listing import publish_practice

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/bonnes-pratiques/",
    "/mon-espace/inscription/",
    "/mon-espace/connexion/",
    "/mon-espace/mot-de-passe/",
]


def check_outline(html):
    outline = Outline()
    outline.feed(html)
    assert outline.headings.count(1) == 1
    assert outline.headings[0] == 1
    for previous, current in zip(outline.headings, outline.headings[1:], strict=False):
        assert current <= previous + 1, outline.headings
    assert all(field in outline.labels for field in outline.fields), outline.fields


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_public_pages_are_outlined_and_labelled(client, url):
    publish_practice("Pratique publiée")
    check_outline(client.get(url).content.decode())


def test_practice_page_is_outlined(client):
    page = publish_practice("Pratique publiée")
    check_outline(client.get(page.url).content.decode())


def test_partner_pages_are_outlined_and_labelled(client, django_user_model):
    client.force_login(make_partner(django_user_model))
    check_outline(client.get(reverse("partners_propose")).content.decode())
    propose(client)
    check_outline(client.get(reverse("partners_space")).content.decode())


def test_errors_are_linked_to_their_fields(client, django_user_model):
    client.force_login(make_partner(django_user_model))
    html = propose(client, title="").content.decode()
    check_outline(html)
    described = re.search(r'<input[^>]*name="title"[^>]*>', html).group(0)
    error_id = re.search(r'aria-describedby="([^"]+)"', described).group(1)
    assert any(f'id="{part}"' in html for part in error_id.split())
