"""The admin dashboard answers « what do I do next? » for each role.

Each role sees its panels and none of the others' (decided by permissions), with
the right content; every link of a role's dashboard answers 200 for that role;
the number of queries does not grow with the content.
"""

import datetime
import re
from html import unescape

import pytest

from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Comment, TaskState, Workflow

from home.models import HomePage, StandardPage
from measures.models import Indicator, Territory
from partners.models import (
    GoodPracticeIndexPage,
    GoodPracticePage,
    SemesterReport,
)
from partners.models.reports import REPORT_WORKFLOW
from tests.factories import make_contract, make_protocol, make_referent
from tests.partners.factories import CompanyFactory, ConventionFactory, department
from tests.partners.good_practice_helpers import moderate

pytestmark = pytest.mark.django_db

PANELS = {
    "my-drafts",
    "scheduled-pages",
    "comments-on-my-pages",
    "roadmap-progress",
    "stale-indicators",
    "last-imports",
    "my-departments",
    "national-protocols",
    "good-practices-moderation",
    "practices-changed",
    "department-paqte",
    "national-reports",
}


@pytest.fixture
def communication(user_factory):
    return user_factory("redaction", "Communication")


@pytest.fixture
def moderator(user_factory):
    return user_factory("moderation", "Modérateurs")


@pytest.fixture
def referent(user_factory):
    return make_referent(user_factory, "referent-31", "31")


@pytest.fixture
def producer(user_factory):
    return user_factory("producteur", "Producteurs d’indicateurs")


@pytest.fixture
def national(user_factory):
    return user_factory("cget-national", "Administrateurs nationaux")


def dashboard(client, user):
    client.force_login(user)
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    return response.content.decode()


def panels_of(html):
    return set(re.findall(r'id="([\w-]+)-section"', html)) & PANELS


def panel_html(html, panel):
    start = html.index(f'id="{panel}-section"')
    end = html.find("</section>", start)
    return unescape(html[start:end])


def text_of(fragment):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))


def admin_links(html):
    main = html[html.index("<main") : html.index("</main>")]
    return sorted(
        {
            unescape(href)
            for href in re.findall(r'href="([^"#]+)"', main)
            if href.startswith("/admin/")
        }
    )


def draft_page(owner, title="Brouillon de la rédaction"):
    page = StandardPage(title=title, owner=owner, live=False)
    HomePage.objects.get().add_child(instance=page)
    page.save_revision(user=owner)
    return page


def practice_in_moderation(title, started_days_ago):
    submitter, _created = get_user_model().objects.get_or_create(
        username="partenaire-soumission",
        defaults={"email": "partenaire-soumission@example.org"},
    )
    page = GoodPracticePage(
        title=title,
        summary="Résumé",
        organisation="Association de test",
        organisation_type="association",
        department=department("31"),
        contact_name="Camille",
        contact_email="camille@example.org",
        live=False,
    )
    GoodPracticeIndexPage.objects.get().add_child(instance=page)
    page.save_revision(user=submitter)
    page.get_workflow().start(page, submitter)
    state = TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status=TaskState.STATUS_IN_PROGRESS
    ).get()
    TaskState.objects.filter(pk=state.pk).update(
        started_at=timezone.now() - datetime.timedelta(days=started_days_ago)
    )
    return page


# Who sees what --------------------------------------------------------------------


def test_communication_sees_its_pages_not_the_other_roles_panels(client, communication):
    draft_page(communication)
    shown = panels_of(dashboard(client, communication))
    assert {"my-drafts", "roadmap-progress"} <= shown
    assert not shown & {
        "stale-indicators",
        "last-imports",
        "my-departments",
        "national-protocols",
        "good-practices-moderation",
        "practices-changed",
        "department-paqte",
        "national-reports",
    }


def test_communication_is_not_offered_the_stale_indicators_it_may_not_open(
    client, communication
):
    html = dashboard(client, communication)
    assert reverse("measures_reports:stale_indicators") not in html
    assert "à mettre à jour" not in panel_html(html, "roadmap-progress")


def test_moderator_sees_the_queue_by_age_and_nothing_else(client, moderator):
    shown = panels_of(dashboard(client, moderator))
    assert shown == {"good-practices-moderation", "practices-changed"}


def test_referent_sees_its_departments_not_the_national_figures(client, referent):
    shown = panels_of(dashboard(client, referent))
    assert shown == {"my-departments", "department-paqte"}


def test_producer_sees_late_indicators_and_imports_only(client, producer):
    shown = panels_of(dashboard(client, producer))
    assert shown == {"stale-indicators", "last-imports"}


def test_national_administrator_sees_the_national_forms(client, national):
    shown = panels_of(dashboard(client, national))
    assert {
        "roadmap-progress",
        "stale-indicators",
        "last-imports",
        "national-protocols",
        "national-reports",
        "good-practices-moderation",
    } <= shown
    assert not shown & {"my-departments", "department-paqte"}


