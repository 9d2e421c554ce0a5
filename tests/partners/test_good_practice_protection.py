"""What protects the good practices: each test fails if its protection goes."""

import pytest

from django.test import Client, override_settings
from django.urls import reverse

from partners.models import GoodPracticePage
from partners.sanitize import sanitise_html

from .good_practice_helpers import (
    image_upload,
    make_partner,
    pdf_upload,
    practice_data,
    propose,
)

pytestmark = pytest.mark.django_db

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    '<a href=" jav&#x09;ascript:alert(1)">clic</a>',
    '<iframe src="https://evil.example"></iframe>',
    '<p onmouseover="alert(1)">texte</p>',
    "<b style=\"background:url('javascript:alert(1)')\">gras</b>",
    '"><script>alert(document.cookie)</script>',
    "<scr<script>ipt>alert(1)</script>",
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<details open ontoggle=alert(1)>",
    "<body onload=alert(1)>",
]
DANGEROUS = [
    "<script",
    "onerror",
    "onload",
    "javascript:",
    "<iframe",
    "<svg",
    "onmouseover",
    "ontoggle",
    "data:text",
    "<img",
    "style=",
]


@pytest.fixture
def partner(django_user_model):
    return make_partner(django_user_model)


@pytest.fixture
def partner_client(client, partner):
    client.force_login(partner)
    return client


def assert_clean(html):
    lowered = html.lower()
    for marker in DANGEROUS:
        assert marker not in lowered, (marker, html)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_neutralises_each_payload(payload):
    assert_clean(sanitise_html(payload))


def test_sanitiser_keeps_the_allowed_formatting():
    html = sanitise_html(
        "<p>Un <strong>atelier</strong> <em>mensuel</em> "
        '<a href="https://example.org" class="x">site</a></p><ul><li>un</li></ul>'
    )
    assert html == (
        '<p>Un <b>atelier</b> <i>mensuel</i> <a href="https://example.org">site</a>'
        "</p><ul><li>un</li></ul>"
    )


def test_html_in_every_field_is_neutralised_on_the_published_page(
    partner_client, user_factory
):
    payload = " ".join(XSS_PAYLOADS)
    response = propose(
        partner_client,
        title=f"Titre {XSS_PAYLOADS[0]}",
        summary=" ".join(XSS_PAYLOADS[:8]),
        description=payload,
        organisation=f"Asso {XSS_PAYLOADS[1]}",
        contact_name=f"Camille {XSS_PAYLOADS[3]}",
    )
    assert response.status_code == 302
    page = GoodPracticePage.objects.get()
    page.get_latest_revision().publish()
    page.refresh_from_db()
    html = Client().get(page.url).content.decode()
    main = html[html.index("<main") :]
    assert_clean(main.split("</main>")[0])
    html = partner_client.get(reverse("partners_space")).content.decode()
    assert "<script>alert" not in html


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("partners_propose"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("partners_login"))
    assert client.post(reverse("partners_propose"), practice_data()).status_code == 302
    assert not GoodPracticePage.objects.exists()


def test_unconfirmed_partner_cannot_submit(client, partner):
    partner.partner_profile.confirmed_at = None
    partner.partner_profile.save()
    client.force_login(partner)
    assert propose(client).status_code == 403
    assert not GoodPracticePage.objects.exists()


def test_user_outside_the_partners_group_cannot_submit(client, user_factory):
    client.force_login(user_factory("redac", "Communication"))
    assert propose(client).status_code == 403


def test_partner_cannot_see_or_edit_another_partners_unpublished_practice(
    client, partner_client, django_user_model
):
    propose(partner_client, title="Pratique secrète de A")
    page = GoodPracticePage.objects.get()
    other = make_partner(django_user_model, username="autre", organisation="B")
    other_client = Client()
    other_client.force_login(other)
    # by URL
    assert other_client.get(page.url).status_code == 404
    assert client.get(page.url).status_code == 404
    # by id
    edit_url = reverse("partners_practice_edit", args=[page.pk])
    assert other_client.get(edit_url).status_code == 404
    assert other_client.post(edit_url, practice_data()).status_code == 404
    # by listing
    assert "Pratique secrète" not in other_client.get("/mon-espace/").content.decode()
    assert (
        "Pratique secrète"
        not in other_client.get("/bonnes-pratiques/").content.decode()
    )
    # by search and by the API
    html = other_client.get("/recherche/", {"q": "Pratique secrète"}).content.decode()
    assert "Pratique secrète de A" not in html
    api = other_client.get("/api/v2/pages/", {"search": "secrète"}).content.decode()
    assert "Pratique secrète" not in api
    # and its own author still sees and edits it
    assert (
        "Pratique secrète de A" in partner_client.get("/mon-espace/").content.decode()
    )


