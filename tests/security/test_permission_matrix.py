"""The permission matrix: every role against every URL of the project.

The URLs come from walking the URL conf (``urlconf.walk``): the public site, the
partner space, the API, the Wagtail admin with its snippets, viewsets,
modeladmin, reports, imports and exports. Each pattern gets real URLs from an
argument factory (``matrix_urls.FACTORIES``: a page of department A, a convention
of department B, a practice of partner 1...) and the expected answer of each role
from a rule (``matrix_rules.RULES``). A pattern without a factory or a rule fails
the test, with its name: a new view must say who may open it.

GET requests compare statuses (and redirects to the login page or to the admin
dashboard, Wagtail's refusal); POST requests check the key destructive cases
(nothing changes when they are refused).
"""

import os
import re
from urllib.parse import urlsplit

import pytest

from django.test import Client

from .matrix_rules import LOGIN, REFUSED, RULES
from .matrix_urls import FACTORIES
from .urlconf import all_patterns
from .world import ROLES

pytestmark = pytest.mark.django_db

# Patterns whose GET drops the session cookie: asked with throwaway clients.
SESSION_ENDING = re.compile(r"^(wagtailadmin|partners)_logout ")


def outcome(response):
    code = response.status_code
    if code in (301, 302, 303):
        location = urlsplit(response["Location"]).path
        if location.startswith(("/admin/login/", "/mon-espace/connexion/")):
            return LOGIN
        if location == "/admin/":
            return REFUSED
        return f"->{location}"
    return code


def matches(expected, got):
    if isinstance(expected, str) and expected.startswith("->"):
        return isinstance(got, str) and got.startswith(expected)
    return expected == got


def first(entries, text):
    return next((value for regex, value in entries if re.search(regex, text)), None)


def client_for(world, role):
    client = Client(raise_request_exception=False)
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def cases(world):
    """(pattern, label, url, expected) for every URL to request; and the patterns
    lacking a factory or a rule."""
    found, missing = [], []
    for pattern in all_patterns():
        factory = first(FACTORIES, pattern.key)
        if factory is None:
            missing.append(f"{pattern.key}: no argument factory")
            continue
        for label, url in factory(world, pattern):
            expected = first(RULES, f"{pattern.name} | {label}")
            if expected is None:
                missing.append(f"{pattern.key} | {label}: no rule")
                continue
            found.append((pattern, label, url, expected))
    return found, missing


def test_every_url_pattern_has_an_argument_factory_and_a_rule(world):
    _found, missing = cases(world)
    assert not missing, "URL patterns without a rule:\n" + "\n".join(missing)


@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_the_expected_answer_on_every_url(world, role):
    """One test per role (they run in parallel under pytest-xdist)."""
    found, _missing = cases(world)
    client = client_for(world, role)
    mismatches, requests = [], 0
    for pattern, label, url, expected in found:
        if SESSION_ENDING.search(pattern.key):
            got = outcome(client_for(world, role).get(url))
        else:
            got = outcome(client.get(url))
        requests += 1
        if not matches(expected[role], got):
            mismatches.append(
                f"{role:14} {url}  [{pattern.name} {label}]  "
                f"expected {expected[role]}, got {got}"
            )
    if os.environ.get("QUARTIERS_MATRIX_REPORT"):
        with open(os.environ["QUARTIERS_MATRIX_REPORT"], "a") as report:
            report.write(f"== {role}: {len(found)} URLs, {requests} requests\n")
            report.write("".join(f"{line}\n" for line in mismatches))

    assert not mismatches, f"{len(mismatches)} unexpected answers:\n" + "\n".join(
        mismatches
    )


def snapshot(world):
    """What a refused POST must leave as it was."""
    from wagtail.models import Page, WorkflowState

    from partners.models import Association, Company

    world.contract_a.refresh_from_db()
    return {
        "contract_a": (
            Page.objects.filter(pk=world.contract_a.pk)
            .values_list("title", "path", "live")
            .first()
        ),
        "company_a": Company.objects.filter(pk=world.company_a.pk)
        .values_list("name", "siren")
        .first(),
        "association_a": Association.objects.filter(pk=world.association_a.pk)
        .values_list("name")
        .first(),
        "practice_1": Page.objects.filter(pk=world.practice_1.pk)
        .values_list("title", "latest_revision_id")
        .first(),
        "workflows": sorted(WorkflowState.objects.values_list("pk", "status")),
        "pages": Page.objects.count(),
    }


def refused_posts(w):
    """(role, url, data): POSTs that must change nothing."""
    from django.urls import reverse

    contract = w.contract_a.pk
    return [
        (
            "referent_b",
            f"/admin/pages/{contract}/edit/",
            {"title": "Piraté", "slug": "pirate", "action-publish": "1"},
        ),
        ("referent_b", f"/admin/pages/{contract}/delete/", {}),
        ("communication", f"/admin/pages/{contract}/delete/", {}),
        ("referent_b", f"/admin/pages/{contract}/move/{w.dept_page_b.pk}/confirm/", {}),
        (
            "referent_b",
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id={contract}",
            {},
        ),
        ("referent_b", f"/admin/pages/{contract}/unpublish/", {}),
        (
            "referent_b",
            reverse("partners_company_modeladmin_edit", args=[w.company_a.pk]),
            {"name": "Piraté", "siren": w.company_a.siren, "size": "pme"},
        ),
        (
            "referent_b",
            reverse("partners_company_modeladmin_delete", args=[w.company_a.pk]),
            {},
        ),
        (
            "referent_b",
            reverse(
                "wagtailsnippets_partners_association:edit", args=[w.association_a.pk]
            ),
            {"name": "Piraté", "department": w.dept_b.pk},
        ),
        (
            "referent_b",
            reverse(
                "wagtailsnippets_partners_association:delete",
                args=[w.association_a.pk],
            ),
            {},
        ),
        (
            "other_partner",
            reverse("partners_practice_edit", args=[w.practice_1.pk]),
            {"title": "Piraté", "submit": "1"},
        ),
        (
            "national",  # approving good practices is the moderators' job
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[w.practice_2.pk, "approve", w.practice_2_task_state.pk],
            ),
            {},
        ),
        (
            "referent_b",
            reverse(
                "wagtailsnippets_partners_semesterreport:workflow_action",
                args=[w.report_a.pk, "approve", w.report_a_task_state.pk],
            ),
            {},
        ),
        (
            "producer",
            reverse("measures_admin:qpv_import"),
            {},
        ),
    ]


def test_refused_posts_change_nothing(world):
    before = snapshot(world)
    problems = []
    for role, url, data in refused_posts(world):
        response = client_for(world, role).post(url, data)
        got = outcome(response)
        # Wagtail's bulk actions send a user without rights on the items back to
        # the action's own page; every other refusal is a 403/404/405 or Wagtail's.
        bulk = isinstance(got, str) and got.startswith("->/admin/bulk/")
        if got not in (LOGIN, REFUSED, 403, 404, 405) and not bulk:
            problems.append(f"{role} POST {url}: answered {got}")
    after = snapshot(world)
    changed = {key for key in before if before[key] != after[key]}
    assert not problems and not changed, (
        "\n".join(problems) + f"\nchanged: {sorted(changed)}"
    )