def test_panels_follow_permissions_not_group_names(client, user_factory):
    """A group renamed keeps its rights, and so its panels."""
    from django.contrib.auth.models import Group

    Group.objects.filter(name="Producteurs d’indicateurs").update(
        name="Producteurs (renommé)"
    )
    user = user_factory("producteur-renomme", "Producteurs (renommé)")
    assert panels_of(dashboard(client, user)) == {"stale-indicators", "last-imports"}


# What each panel holds ------------------------------------------------------------


def test_communication_sees_drafts_schedules_and_comments_on_its_pages(
    client, communication, user_factory
):
    draft = draft_page(communication)
    scheduled = draft_page(communication, title="Annonce programmée")
    scheduled.go_live_at = timezone.now() + datetime.timedelta(days=3)
    scheduled.save_revision(user=communication).publish()
    colleague = user_factory("relecture", "Communication")
    Comment.objects.create(
        page=draft,
        user=colleague,
        text="Ajouter la date de la journée.",
        contentpath="title",
    )
    someone_elses = draft_page(colleague, title="Brouillon d’un collègue")

    html = dashboard(client, communication)
    drafts = panel_html(html, "my-drafts")
    assert draft.title in drafts
    assert reverse("wagtailadmin_pages:edit", args=[draft.pk]) in drafts
    assert someone_elses.title not in drafts
    schedule = text_of(panel_html(html, "scheduled-pages"))
    assert "Annonce programmée" in schedule
    assert "Publication" in schedule
    comments = text_of(panel_html(html, "comments-on-my-pages"))
    assert "Ajouter la date de la journée." in comments
    assert "relecture" in comments


def test_moderation_counts_by_age_link_to_the_filtered_queue(client, moderator):
    practice_in_moderation("Pratique du jour", 0)
    practice_in_moderation("Pratique de trois jours", 3)
    practice_in_moderation("Pratique ancienne", 10)
    practice_in_moderation("Pratique très ancienne", 20)

    panel = panel_html(dashboard(client, moderator), "good-practices-moderation")
    queue = reverse("partners_moderation_queue")
    text = text_of(panel)
    assert "4 bonnes pratiques en attente" in text
    for key, count, label in (
        ("lt2", 1, "moins de 2 jours"),
        ("2to7", 1, "2 à 7 jours"),
        ("gt7", 2, "plus de 7 jours"),
    ):
        assert re.search(
            rf'href="{queue}\?age={key}">\s*<span class="q-dash__tile-count">{count}'
            rf'</span>\s*<span class="q-dash__tile-label">{label}',
            panel,
        )
    # The oldest first.
    assert text.index("Pratique très ancienne") < text.index("Pratique ancienne")


def test_national_follows_the_queue_without_moderation_actions(client, national):
    practice_in_moderation("Pratique ancienne", 10)
    panel = panel_html(dashboard(client, national), "good-practices-moderation")
    assert "1 bonne pratique en attente" in text_of(panel)
    queue = reverse("partners_moderation_queue")
    assert f'href="{queue}?age=gt7"' in panel

    response = client.get(queue)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Pratique ancienne" in html
    # Moderation is the moderators' (the task's groups): nothing to act with here.
    assert "Réservée aux modérateurs" in html
    assert "workflow_action" not in html and "/workflow/action/" not in html


def test_moderator_sees_practices_changed_since_its_request(client, moderator):
    page = practice_in_moderation("Pratique à reprendre", 1)
    untouched = practice_in_moderation("Pratique pas encore reprise", 1)
    client.force_login(moderator)
    for practice in (page, untouched):
        response = moderate(client, practice, "reject", comment="Précisez.")
        assert response.status_code == 302
    page = GoodPracticePage.objects.get(pk=page.pk)
    page.summary = "Résumé précisé"
    page.save_revision()

    panel = text_of(panel_html(dashboard(client, moderator), "practices-changed"))
    assert "Pratique à reprendre" in panel
    assert "Pratique pas encore reprise" not in panel


def test_referent_sees_contracts_protocols_reports_and_conventions_of_its_department(
    client, referent, national
):
    contract = make_contract("31", title="Contrat de ville de Toulouse Métropole")
    make_protocol(contract, status="signed", signature_date=datetime.date(2019, 9, 2))
    make_contract("44", title="Contrat de ville de Nantes Métropole")
    today = timezone.localdate()
    ConventionFactory(
        company=CompanyFactory(
            name="Entreprise toulousaine", department=department("31")
        ),
        end_date=today + datetime.timedelta(days=40),
    )
    ConventionFactory(
        company=CompanyFactory(name="Entreprise nantaise", department=department("44")),
        end_date=today + datetime.timedelta(days=40),
    )
    from partners.dashboard import due_semesters

    (year, half), _current = due_semesters(today)
    report = SemesterReport.objects.create(
        department=department("31"), year=year, half=half, live=False
    )
    report.save_revision(user=referent)
    Workflow.objects.get(name=REPORT_WORKFLOW).start(report, referent)

    html = dashboard(client, referent)
    departments = text_of(panel_html(html, "my-departments"))
    assert "Haute-Garonne (31)" in departments
    assert "Contrat de ville de Toulouse Métropole" in departments
    assert "Protocole signé après l’échéance" in departments
    assert "Nantes" not in departments
    paqte = text_of(panel_html(html, "department-paqte"))
    assert "Entreprise toulousaine" in paqte
    assert "Entreprise nantaise" not in paqte
    assert f"S{half} {year} (attendu) En cours de validation" in paqte
    assert "(en cours) Manquant" in paqte


