"""The client's address behind trusted proxies (cms/client_address.py): rate limits
and login lock-outs count per real visitor, and X-Forwarded-For is believed only
from a proxy listed in TRUSTED_PROXIES."""

import pytest
from axes.models import AccessAttempt

from django.test import Client, RequestFactory
from django.urls import reverse

from cms.client_address import client_address

from .world import make_user

pytestmark = pytest.mark.django_db

PROXY = "127.0.0.1"  # Varnish, on the application's machine
ALICE = "81.250.1.2"
BOB = "90.12.34.56"
STRANGER = "185.7.8.9"  # connects directly, not a proxy
SIGNUP = {
    "name": "Camille Martin",
    "organisation": "Garage solidaire",
    "password": "un-mot-de-passe-solide",
    "website": "",
}


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]
    return settings


def address(peer, forwarded=None):
    meta = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    "proxies, peer, forwarded, expected",
    [
        # No trusted proxy configured: the header is never believed.
        ([], PROXY, ALICE, PROXY),
        # A spoofed header from a direct, untrusted connection is ignored...
        ([PROXY], STRANGER, ALICE, STRANGER),
        # ...even when it names the trusted proxy itself.
        ([PROXY], STRANGER, f"{ALICE}, {PROXY}", STRANGER),
        # Through the trusted proxy: the visitor it served.
        ([PROXY], PROXY, ALICE, ALICE),
        # The visitor's own forged hops before it are not believed.
        ([PROXY], PROXY, f"1.1.1.1, {ALICE}", ALICE),
        # Two proxies (CDN network, then Varnish), outermost first.
        (["198.51.100.0/24", PROXY], PROXY, f"6.6.6.6, {ALICE}, 198.51.100.7", ALICE),
        # A chain that does not end with the listed proxies: the connection.
        (["198.51.100.0/24", PROXY], PROXY, f"{ALICE}, 10.0.0.5", PROXY),
        # Garbage or nothing forwarded: the connection.
        ([PROXY], PROXY, "pas-une-adresse", PROXY),
        ([PROXY], PROXY, "", PROXY),
        ([PROXY], PROXY, None, PROXY),
        # IPv6 visitor.
        ([PROXY], PROXY, "2a01:cb00::1", "2a01:cb00::1"),
    ],
)
def test_the_client_address(settings, proxies, peer, forwarded, expected):
    settings.TRUSTED_PROXIES = proxies
    assert address(peer, forwarded) == expected


def sign_up(peer, forwarded, email):
    headers = {"REMOTE_ADDR": peer}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(
        reverse("partners_signup"), {**SIGNUP, "email": email}, **headers
    )


def test_the_sign_up_rate_limit_counts_each_visitor_behind_the_proxy(behind_proxy):
    behind_proxy.QUARTIERS_RATE_LIMIT = (2, 3600)
    for number in range(2):
        assert sign_up(PROXY, ALICE, f"a{number}@example.org").status_code == 302
    assert sign_up(PROXY, ALICE, "a9@example.org").status_code == 429
    # Another visitor through the same proxy is not blocked by Alice.
    assert sign_up(PROXY, BOB, "b@example.org").status_code == 302


def test_a_forged_header_does_not_escape_the_rate_limit(behind_proxy):
    behind_proxy.QUARTIERS_RATE_LIMIT = (2, 3600)
    statuses = [
        sign_up(STRANGER, f"10.0.0.{number}", f"s{number}@example.org").status_code
        for number in range(4)
    ]
    assert statuses == [302, 302, 429, 429]


@pytest.fixture
def axes_on(behind_proxy):
    behind_proxy.AXES_ENABLED = True
    return behind_proxy


def failed_login(username, peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(
        reverse("partners_login"), {"username": username, "password": "faux"}, **headers
    )


def test_the_lock_out_applies_to_the_real_client(axes_on):
    user = make_user("verrou-proxy", "Administrateurs nationaux")
    for _attempt in range(axes_on.AXES_FAILURE_LIMIT):
        response = failed_login(user.username, PROXY, ALICE)
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {ALICE}
    # Bob, behind the same proxy, may still try the same account.
    assert failed_login(user.username, PROXY, BOB).status_code == 200


def test_a_forged_header_does_not_escape_the_lock_out(axes_on):
    user = make_user("verrou-direct", "Administrateurs nationaux")
    statuses = [
        failed_login(user.username, STRANGER, f"10.0.0.{number}").status_code
        for number in range(axes_on.AXES_FAILURE_LIMIT + 1)
    ]
    assert statuses[-2:] == [429, 429]
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {STRANGER}
