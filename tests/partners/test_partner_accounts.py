"""Partner accounts: sign-up with confirmation, invitation, sign in/out, reset."""

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse

from .good_practice_helpers import link_in

pytestmark = pytest.mark.django_db

User = get_user_model()
SIGNUP = {
    "name": "Camille Martin",
    "organisation": "Garage solidaire",
    "email": "camille@example.org",
    "password": "un-mot-de-passe-solide",
    "website": "",
}


def sign_up(client, **overrides):
    return client.post(reverse("partners_signup"), {**SIGNUP, **overrides})


def test_sign_up_page_has_a_label_for_every_field(client):
    html = client.get(reverse("partners_signup")).content.decode()
    for name in ["name", "organisation", "email", "password", "website"]:
        assert f'for="id_{name}"' in html


def test_signed_up_partner_stays_inactive_until_the_link_is_used(client):
    assert sign_up(client).status_code == 302
    user = User.objects.get(email="camille@example.org")
    assert not user.is_active
    assert user.groups.filter(name="Partenaires").exists()
    assert not user.has_perm("wagtailadmin.access_admin")
    assert not client.login(username=user.username, password=SIGNUP["password"])
    client.get(link_in(mail.outbox[0]))
    user.refresh_from_db()
    assert user.is_active
    assert user.partner_profile.confirmed_at is not None
    assert client.login(username=user.username, password=SIGNUP["password"])


def test_a_forged_confirmation_link_activates_nothing(client):
    sign_up(client)
    response = client.get(reverse("partners_confirm", args=["1:forged:token"]))
    assert response.status_code == 400
    assert not User.objects.get(email="camille@example.org").is_active


def test_sign_up_refuses_a_weak_password(client):
    # An existing address is not refused: tests/partners/test_account_emails.py.
    response = sign_up(client, email="autre@example.org", password="12345678")
    assert response.status_code == 200
    assert not User.objects.filter(email="autre@example.org").exists()


def test_sign_up_honeypot_creates_no_account(client):
    response = sign_up(client, website="http://spam.example")
    assert response.status_code == 302
    assert not User.objects.filter(email="camille@example.org").exists()
    assert not mail.outbox


@override_settings(QUARTIERS_RATE_LIMIT=(2, 3600))
def test_sign_ups_are_rate_limited_per_ip(client):
    sign_up(client, email="a@example.org")
    sign_up(client, email="b@example.org")
    response = sign_up(client, email="c@example.org")
    assert response.status_code == 429
    assert "Trop de demandes" in response.content.decode()
    assert 'value="c@example.org"' in response.content.decode()
    assert not User.objects.filter(email="c@example.org").exists()


def test_sign_up_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    assert sign_up(client).status_code == 403
    assert (
        not User.objects.exists()
        or not User.objects.filter(email="camille@example.org").exists()
    )


def test_partner_signs_in_and_out(client):
    sign_up(client)
    client.get(link_in(mail.outbox[0]))
    response = client.post(
        reverse("partners_login"),
        {"username": "camille@example.org", "password": SIGNUP["password"]},
    )
    assert response.status_code == 302
    assert response.url == reverse("partners_space")
    assert client.get(reverse("partners_space")).status_code == 200
    client.post(reverse("partners_logout"))
    assert client.get(reverse("partners_space")).status_code == 302


def test_partner_resets_a_forgotten_password_by_email(client):
    sign_up(client)
    client.get(link_in(mail.outbox[0]))
    mail.outbox.clear()
    client.post(reverse("partners_password_reset"), {"email": "camille@example.org"})
    (message,) = mail.outbox
    response = client.get(link_in(message), follow=True)
    form_url = response.redirect_chain[-1][0]
    client.post(
        form_url,
        {
            "new_password1": "nouveau-secret-solide",
            "new_password2": "nouveau-secret-solide",
        },
    )
    assert client.login(
        username="camille@example.org", password="nouveau-secret-solide"
    )


def test_administrator_invites_a_partner_who_chooses_a_password(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("partners_invite"),
        {
            "name": "Dominique Invité",
            "organisation": "FACE 31",
            "email": "d@example.org",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="d@example.org")
    assert user.groups.filter(name="Partenaires").exists()
    assert not user.has_usable_password()
    partner = Client()
    response = partner.get(link_in(mail.outbox[0]), follow=True)
    partner.post(
        response.redirect_chain[-1][0],
        {"new_password1": "secret-choisi-2019", "new_password2": "secret-choisi-2019"},
    )
    assert partner.login(username=user.username, password="secret-choisi-2019")
    assert partner.get(reverse("partners_propose")).status_code == 200


def test_partner_cannot_invite(client, user_factory):
    client.force_login(user_factory("mod", "Modérateurs"))
    assert client.get(reverse("partners_invite")).status_code in (302, 403)
