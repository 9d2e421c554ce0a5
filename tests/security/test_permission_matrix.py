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


def test_every_role_gets_the_expected_answer_on_every_url(world):
    found, _missing = cases(world)
    clients = {role: client_for(world, role) for role in ROLES}
    mismatches, requests = [], 0
    for pattern, label, url, expected in found:
        for role in ROLES:
            if SESSION_ENDING.search(pattern.key):
                client = client_for(world, role)
            else:
                client = clients[role]
            got = outcome(client.get(url))
            requests += 1
            if not matches(expected[role], got):
                mismatches.append(
                    f"{role:14} {url}  [{pattern.name} {label}]  "
                    f"expected {expected[role]}, got {got}"
                )
    if os.environ.get("QUARTIERS_MATRIX_REPORT"):
        with open(os.environ["QUARTIERS_MATRIX_REPORT"], "w") as report:
            report.write(f"{len(found)} {requests} {len(RULES)}\n")
            report.write("\n".join(mismatches))

    assert not mismatches, f"{len(mismatches)} unexpected answers:\n" + "\n".join(
        mismatches
    )
