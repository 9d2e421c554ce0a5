"""Odd ids in every URL that names an object: 0, -1, beyond 64 bits, not a number.

Every URL pattern with an id argument (the partner space's edit URL, the admin's
edit, delete, history, revision, workflow, chooser and report URLs) is taken from
the permission matrix's argument factories (a real URL a user can open), then each
id in turn is replaced by an odd value. Asked by a user who can reach the real
object (a superuser for the admin, the owner for the partner space), the answer is
a 404, a 400, a redirect or a page with a form error: never a 500.

An odd value that the URL conf itself refuses (``-1`` or ``abc`` for an ``<int:>``
argument) cannot be reversed and is skipped: the resolver answers 404 for it.
"""

import re

import pytest

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import NoReverseMatch, resolve, reverse

from .matrix_urls import FACTORIES
from .test_permission_matrix import SESSION_ENDING, first
from .urlconf import all_patterns

pytestmark = pytest.mark.django_db

ODD_IDS = ("0", "-1", str(2**63), str(2**64), str(10**30), "abc")
ID_KEY = re.compile(r"(^|_)(pk|id)(_[ab])?$")
NOT_A_500 = (200, 301, 302, 400, 403, 404, 405)


def id_keys(pattern):
    return sorted(key for key in pattern.keys if ID_KEY.search(key))


def odd_urls(world):
    """(pattern name, url) for every id argument of every pattern, every odd id."""
    urls = []
    for pattern in all_patterns():
        keys = id_keys(pattern)
        factory = first(FACTORIES, pattern.key)
        if not keys or factory is None or SESSION_ENDING.search(pattern.key):
            continue
        _label, real_url = factory(world, pattern)[0]
        kwargs = resolve(real_url.split("?")[0]).kwargs
        for key in keys:
            for odd in ODD_IDS:
                try:
                    url = reverse(pattern.name, kwargs={**kwargs, key: odd})
                except NoReverseMatch:
                    continue  # the URL conf refuses it: 404 by construction
                urls.append((f"{pattern.name} {key}={odd}", url))
    return urls


def client_of(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


@pytest.fixture(scope="module")
def superuser(world, django_db_blocker):
    with django_db_blocker.unblock():
        return get_user_model().objects.create_superuser(
            "admin-ids", "admin-ids@example.org", "x"
        )


def test_odd_ids_reach_every_url_pattern_with_an_id(world):
    names = {name.split()[0] for name, _url in odd_urls(world)}
    assert "partners_practice_edit" in names
    assert "wagtailadmin_pages:revisions_revert" in names
    assert len(names) > 100


def test_no_odd_id_makes_the_admin_fail(world, superuser):
    client = client_of(superuser)
    failures = [
        f"{name} {url}: {code}"
        for name, url in odd_urls(world)
        if (code := client.get(url).status_code) not in NOT_A_500
    ]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("odd", ODD_IDS)
def test_no_odd_id_makes_the_partner_space_fail(world, odd):
    url = f"/mon-espace/pratiques/{odd}/modifier/"
    client = client_of(world.users["partner"])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404
