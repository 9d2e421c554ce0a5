"""No response that sets a cookie, uses the CSRF token or holds a form is `public`.

Walked over every public URL of the site: each route of the partner space and
accounts (partners/urls.py, enumerated from the URL configuration, not listed by
hand), every live Wagtail page, anonymously (without and with a CSRF cookie
already set) and as a signed-in partner, following redirects.
"""

import re

import pytest

from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from wagtail.models import Page

from partners import urls as partner_urls
from partners.accounts import CONFIRMATION_SALT, create_partner

pytestmark = pytest.mark.django_db

POST_FORM = re.compile(r"<form\b[^>]*\bmethod=[\"']?post", re.IGNORECASE)
PASSWORD = "un-mot-de-passe-solide"


@pytest.fixture
def partner(db):
    user = create_partner(
        "Camille Martin", "Garage", "camille@example.org", active=True
    )
    user.set_password(PASSWORD)
    user.save()
    return user


def route_url(pattern, partner):
    """A working URL for one route of partners/urls.py."""
    if pattern.name == "partners_confirm":
        token = signing.dumps(partner.pk, salt=CONFIRMATION_SALT)
        return reverse(pattern.name, args=[token])
    if pattern.name == "partners_password_reset_confirm":
        uid = urlsafe_base64_encode(force_bytes(partner.pk))
        token = default_token_generator.make_token(partner)
        return reverse(pattern.name, kwargs={"uidb64": uid, "token": token})
    if pattern.name == "partners_practice_edit":
        return reverse(pattern.name, args=[1])
    return reverse(pattern.name)


def public_urls(partner):
    routes = [p for p in partner_urls.urlpatterns if isinstance(p, URLPattern)]
    assert len(routes) >= 10  # the enumeration itself works
    pages = [page.url for page in Page.objects.live().specific() if page.url]
    assert len(pages) > 10
    return [route_url(p, partner) for p in routes] + pages


def check(response, url):
    """Fail on a shared personal response; True when it held a POST form."""
    cache_control = response.get("Cache-Control", "")
    html = response.content.decode(errors="replace") if not response.streaming else ""
    has_form = bool(POST_FORM.search(html))
    personal = bool(response.cookies) or has_form
    if personal:
        assert "public" not in cache_control, (url, cache_control, response.cookies)
        assert "s-maxage" not in cache_control, url
    return has_form


def walk(client, url):
    """GET ``url`` and every redirect it leads to; the responses seen."""
    seen = []
    for _hop in range(5):
        response = client.get(url)
        seen.append((url, response))
        if response.status_code not in (301, 302) or "Location" not in response:
            break
        url = response["Location"]
    return seen


def test_no_personal_response_is_public_anonymously(partner):
    form_pages = set()
    for with_cookie in (False, True):
        for url in public_urls(partner):
            client = Client()
            if with_cookie:
                client.get(reverse("partners_login"))  # now holds a csrftoken
                assert "csrftoken" in client.cookies
            for seen_url, response in walk(client, url):
                if check(response, seen_url):
                    form_pages.add(seen_url.split("?")[0])
    # Sign-up, login, password reset, new password (set-password) at least.
    for name in ("partners_signup", "partners_login", "partners_password_reset"):
        assert reverse(name) in form_pages
    assert any("set-password" in url for url in form_pages)


def test_no_response_to_a_signed_in_partner_is_public(partner):
    client = Client()
    assert client.login(username=partner.username, password=PASSWORD)
    form_pages = 0
    for url in public_urls(partner) + [reverse("partners_propose")]:
        for seen_url, response in walk(client, url):
            assert "public" not in response.get("Cache-Control", ""), seen_url
            form_pages += check(response, seen_url)
    assert form_pages >= 2  # the proposal form and the logout form of the space


def test_form_pages_are_private_and_not_stored(client):
    for name in ("partners_signup", "partners_login", "partners_password_reset"):
        response = client.get(reverse(name))
        assert "csrftoken" in response.cookies, name
        cache_control = response["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, name


def test_a_page_showing_a_flash_message_is_private(partner, client):
    token = signing.dumps(partner.pk, salt=CONFIRMATION_SALT)
    response = client.get(reverse("partners_confirm", args=[token]), follow=True)
    assert "Votre adresse est confirmée" in response.content.decode()
    assert "public" not in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    # Once shown, the message is gone: the next visit of the same page shows none.
    again = client.get(reverse("partners_login"))
    assert "Votre adresse est confirmée" not in again.content.decode()


def test_public_pages_without_cookie_or_form_stay_shareable(client):
    response = Client().get("/feuille-de-route/")
    assert not response.cookies
    assert "public" in response["Cache-Control"]
