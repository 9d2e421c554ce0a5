"""The admin in French as a person reads it: no raw or English strings, no
"un(e)", tab titles of our own, help in French, a submitted report said so."""

import re

import pytest

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from wagtail.models import Collection, Page
from wagtail.snippets.models import get_snippet_models

from home.models import StandardPage
from measures.models import Territory
from partners.models import Company, Convention, SemesterReport
from tests.factories import make_referent

# What must not show on a rendered admin page (regex, what it is).
RAW_STRINGS = [
    (r">\s*None\s*<", "« None » as the content of an element"),
    (r"\bRoot\b", "« Root »"),
    (r"\(e\)|\(le\)", "« un(e) », « créé(e) »… (gender left open)"),
    (
        r"Nouveau\s+(?:[Ee]ntreprise|[Cc]onvention|[Bb]onne|[Aa]ssociation|:)",
        "« Nouveau » + feminine",
    ),
    (r"fragment sélectionné", "« fragment sélectionné »"),
    (r"<title>[^<]*-\s*Wagtail\s*</title>", "« - Wagtail » in the tab title"),
    (r"planifié", "« planifié » for a submission"),
]

STAFF = {
    "communication": ("Communication",),
    "moderator": ("Modérateurs",),
    "producer": ("Producteurs d’indicateurs",),
    "national": ("Administrateurs nationaux",),
}


def admin_urls():
    """Dashboard, help, each listing, create and edit form of each snippet and
    modeladmin model, page explorer and editor, reports."""
    urls = ["/admin/", "/admin/aide/", "/admin/pages/"]
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        urls.append(reverse(viewset.get_url_name("list")))
        urls.append(reverse(viewset.get_url_name("add")))
        instance = model.objects.order_by("pk").first()
        if instance is not None:
            urls.append(reverse(viewset.get_url_name("edit"), args=[instance.pk]))
    for model in (Company, Convention):
        base = f"/admin/partners/{model._meta.model_name}/"
        urls += [base, base + "create/"]
        instance = model.objects.order_by("pk").first()
        if instance is not None:
            urls.append(f"{base}edit/{instance.pk}/")
    page = StandardPage.objects.order_by("path").first()
    urls += [
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        reverse("wagtailadmin_pages:add_subpage", args=[page.get_parent().pk]),
        "/admin/reports/locked/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/bonnes-pratiques/moderation/",
        "/admin/paqte/bilans/",
        "/admin/images/",
        "/admin/documents/",
    ]
    return urls


def raw_strings_in(html):
    found = []
    for pattern, what in RAW_STRINGS:
        for match in re.finditer(pattern, html):
            context = html[max(0, match.start() - 60) : match.end() + 40]
            found.append(f"{what}: …{' '.join(context.split())}…")
    return found


def staff_clients(user_factory):
    clients = {}
    for role, groups in STAFF.items():
        client = Client()
        client.force_login(user_factory(f"francais-{role}", *groups))
        clients[role] = client
    referent = Client()
    referent.force_login(make_referent(user_factory, "francais-referent", "44"))
    clients["referent"] = referent
    return clients


@pytest.mark.django_db
def test_rendered_admin_pages_hold_no_raw_or_half_translated_string(user_factory):
    offenders = []
    rendered = 0
    urls = admin_urls()
    for role, client in staff_clients(user_factory).items():
        for url in urls:
            response = client.get(url)
            if response.status_code != 200:
                continue  # not open to this role (the permission matrix's business)
            rendered += 1
            offenders += [
                f"{role} {url}: {found}"
                for found in raw_strings_in(response.content.decode())
            ]
    assert rendered > len(urls)  # every role rendered pages, not only refusals
    assert not offenders, "\n".join(offenders)


def test_the_check_finds_what_it_looks_for():
    html = (
        "<title>Tableau de bord - Wagtail</title><td>None</td>"
        "<a>Ajouter un(e) Objectifs</a><h1>Nouveau Entreprise</h1>"
        "<option>Root</option><span>2 fragment sélectionné</span>"
    )
    assert len(raw_strings_in(html)) == 6


def test_tab_titles_name_our_site(admin_client):
    html = admin_client.get("/admin/").content.decode()

    assert "<title>Tableau de bord - Quartiers (administration)</title>" in html


def test_wagtails_add_and_new_read_right_for_a_feminine_model(admin_client):
    index = admin_client.get("/admin/partners/company/").content.decode()
    create = admin_client.get("/admin/partners/company/create/").content.decode()
    snippets = admin_client.get(
        "/admin/snippets/partners/association/"
    ).content.decode()

    assert "Ajouter : entreprise" in index
    assert "Création" in create
    assert "Nouveau" not in create
    assert "Ajouter : association partenaire" in snippets


def test_the_tree_roots_are_named_in_french(db):
    assert Page.objects.get(depth=1).title == "Racine"
    assert Collection.objects.get(depth=1).name == "Racine"


def test_help_menu_leads_to_our_french_help_page_not_wagtails_guides(admin_client):
    dashboard = admin_client.get("/admin/").content.decode()
    help_page = admin_client.get("/admin/aide/")

    assert "guide.wagtail.org" not in dashboard
    assert "docs.wagtail.org" not in dashboard
    assert "/admin/aide/" in dashboard
    assert help_page.status_code == 200
    html = help_page.content.decode()
    for role in (
        "Communication",
        "Modérateurs",
        "Référents départementaux",
        "Producteurs d’indicateurs",
        "Administrateurs nationaux",
    ):
        assert f">{role}</h2>" in html


def test_every_staff_member_may_read_the_help_page(user_factory):
    for role, client in staff_clients(user_factory).items():
        assert client.get("/admin/aide/").status_code == 200, role


def report_data(department):
    return {
        "department": department.pk,
        "year": 2019,
        "half": 1,
        "referent_contact": "",
        "organisation": "",
        "partners": "",
        "examples": "Visites d’entreprises pour des collégiens de REP+.",
        "example_links-count": 0,
        "strategy": "",
        "qpv_count": "",
        "pru_count": "",
        "qpv_population": "",
        "qpv_jobseekers": "",
    }


def test_a_submitted_report_says_it_went_to_validation_and_the_list_shows_its_step(
    client, user_factory
):
    client.force_login(make_referent(user_factory, "francais-bilan", "44"))
    department = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="44")

    response = client.post(
        reverse("wagtailsnippets_partners_semesterreport:add"),
        report_data(department) | {"action-submit": "Soumettre"},
    )

    assert response.status_code == 302
    messages = [str(message) for message in get_messages(response.wsgi_request)]
    assert any("envoyée en validation" in message for message in messages), messages
    assert not any("planifi" in message for message in messages)
    report = SemesterReport.objects.get(department=department, year=2019, half=1)
    assert report.workflow_in_progress
    listing = client.get(reverse("wagtailsnippets_partners_semesterreport:list"))
    assert "Étape du workflow" in listing.content.decode()
    assert "En validation" in listing.content.decode()
