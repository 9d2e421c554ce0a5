"""The moderators' work queue: filters, sorting by age, decisions from the row or
from the task that come back to the queue, and the moderator's action menu."""

import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest

from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import ModelLogEntry, PageLogEntry, TaskState, WorkflowState

from measures.models import Territory
from partners.models import (
    Axis,
    GoodPracticeIndexPage,
    GoodPracticePage,
    GoodPracticeRefusal,
)
from partners.views_space import submit_for_moderation

from .good_practice_helpers import make_partner, workflow_state

QUEUE = "/admin/bonnes-pratiques/moderation/"


def submit(partner, title, code, axis, kind, days):
    """A practice submitted by ``partner`` ``days`` days ago (and one hour)."""
    page = GoodPracticePage(
        title=title,
        slug=re.sub(r"\W+", "-", title.lower()),
        department=Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code=code),
        organisation=f"Organisation {code}",
        organisation_type=kind,
        owner=partner,
        live=False,
    )
    page.axes = [Axis.objects.get(code=axis)]
    GoodPracticeIndexPage.objects.get().add_child(instance=page)
    page.save_revision(user=partner)
    submit_for_moderation(page, partner)
    TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).update(started_at=timezone.now() - timedelta(days=days, hours=1))
    return page


@pytest.fixture
def queue(django_user_model):
    partner = make_partner(django_user_model, "partenaire-file")
    return {
        "new": submit(
            partner, "Stages au garage", "31", "sensibiliser", "association", 0
        ),
        "middle": submit(
            partner, "Jobdating des tours", "44", "recruter", "entreprise", 3
        ),
        "old": submit(partner, "Achats responsables", "13", "acheter", "public", 10),
    }


@pytest.fixture
def moderator(user_factory):
    client = Client()
    client.force_login(user_factory("moderatrice-file", "Modérateurs"))
    return client


def titles(response):
    html = response.content.decode()
    found = [
        (html.index(title), title)
        for title in ("Stages au garage", "Jobdating des tours", "Achats responsables")
        if title in html
    ]
    return [title for _, title in sorted(found)]


def test_moderator_sees_the_queue_oldest_first_with_the_department(moderator, queue):
    response = moderator.get(QUEUE)

    assert response.status_code == 200
    assert titles(response) == [
        "Achats responsables",
        "Jobdating des tours",
        "Stages au garage",
    ]
    html = response.content.decode()
    assert "Loire-Atlantique (44)" in html
    assert "10 jours" in html
    assert "moins d’un jour" in html


def test_moderator_sorts_the_queue_by_age_both_ways(moderator, queue):
    newest_first = moderator.get(QUEUE, {"ordering": "-submitted_at"})
    oldest_first = moderator.get(QUEUE, {"ordering": "submitted_at"})

    assert titles(newest_first) == [
        "Stages au garage",
        "Jobdating des tours",
        "Achats responsables",
    ]
    assert titles(oldest_first) == list(reversed(titles(newest_first)))


@pytest.mark.parametrize(
    ("age", "expected"),
    [
        ("lt2", ["Stages au garage"]),
        ("2to7", ["Jobdating des tours"]),
        ("gt7", ["Achats responsables"]),
    ],
)
def test_moderator_filters_the_queue_by_age(moderator, queue, age, expected):
    assert titles(moderator.get(QUEUE, {"age": age})) == expected


def test_moderator_filters_the_queue_by_department_axis_and_organisation_type(
    moderator, queue
):
    department = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="44")
    axis = Axis.objects.get(code="acheter")

    assert titles(moderator.get(QUEUE, {"department": department.pk})) == [
        "Jobdating des tours"
    ]
    assert titles(moderator.get(QUEUE, {"axis": axis.pk})) == ["Achats responsables"]
    assert titles(moderator.get(QUEUE, {"organisation_type": "association"})) == [
        "Stages au garage"
    ]


def test_a_bad_filter_value_shows_the_queue_not_an_error(moderator, queue):
    response = moderator.get(QUEUE, {"age": "toujours", "department": "x"})

    assert response.status_code == 200


def test_the_filtered_results_fragment_answers_too(moderator, queue):
    response = moderator.get(QUEUE + "resultats/", {"age": "gt7"})

    assert response.status_code == 200
    assert titles(response) == ["Achats responsables"]


def test_the_queue_query_count_does_not_grow_with_the_rows(
    moderator, queue, django_assert_max_num_queries
):
    partner = queue["new"].owner
    for number in range(6):
        submit(partner, f"Pratique en plus {number}", "31", "former", "club", number)
    with django_assert_max_num_queries(40):
        assert moderator.get(QUEUE).status_code == 200


