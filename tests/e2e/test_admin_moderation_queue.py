"""A moderator works through the moderation queue: filters, then refuses a
practice from its row (reason and comment in Wagtail's modal) and lands back on
the queue, filters kept. Also the French help page."""

from playwright.sync_api import expect

from .axe import assert_accessible
from .test_journeys import admin_login

SUBMIT = """
from datetime import timedelta
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import TaskState
from measures.models import Territory
from partners.models import Axis, GoodPracticeIndexPage, GoodPracticePage
from partners.views_space import submit_for_moderation

partner = get_user_model().objects.get(username="partenaire-connu")
index = GoodPracticeIndexPage.objects.get()
for title, code, axis, kind, days in [
    ("File : stages au garage", "31", "sensibiliser", "association", 0),
    ("File : jobdating des tours", "44", "recruter", "entreprise", 3),
    ("File : achats responsables", "13", "acheter", "public", 10),
]:
    if GoodPracticePage.objects.filter(title=title).exists():
        continue
    page = GoodPracticePage(
        title=title, slug=title.lower().replace(" ", "-").replace(":", ""),
        department=Territory.objects.get(kind="department", code=code),
        organisation="Organisation " + code, organisation_type=kind,
        owner=partner, live=False,
    )
    page.axes = [Axis.objects.get(code=axis)]
    index.add_child(instance=page)
    page.save_revision(user=partner)
    submit_for_moderation(page, partner)
    TaskState.objects.filter(
        workflow_state__object_id=str(page.pk), status="in_progress"
    ).update(started_at=timezone.now() - timedelta(days=days, hours=1))
"""


def test_moderator_filters_the_queue_and_refuses_from_a_row(new_context, server, shot):
    server.manage("shell", "-c", SUBMIT)
    moderator = new_context(viewport={"width": 1440, "height": 900}).new_page()
    admin_login(moderator, "moderation")

    moderator.goto("/admin/bonnes-pratiques/moderation/?age=gt7")
    table = moderator.locator("table.listing")
    expect(table).to_contain_text("File : achats responsables")
    expect(table).not_to_contain_text("File : stages au garage")
    shot(moderator, "admin-file-moderation-filtree")
    assert_accessible(moderator)

    row = table.locator("tr", has_text="File : achats responsables")
    row.get_by_role("button", name="Refuser").click()
    dialog = moderator.locator(".modal .modal-body")
    dialog.get_by_label("Motif du refus").select_option("doublon")
    dialog.get_by_label("Commentaire pour la personne qui l’a proposée").fill(
        "Déjà publiée sous un autre titre."
    )
    shot(moderator, "admin-file-moderation-refus")
    dialog.locator("button[type=submit]").click()

    moderator.wait_for_url("**/admin/bonnes-pratiques/moderation/?age=gt7")
    expect(moderator.locator("main")).not_to_contain_text("File : achats responsables")

    moderator.goto("/admin/bonnes-pratiques/moderation/")
    expect(moderator.locator("table.listing")).to_contain_text(
        "File : jobdating des tours"
    )
    shot(moderator, "admin-file-moderation")

    phone = new_context(viewport={"width": 390, "height": 844}).new_page()
    admin_login(phone, "moderation")
    phone.goto("/admin/bonnes-pratiques/moderation/")
    shot(phone, "admin-file-moderation-mobile")


def test_each_role_reads_the_french_help_page(new_context, shot):
    reader = new_context(viewport={"width": 1440, "height": 900}).new_page()
    admin_login(reader, "referent-44")

    reader.goto("/admin/aide/")

    assert (
        reader.title()
        == "Aide : le rôle de chacun, pas à pas - Quartiers (administration)"
    )
    expect(
        reader.get_by_role("heading", name="Référents départementaux")
    ).to_be_visible()
    shot(reader, "admin-aide")
    assert_accessible(reader)