def test_producer_sees_late_indicators_with_a_preset_import_and_last_imports(
    client, producer
):
    from measures.imports import ImportResult, ImportRow, apply_import
    from measures.models import stale_indicators

    late = stale_indicators().first()  # the most overdue leads the panel
    indicator = late
    html = dashboard(client, producer)
    stale = panel_html(html, "stale-indicators")
    assert late.code in stale
    assert (
        f"{reverse('measures_admin:indicator_import')}?indicator={indicator.pk}"
        in stale
    )

    result = ImportResult(filename="valeurs-emplois-francs.xlsx")
    result.rows = [
        ImportRow(
            row_number=2,
            indicator=indicator,
            territory=Territory.objects.get(kind=Territory.Kind.NATIONAL),
            date=timezone.localdate(),
            value=1234,
        )
    ]
    result.errors = []
    apply_import(result, user=producer)
    imports = text_of(panel_html(dashboard(client, producer), "last-imports"))
    assert late.code in imports
    assert "producteur" in imports
    assert "valeurs-emplois-francs.xlsx" in imports


def test_import_preset_for_one_indicator_names_it_and_its_template(client, producer):
    from openpyxl import load_workbook

    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")
    client.force_login(producer)
    url = reverse("measures_admin:indicator_import")
    html = client.get(f"{url}?indicator={indicator.pk}").content.decode()
    assert "Import pré-réglé pour l’indicateur" in unescape(html)
    template_url = reverse("measures_admin:indicator_import_template")
    assert f"{template_url}?indicator={indicator.pk}" in html
    response = client.get(f"{template_url}?indicator={indicator.pk}")
    assert "modele-import-emplois-francs.xlsx" in response["Content-Disposition"]
    import io

    sheet = load_workbook(io.BytesIO(response.content))["valeurs"]
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {
        "EMPLOIS-FRANCS"
    }
    for bad in ("abc", "999999999", "-1", "1" * 40):
        assert client.get(f"{url}?indicator={bad}").status_code == 200
        assert client.get(f"{template_url}?indicator={bad}").status_code == 200


def test_national_sees_reports_received_and_missing_by_department(client, national):
    from partners.dashboard import due_semesters

    (year, half), _current = due_semesters()
    validated = SemesterReport.objects.create(
        department=department("31"), year=year, half=half, live=False
    )
    validated.save_revision(user=national).publish()
    SemesterReport.objects.create(
        department=department("44"), year=year, half=half, live=False
    )
    panel = text_of(panel_html(dashboard(client, national), "national-reports"))
    departments = Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).count()
    assert re.search(
        rf"S{half} {year} \(attendu\) 1 0 0 1 {departments - 2} Par département", panel
    )


def test_national_sees_protocols_late_by_department(client, national):
    contract = make_contract("31", title="Contrat en retard")
    make_protocol(contract, status="negotiating")
    panel = text_of(panel_html(dashboard(client, national), "national-protocols"))
    assert "Protocole en négociation" in panel
    assert "Haute-Garonne (31) 1" in panel


# Every link answers ---------------------------------------------------------------


@pytest.mark.parametrize(
    "role", ["communication", "moderator", "referent", "producer", "national"]
)
def test_every_dashboard_link_answers_for_its_role(client, request, role):
    user = request.getfixturevalue(role)
    if role == "communication":
        draft_page(user)
    practice_in_moderation("Pratique en attente", 3)
    make_contract("31", title="Contrat de ville lié")
    html = dashboard(client, user)
    links = admin_links(html)
    assert links
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, (role, link, response.status_code)
        if response.get("Content-Type", "").startswith("text/html"):
            assert "Désolé" not in response.content.decode(), (role, link)


# Bounded queries ------------------------------------------------------------------


def more_content(n, user):
    for i in range(n):
        contract = make_contract("31", title=f"Contrat supplémentaire {i}")
        make_protocol(contract, status="negotiating")
        practice_in_moderation(f"Pratique supplémentaire {i}", i * 3)
        draft_page(user, title=f"Brouillon supplémentaire {i}")
        ConventionFactory(
            company=CompanyFactory(department=department("31")),
            end_date=timezone.localdate() + datetime.timedelta(days=10 + i),
        )


@pytest.mark.parametrize("role", ["national", "referent", "communication"])
def test_dashboard_queries_do_not_grow_with_content(
    client, request, django_assert_max_num_queries, role
):
    user = request.getfixturevalue(role)
    more_content(1, user)
    client.force_login(user)
    client.get(reverse("wagtailadmin_home"))  # warm the caches
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("wagtailadmin_home"))
    more_content(6, user)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(reverse("wagtailadmin_home"))