def decide(client, page, action, data=None, next_url=QUEUE + "?age=gt7"):
    state = workflow_state(page)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, state.current_task_state_id],
    )
    return client.post(f"{url}?{urlencode({'next': next_url})}", data or {})


def test_approving_from_the_queue_publishes_emails_and_returns_to_the_queue(
    moderator, queue
):
    page = queue["old"]
    mail.outbox.clear()

    response = decide(moderator, page, "approve")

    assert response.status_code == 302
    assert response["Location"] == QUEUE + "?age=gt7"
    page.refresh_from_db()
    assert page.live
    assert workflow_state(page).status == WorkflowState.STATUS_APPROVED
    assert [message.to for message in mail.outbox] == [["partenaire-file@example.org"]]
    assert "est publiée" in mail.outbox[0].subject
    assert "Achats responsables" not in moderator.get(QUEUE).content.decode()


def test_requesting_changes_from_the_queue_sends_the_comment_and_returns(
    moderator, queue
):
    page = queue["middle"]
    mail.outbox.clear()

    response = decide(moderator, page, "reject", {"comment": "Précisez le lieu."})

    assert response["Location"] == QUEUE + "?age=gt7"
    assert workflow_state(page).status == WorkflowState.STATUS_NEEDS_CHANGES
    assert "Précisez le lieu." in mail.outbox[0].body


def test_refusing_from_the_queue_records_the_reason_logs_emails_and_returns(
    moderator, queue
):
    page = queue["new"]
    mail.outbox.clear()

    response = decide(
        moderator, page, "refuse", {"reason": "doublon", "comment": "Déjà publiée."}
    )

    assert response["Location"] == QUEUE + "?age=gt7"
    refusal = GoodPracticeRefusal.objects.get(page=page)
    assert (refusal.reason, refusal.comment) == ("doublon", "Déjà publiée.")
    assert PageLogEntry.objects.filter(
        page=page, action="partners.good_practice.refuse"
    ).exists()
    assert "n’a pas été retenue" in mail.outbox[0].subject
    assert not ModelLogEntry.objects.filter(action="partners.good_practice.refuse")


def test_a_decision_cannot_be_sent_to_another_site(moderator, queue):
    response = decide(
        moderator, queue["old"], "approve", next_url="https://ailleurs.example/"
    )

    assert response["Location"] == reverse(
        "wagtailadmin_pages:edit", args=[queue["old"].pk]
    )


def test_each_row_offers_the_decisions_and_opens_the_task_with_the_way_back(
    moderator, queue
):
    page = queue["middle"]
    html = moderator.get(QUEUE, {"age": "2to7"}).content.decode()

    state_id = workflow_state(page).current_task_state_id
    way_back = urlencode({"next": QUEUE + "?age=2to7"})
    for action in ("approve", "reject", "refuse"):
        url = reverse(
            "wagtailadmin_pages:workflow_action", args=[page.pk, action, state_id]
        )
        assert f"{url}?{way_back}".replace("&", "&amp;") in html
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert f"{edit}?{way_back}".replace("&", "&amp;") in html


def test_the_task_opened_from_the_queue_keeps_the_way_back(moderator, queue):
    page = queue["middle"]
    edit = reverse("wagtailadmin_pages:edit", args=[page.pk])

    html = moderator.get(edit, {"next": QUEUE + "?age=2to7"}).content.decode()

    assert re.search(
        r'name="next" value="/admin/bonnes-pratiques/moderation/\?age=2to7"', html
    )


def footer_actions(html):
    footer = html[html.index("<footer") : html.index("</footer>")]
    return re.findall(r'data-workflow-action-name="(\w+)"', footer), footer


def test_a_moderators_menu_has_exactly_the_moderation_actions(moderator, queue):
    page = queue["middle"]
    html = moderator.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()

    actions, footer = footer_actions(html)

    assert actions == ["approve", "approve", "reject", "refuse"]
    assert 'name="action-publish"' not in footer
    assert 'name="action-cancel-workflow"' not in footer
    assert 'name="action-save-draft"' not in footer
    assert "et Publier" not in footer
    assert footer.count("Approuver et publier") == 1


def test_a_superuser_keeps_wagtails_full_menu(client, admin_user, queue):
    client.force_login(admin_user)
    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[queue["middle"].pk])
    ).content.decode()

    _, footer = footer_actions(html)

    assert 'name="action-cancel-workflow"' in footer


def test_staff_who_do_not_moderate_cannot_open_the_queue(user_factory, queue):
    client = Client()
    client.force_login(user_factory("redaction-file", "Communication"))

    response = client.get(QUEUE)

    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
