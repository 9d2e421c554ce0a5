"""Account mails: a mail server that fails, and no account enumeration.

The failing server is real: Django's SMTP backend pointed at a closed port, or at
a small SMTP server on this machine that refuses every connection (554).
"""

import socket
import threading

import pytest

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from cms.ops.net import free_port
from partners.accounts import create_partner
from partners.models import GoodPracticePage, PartnerProfile

from .good_practice_helpers import PASSWORD, link_in, make_partner, moderate, propose

pytestmark = pytest.mark.django_db

User = get_user_model()
SIGNUP = {
    "name": "Camille Martin",
    "organisation": "Garage solidaire",
    "email": "camille@example.org",
    "password": "un-mot-de-passe-solide",
    "website": "",
}
RETRY = "réessayez"


def sign_up(client, **overrides):
    return client.post(reverse("partners_signup"), {**SIGNUP, **overrides})


def ask_reset(client, email):
    return client.post(reverse("partners_password_reset"), {"email": email})


@pytest.fixture
def refusing_smtp():
    """An SMTP server that answers every connection with 554 and hangs up."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    server.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                connection, _address = server.accept()
            except TimeoutError:
                continue
            connection.sendall(b"554 5.3.2 Service indisponible\r\n")
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield server.getsockname()[1]
    stop.set()
    thread.join()
    server.close()


@pytest.fixture(params=["port fermé", "serveur qui refuse"])
def failing_mail(request, settings):
    """Settings pointing at a failing mail server; ``restore()`` brings it back."""
    port = (
        free_port()
        if request.param == "port fermé"
        else request.getfixturevalue("refusing_smtp")
    )
    locmem = settings.EMAIL_BACKEND
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_TIMEOUT = 5

    class Switch:
        def fail(self):
            settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"

        def restore(self):
            settings.EMAIL_BACKEND = locmem

    switch = Switch()
    switch.fail()
    return switch


# A mail server that fails --------------------------------------------------------


def test_sign_up_with_a_failing_mail_server_leaves_nothing_and_a_retry_works(
    client, failing_mail
):
    response = sign_up(client)
    assert response.status_code == 503
    html = response.content.decode()
    assert RETRY in html
    assert 'value="Garage solidaire"' in html  # the input is kept
    assert not User.objects.filter(email=SIGNUP["email"]).exists()
    assert not PartnerProfile.objects.filter(organisation="Garage solidaire").exists()
    failing_mail.restore()
    assert sign_up(client).status_code == 302
    assert len(mail.outbox) == 1
    client.get(link_in(mail.outbox[0]))
    assert Client().login(username=SIGNUP["email"], password=SIGNUP["password"])


def test_password_reset_with_a_failing_mail_server_says_retry(
    client, django_user_model, failing_mail
):
    partner = make_partner(django_user_model)
    response = ask_reset(client, partner.email)
    assert response.status_code == 503
    assert RETRY in response.content.decode()
    failing_mail.restore()
    assert ask_reset(client, partner.email).status_code == 302
    assert "nouveau mot de passe" in mail.outbox[0].body


def test_a_moderation_decision_stands_when_its_mail_fails(
    client, django_user_model, user_factory, failing_mail
):
    failing_mail.restore()
    partner = make_partner(django_user_model)
    client.force_login(partner)
    propose(client)
    page = GoodPracticePage.objects.get()
    moderator = Client()
    moderator.force_login(user_factory("moderatrice", "Modérateurs"))
    failing_mail.fail()
    response = moderate(moderator, page, "approve")
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.live
    assert "publiée" in client.get(reverse("partners_space")).content.decode()


def test_a_pending_sign_up_gets_its_confirmation_again_by_password_reset(client):
    sign_up(client)
    mail.outbox.clear()
    assert ask_reset(client, SIGNUP["email"]).status_code == 302
    assert len(mail.outbox) == 1
    assert "Confirmez votre compte" in mail.outbox[0].subject
    client.get(link_in(mail.outbox[0]))
    assert User.objects.get(email=SIGNUP["email"]).is_active


def test_an_invited_partner_who_lost_the_invitation_can_reset(client):
    create_partner(
        "Dominique Roy", "Club", "club@example.org", active=True, invited=True
    )
    assert ask_reset(client, "club@example.org").status_code == 302
    assert "nouveau mot de passe" in mail.outbox[0].body
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert 'name="new_password1"' in response.content.decode()


# Enumeration ----------------------------------------------------------------------


def visible(response, client):
    """What a visitor sees: status, where they are sent, and the page there."""
    location = response.get("Location", "")
    page = client.get(location).content.decode() if location else ""
    return response.status_code, location, page


def test_sign_up_answers_alike_for_a_new_and_an_existing_address(django_user_model):
    owner = make_partner(django_user_model, username="deja")
    new = Client()
    existing = Client()
    answer_new = visible(sign_up(new, email="nouvelle@example.org"), new)
    answer_existing = visible(sign_up(existing, email=owner.email), existing)
    assert answer_new == answer_existing
    assert [m.to for m in mail.outbox] == [["nouvelle@example.org"], [owner.email]]
    notice = mail.outbox[1]
    assert "Quelqu’un a tenté de créer un compte avec votre adresse" in notice.body
    assert "/mon-espace/mot-de-passe/" in notice.body
    # The owner's account is untouched: same password, no second account.
    assert User.objects.filter(email__iexact=owner.email).count() == 1
    assert Client().login(username=owner.username, password=PASSWORD)


def test_a_repeated_sign_up_resends_the_confirmation_without_a_new_password(client):
    sign_up(client)
    sign_up(Client(), password="un-autre-mot-de-passe-choisi")
    assert len(mail.outbox) == 2
    assert all("Confirmez votre compte" in m.subject for m in mail.outbox)
    assert User.objects.filter(email=SIGNUP["email"]).count() == 1
    client.get(link_in(mail.outbox[1]))
    # Whoever typed the second password does not own the address: it is ignored.
    assert Client().login(username=SIGNUP["email"], password=SIGNUP["password"])
    assert not Client().login(
        username=SIGNUP["email"], password="un-autre-mot-de-passe-choisi"
    )


def test_sign_up_with_different_case_is_the_same_address(django_user_model):
    owner = make_partner(django_user_model, username="deja")
    sign_up(Client(), email=owner.email.upper())
    assert User.objects.filter(email__iexact=owner.email).count() == 1
    assert mail.outbox[0].to == [owner.email]


def test_password_reset_answers_alike_with_or_without_an_account(django_user_model):
    owner = make_partner(django_user_model, username="deja")
    known, unknown = Client(), Client()
    answer_known = visible(ask_reset(known, owner.email), known)
    answer_unknown = visible(ask_reset(unknown, "personne@example.org"), unknown)
    assert answer_known == answer_unknown
    assert [m.to for m in mail.outbox] == [[owner.email], ["personne@example.org"]]
    assert "aucun compte partenaire actif" in mail.outbox[1].body


def test_an_invited_partner_whose_account_is_active_is_not_told_apart(client):
    create_partner("Dominique Roy", "Club", "club@example.org", active=True)
    answer = visible(sign_up(client, email="club@example.org"), client)
    assert answer[0] == 302 and answer[1] == reverse("partners_signup_sent")
    assert "tenté de créer un compte" in mail.outbox[0].body


def test_password_reset_is_rate_limited(client, settings):
    settings.QUARTIERS_RATE_LIMIT = (2, 3600)
    for _attempt in range(2):
        assert ask_reset(client, "x@example.org").status_code == 302
    response = ask_reset(client, "x@example.org")
    assert response.status_code == 429
    assert len(mail.outbox) == 2
