"""The whole journey of a good practice, through the Django test client."""

import re

import pytest

from django.core import mail
from django.urls import reverse

from wagtail.models import WorkflowState

from partners.models import GoodPracticePage, RefusalReason

from .good_practice_helpers import (
    image_upload,
    link_in,
    make_partner,
    moderate,
    pdf_upload,
    practice_data,
    propose,
    workflow_state,
)

pytestmark = pytest.mark.django_db

SIGNUP = {
    "name": "Camille Martin",
    "organisation": "Garage solidaire",
    "email": "camille@example.org",
    "password": "un-mot-de-passe-solide",
    "website": "",
}


@pytest.fixture
def moderator(user_factory):
    return user_factory("moderatrice", "Modérateurs")


def test_partner_signs_up_submits_and_gets_published_after_changes(client, moderator):
    # Sign up: the account stays inactive until the link is used.
    response = client.post(reverse("partners_signup"), SIGNUP)
    assert response.status_code == 302
    assert not client.login(username="camille@example.org", password=SIGNUP["password"])
    (message,) = mail.outbox
    assert message.to == ["camille@example.org"]
    response = client.get(link_in(message))
    assert response.status_code == 302
    response = client.post(
        reverse("partners_login"),
        {"username": "camille@example.org", "password": SIGNUP["password"]},
    )
    assert response.status_code == 302

    # Submit with an image and a PDF.
    data = practice_data()
    data["images"] = [image_upload()]
    data["pdfs"] = [pdf_upload()]
    response = client.post(reverse("partners_propose"), data)
    assert response.status_code == 302
    page = GoodPracticePage.objects.get()
    assert not page.live
    assert page.owner.email == "camille@example.org"
    latest = page.get_latest_revision_as_object()
    (image,) = [item.image for item in latest.images.all()]
    assert image.collection.name == "Bonnes pratiques"
    assert re.search(r"/photo-de-latelier-[0-9a-f]{12}\.png$", image.file.name)
    (document,) = [item.document for item in latest.documents.all()]
    assert re.search(r"/bilan-2019-[0-9a-f]{12}\.pdf$", document.file.name)
    assert workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS
    assert "en modération" in client.get(reverse("partners_space")).content.decode()

    # The moderator asks for changes.
    partner_client = client
    from django.test import Client

    moderator_client = Client()
    moderator_client.force_login(moderator)
    queue = moderator_client.get(reverse("partners_moderation_queue"))
    assert "Stages de troisième au garage solidaire" in queue.content.decode()
    mail.outbox.clear()
    moderate(moderator_client, page, "reject", comment="Précisez le nombre d’élèves.")
    assert workflow_state(page).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["camille@example.org"]
    assert "Précisez le nombre d’élèves." in mail.outbox[0].body
    html = partner_client.get(reverse("partners_space")).content.decode()
    assert "à modifier" in html
    assert "Précisez le nombre d’élèves." in html

    # The partner edits and resubmits.
    edit_url = reverse("partners_practice_edit", args=[page.pk])
    assert partner_client.get(edit_url).status_code == 200
    response = partner_client.post(
        edit_url, practice_data(summary="Vingt collégiens de REP+ chaque année.")
    )
    assert response.status_code == 302
    assert workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS

    # The moderator edits the text, then approves: the page is published.
    draft = page.get_latest_revision_as_object()
    draft.summary = "Vingt collégiens de REP+ découvrent un garage solidaire."
    draft.save_revision(user=moderator)
    mail.outbox.clear()
    moderate(moderator_client, page, "approve")
    page.refresh_from_db()
    assert page.live
    assert [m.subject for m in mail.outbox] == [
        "Votre bonne pratique « Stages de troisième au garage solidaire » est publiée"
    ]
    html = partner_client.get(reverse("partners_space")).content.decode()
    assert "publiée" in html
    assert "Vingt collégiens de REP+ chaque année." in html  # what they sent
    assert "découvrent un garage solidaire" in html  # what was published

    # Each decision is in the audit log.
    from wagtail.models import PageLogEntry

    actions = set(
        PageLogEntry.objects.filter(page=page).values_list("action", flat=True)
    )
    assert {"wagtail.workflow.reject", "wagtail.workflow.approve"} <= actions

    # Public, on the listing and its filters, on the home page.
    assert client.get(page.url).status_code == 200
    listing = client.get("/bonnes-pratiques/").content.decode()
    assert "Stages de troisième au garage solidaire" in listing
    filtered = client.get(
        "/bonnes-pratiques/", {"department": page.department_id}
    ).content.decode()
    assert "Stages de troisième au garage solidaire" in filtered
    other = client.get(
        "/bonnes-pratiques/", {"organisation_type": "entreprise"}
    ).content.decode()
    assert "Stages de troisième au garage solidaire" not in other
    assert "Stages de troisième au garage solidaire" in client.get("/").content.decode()


def test_moderator_refuses_with_a_reason_and_the_partner_sees_it(
    client, django_user_model, moderator
):
    partner = make_partner(django_user_model)
    client.force_login(partner)
    propose(client)
    page = GoodPracticePage.objects.get()
    from django.test import Client

    moderator_client = Client()
    moderator_client.force_login(moderator)
    mail.outbox.clear()
    moderate(
        moderator_client,
        page,
        "refuse",
        reason=RefusalReason.ADVERTISING,
        comment="Présentation commerciale.",
    )
    assert workflow_state(page).status == WorkflowState.STATUS_CANCELLED
    page.refresh_from_db()
    assert not page.live
    assert page.refusal.reason == RefusalReason.ADVERTISING
    assert "Contenu publicitaire" in mail.outbox[0].body
    html = client.get(reverse("partners_space")).content.decode()
    assert "refusée" in html
    assert "Présentation commerciale." in html
    assert "Contenu publicitaire ou commercial" in html
    # A refused practice can no longer be edited.
    edit_url = reverse("partners_practice_edit", args=[page.pk])
    assert client.get(edit_url).status_code == 404
    from wagtail.models import PageLogEntry

    assert PageLogEntry.objects.filter(
        page=page, action="partners.good_practice.refuse"
    ).exists()


def test_partner_saves_a_draft_and_completes_it_later(client, django_user_model):
    partner = make_partner(django_user_model)
    client.force_login(partner)
    data = practice_data()
    del data["submit"]
    data["draft"] = "1"
    client.post(reverse("partners_propose"), data)
    page = GoodPracticePage.objects.get()
    assert workflow_state(page) is None
    assert "brouillon" in client.get(reverse("partners_space")).content.decode()
    client.post(
        reverse("partners_practice_edit", args=[page.pk]),
        practice_data(title="Titre complété"),
    )
    assert workflow_state(page).status == WorkflowState.STATUS_IN_PROGRESS
    page.refresh_from_db()
    assert page.get_latest_revision_as_object().title == "Titre complété"