def test_partner_cannot_edit_a_practice_in_moderation(partner_client):
    propose(partner_client)
    page = GoodPracticePage.objects.get()
    edit_url = reverse("partners_practice_edit", args=[page.pk])
    assert partner_client.get(edit_url).status_code == 404


def test_partner_has_no_access_to_the_admin(partner_client):
    response = partner_client.get("/admin/")
    assert response.status_code == 302


@override_settings(QUARTIERS_RATE_LIMIT=(2, 3600))
def test_submissions_are_rate_limited_and_keep_what_was_typed(partner_client):
    assert propose(partner_client).status_code == 302
    assert propose(partner_client).status_code == 302
    response = propose(partner_client, title="Troisième essai")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de demandes" in html
    assert 'value="Troisième essai"' in html
    assert GoodPracticePage.objects.count() == 2


def test_honeypot_submission_creates_nothing(partner_client):
    assert propose(partner_client, website="http://spam.example").status_code == 403
    assert not GoodPracticePage.objects.exists()


def test_submission_without_csrf_token_is_refused(partner):
    client = Client(enforce_csrf_checks=True)
    client.force_login(partner)
    assert propose(client).status_code == 403
    assert not GoodPracticePage.objects.exists()


def post_with_files(client, **files):
    data = practice_data(title="Avec fichiers")
    data.update(files)
    return client.post(reverse("partners_propose"), data)


def test_a_file_that_is_not_an_image_is_refused_as_image(partner_client):
    fake = pdf_upload(name="photo.png")
    response = post_with_files(partner_client, images=[fake])
    assert response.status_code == 400
    html = response.content.decode()
    assert "n’est pas une image" in html
    assert 'value="Avec fichiers"' in html
    assert not GoodPracticePage.objects.exists()


def test_a_file_that_is_not_a_pdf_is_refused_as_pdf(partner_client):
    fake = image_upload(name="rapport.pdf")
    response = post_with_files(partner_client, pdfs=[fake])
    assert response.status_code == 400
    assert "n’est pas un document PDF" in response.content.decode()
    assert not GoodPracticePage.objects.exists()


@override_settings(QUARTIERS_IMAGE_MAX_SIZE=50, QUARTIERS_PDF_MAX_SIZE=20)
def test_files_over_the_limit_are_refused_with_a_clear_message(partner_client):
    response = post_with_files(
        partner_client, images=[image_upload()], pdfs=[pdf_upload()]
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "la limite est de 50\xa0octets par fichier" in html
    assert "la limite est de 20\xa0octets par fichier" in html
    assert not GoodPracticePage.objects.exists()


def test_more_than_five_images_are_refused(partner_client):
    images = [image_upload(name=f"i{n}.png") for n in range(6)]
    response = post_with_files(partner_client, images=images)
    assert response.status_code == 400
    assert "5 images au plus" in response.content.decode()


def test_a_refused_submission_keeps_what_was_typed(partner_client):
    response = propose(
        partner_client, title="", summary="Mon résumé précieux", contact_email="x"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Mon résumé précieux" in html
    assert "Garage solidaire" in html
    assert not GoodPracticePage.objects.exists()


def test_files_of_a_practice_in_moderation_cannot_be_guessed(partner_client):
    post_with_files(partner_client, pdfs=[pdf_upload(name="bilan.pdf")])
    page = GoodPracticePage.objects.get()
    (item,) = page.get_latest_revision_as_object().documents.all()
    other = Client()
    guessed = f"/documents/{item.document.pk}/bilan.pdf"
    assert other.get(guessed).status_code == 404
    assert other.get(f"/api/v2/pages/{page.pk}/").status_code == 404
