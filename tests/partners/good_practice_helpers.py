"""Shared helpers of the good-practice tests: partners, files, form data."""

import io
import re

from PIL import Image

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from wagtail.models import WorkflowState

from measures.models import Territory
from partners.accounts import quiet_admin_notifications
from partners.models import Axis, GoodPracticePage, PartnerProfile

PASSWORD = "mot-de-passe-solide-2019"  # noqa: S105


def png_bytes(size=(8, 8)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def image_upload(name="Photo de l'atelier.png"):
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name="Bilan 2019.pdf"):
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def make_partner(django_user_model, username="partenaire", organisation="Asso A"):
    user = django_user_model.objects.create_user(
        username=username,
        email=f"{username}@example.org",
        password=PASSWORD,
        first_name="Camille",
    )
    user.groups.add(Group.objects.get(name="Partenaires"))
    quiet_admin_notifications(user)
    PartnerProfile.objects.create(
        user=user, organisation=organisation, confirmed_at=timezone.now()
    )
    return user


def practice_data(**overrides):
    department = Territory.objects.get(kind=Territory.Kind.DEPARTMENT, code="31")
    data = {
        "title": "Stages de troisième au garage solidaire",
        "summary": "Des collégiens de REP+ découvrent les métiers de l’automobile.",
        "description": "Chaque année, 20 élèves.\n\nUn tuteur par élève.",
        "department": department.pk,
        "qpv": "",
        "axes": [Axis.objects.get(code="sensibiliser").pk],
        "organisation": "Garage solidaire",
        "organisation_type": "association",
        "contact_name": "Camille Martin",
        "contact_email": "camille@example.org",
        "website": "",
        "submit": "1",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def propose(client, **overrides):
    return client.post(reverse("partners_propose"), practice_data(**overrides))


def latest_practice(user):
    return GoodPracticePage.objects.filter(owner=user).latest("pk")


def workflow_state(page):
    return WorkflowState.objects.for_instance(page).order_by("-pk").first()


def moderate(client, page, action, **data):
    state = workflow_state(page)
    url = reverse(
        "wagtailadmin_pages:workflow_action",
        args=[page.pk, action, state.current_task_state_id],
    )
    return client.post(url, data)


def link_in(message):
    return re.search(r"http://testserver(\S+)", message.body).group(1)
