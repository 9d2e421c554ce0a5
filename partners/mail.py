"""Mails to visitors and partners, and what happens when the mail server fails.

A mail that a visitor waits for (confirmation, password reset) is sent inside the
transaction that saves what it refers to: when the server refuses or cannot be
reached, ``MailUnavailable`` rolls the transaction back and the visitor is told to
retry (``mail_unavailable``, status 503); nothing is left half done, so the retry
works. A notification (a moderation decision) is only logged when it fails: the
decision stands, and the partner sees it in their space.
"""

import logging
import smtplib

from django.contrib import messages
from django.core.mail import EmailMultiAlternatives
from django.shortcuts import render

logger = logging.getLogger(__name__)

# What Django's SMTP backend raises: refused, disconnected, unreachable, timed out.
MAIL_ERRORS = (smtplib.SMTPException, OSError)

MAIL_UNAVAILABLE_MESSAGE = (
    "Le courriel n’a pas pu être envoyé : notre serveur de messagerie ne répond pas. "
    "Rien n’a été enregistré ; réessayez dans quelques minutes."
)


class MailUnavailable(Exception):
    """The mail server refused the message or could not be reached."""


def send_message(message):
    """Send an ``EmailMessage``; ``MailUnavailable`` when the server fails."""
    try:
        message.send()
    except MAIL_ERRORS as error:
        logger.warning("Échec d’envoi du courriel « %s » : %s", message.subject, error)
        raise MailUnavailable from error


def send(subject, body, to):
    """Send one plain-text mail to one address; ``MailUnavailable`` on failure."""
    send_message(EmailMultiAlternatives(subject, body, None, [to]))


def notify(subject, body, to):
    """Send a notification whose failure must not undo the action: logged only."""
    try:
        send(subject, body, to)
    except MailUnavailable:
        logger.error("Notification non envoyée à l’utilisateur : %s", subject)
        return False
    return True


def mail_unavailable(request, template, context):
    """The form again, with its input, and a French message: retry (503)."""
    messages.error(request, MAIL_UNAVAILABLE_MESSAGE)
    return render(request, template, context, status=503)
