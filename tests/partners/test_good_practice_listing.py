"""Where published good practices appear: listing and filters, department, club,
home page; the moderators' dashboard panel and rights; the loader."""

import pytest

from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from wagtail.models import GroupPagePermission, Workflow, WorkflowPage

from measures.models import ProgrammePage, Territory
from partners.models import (
    Axis,
    ClubPage,
    GoodPracticeIndexPage,
    GoodPracticePage,
    OrganisationType,
)

from .good_practice_helpers import make_partner, propose

pytestmark = pytest.mark.django_db


def department(code):
    return Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code)


def publish_practice(title, code="31", axis="sensibiliser", programme=None, **fields):
    index = GoodPracticeIndexPage.objects.get()
    page = GoodPracticePage(
        title=title,
        summary=f"Résumé de {title}",
        organisation=fields.pop("organisation", "Organisation test"),
        department=department(code),
        **fields,
    )
    index.add_child(instance=page)
    page.axes = [Axis.objects.get(code=axis)]
    if programme is not None:
        page.programmes = [programme]
    page.save_revision().publish()
    return page


def listing(client, **params):
    return client.get("/bonnes-pratiques/", params).content.decode()


def test_listing_filters_by_department_axis_programme_and_organisation_type(client):
    programme = ProgrammePage.objects.live().order_by("path").first()
    publish_practice("Pratique toulousaine", "31", programme=programme)
    publish_practice(
        "Pratique nantaise",
        "44",
        axis="recruter",
        organisation_type=OrganisationType.COMPANY,
    )
    html = listing(client)
    assert "Pratique toulousaine" in html and "Pratique nantaise" in html
    html = listing(client, department=department("44").pk)
    assert "Pratique nantaise" in html and "Pratique toulousaine" not in html
    html = listing(client, axis=Axis.objects.get(code="recruter").pk)
    assert "Pratique nantaise" in html and "Pratique toulousaine" not in html
    html = listing(client, programme=programme.pk)
    assert "Pratique toulousaine" in html and "Pratique nantaise" not in html
    html = listing(client, organisation_type="entreprise")
    assert "Pratique nantaise" in html and "Pratique toulousaine" not in html


def test_listing_is_paginated(client):
    for number in range(13):
        publish_practice(f"Pratique numéro {number:02d}")
    assert "Pratique numéro 00" not in listing(client)
    assert "Pratique numéro 00" in listing(client, page=2)


def test_listing_labels_every_filter(client):
    html = listing(client)
    for name in ["department", "axis", "programme", "organisation_type"]:
        assert f'<label class="fr-label" for="id_{name}">' in html


def test_practice_appears_on_its_department_club_and_home_pages(client):
    club = ClubPage.objects.get(slug="face")
    publish_practice(
        "Pratique du club FACE",
        "31",
        organisation_type=OrganisationType.CLUB,
        club=club,
    )
    assert (
        "Pratique du club FACE"
        in client.get("/territoires/haute-garonne/").content.decode()
    )
    assert (
        "Pratique du club FACE"
        not in client.get("/territoires/loire-atlantique/").content.decode()
    )
    assert "Pratique du club FACE" in client.get(club.url).content.decode()
    assert "Pratique du club FACE" in client.get("/").content.decode()


def test_moderators_see_the_queue_oldest_first_on_their_dashboard(
    client, django_user_model, user_factory
):
    partner = make_partner(django_user_model)
    client.force_login(partner)
    propose(client, title="Première proposée")
    propose(client, title="Seconde proposée")
    moderator = Client()
    moderator.force_login(user_factory("moderatrice", "Modérateurs"))
    html = moderator.get(reverse("wagtailadmin_home")).content.decode()
    assert "2 bonnes pratiques en attente de modération" in html
    html = moderator.get(reverse("partners_moderation_queue")).content.decode()
    assert html.index("Première proposée") < html.index("Seconde proposée")
    assert "moins d’un jour" in html
    assert client.get(reverse("partners_moderation_queue")).status_code == 302


def test_moderators_have_page_rights_on_the_good_practice_index_only():
    index = GoodPracticeIndexPage.objects.get()
    rights = GroupPagePermission.objects.filter(group__name="Modérateurs")
    assert {right.page_id for right in rights} == {index.pk}
    assert {right.permission.codename for right in rights} == {
        "add_page",
        "change_page",
        "publish_page",
    }
    workflow = Workflow.objects.get(name="Modération des bonnes pratiques")
    assert WorkflowPage.objects.get(page=index).workflow == workflow


def test_loading_the_reference_content_twice_changes_nothing():
    counts = (
        GoodPracticeIndexPage.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
    )
    call_command("load_reference_content", verbosity=0)
    assert counts == (
        GoodPracticeIndexPage.objects.count(),
        Workflow.objects.count(),
        GroupPagePermission.objects.count(),
    )


def test_published_practice_is_found_by_the_public_search(client):
    publish_practice("Parrainage de collégiens par des cheffes d’entreprise")
    html = client.get("/recherche/", {"q": "parrainage collégiens"}).content.decode()
    assert "Parrainage de collégiens par des cheffes d’entreprise" in html


def test_moderator_opens_the_practice_in_the_admin_and_the_refusal_form(
    client, django_user_model, user_factory
):
    from .good_practice_helpers import workflow_state

    partner = make_partner(django_user_model)
    client.force_login(partner)
    propose(client)
    page = GoodPracticePage.objects.get()
    moderator = Client()
    moderator.force_login(user_factory("moderatrice", "Modérateurs"))
    edit = moderator.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert edit.status_code == 200
    state = workflow_state(page)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, "refuse", state.current_task_state_id],
    )
    html = moderator.get(url).content.decode()
    assert "Motif du refus" in html
    assert "Contenu publicitaire ou commercial" in html
