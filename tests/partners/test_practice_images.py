"""Images joined to a good practice go through Wagtail's own checks: format and
extension, size, pixel limit (WAGTAILIMAGES_MAX_IMAGE_PIXELS). A refused image is a
French form error, and nothing is written: no page, no image, no file."""

import struct
import zlib
from pathlib import Path

import pytest

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.images import get_image_model

from partners.models import GoodPracticePage

from .good_practice_helpers import (
    image_upload,
    make_partner,
    pdf_upload,
    png_bytes,
    practice_data,
)

pytestmark = pytest.mark.django_db


def chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def bomb_png(width, height):
    """A valid PNG header announcing ``width`` × ``height`` one-bit pixels, with a
    few bytes of data: a small file that would decode into a huge image."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    rows = zlib.compress(b"\0" * 64, 9)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", rows)
        + chunk(b"IEND", b"")
    )


@pytest.fixture
def partner_client(client, django_user_model):
    client.force_login(make_partner(django_user_model))
    return client


def stored_files():
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def propose_with(client, *uploads):
    before = (get_image_model().objects.count(), stored_files())
    data = practice_data(title="Avec image")
    data["images"] = list(uploads)
    response = client.post(reverse("partners_propose"), data)
    after = (get_image_model().objects.count(), stored_files())
    return response, before == after


def test_the_pixel_limit_is_set():
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
    assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE <= 10 * 1024 * 1024


@pytest.mark.parametrize(
    "size",
    [(7000, 7000), (40_000, 40_000), (2**31 - 1, 2**31 - 1)],
    ids=["49 mégapixels", "1,6 gigapixel", "limite du format"],
)
def test_an_image_beyond_the_pixel_limit_is_refused(partner_client, size):
    bomb = SimpleUploadedFile("plan.png", bomb_png(*size), content_type="image/png")
    assert bomb.size < 1000
    response, nothing_written = propose_with(partner_client, bomb)
    assert response.status_code == 400
    html = response.content.decode()
    assert "« plan.png »" in html
    assert "compte trop de pixels" in html
    assert "40 millions au plus" in html
    assert nothing_written
    assert not GoodPracticePage.objects.exists()


def test_an_image_within_the_limit_is_kept(partner_client):
    photo = SimpleUploadedFile("atelier.png", png_bytes((640, 480)), "image/png")
    response, nothing_written = propose_with(partner_client, photo)
    assert response.status_code == 302
    assert not nothing_written
    image = GoodPracticePage.objects.get().images.get().image
    assert (image.width, image.height) == (640, 480)


@pytest.mark.parametrize(
    "upload, message",
    [
        (lambda: pdf_upload(name="photo.png"), "n’est pas une image"),
        (
            lambda: SimpleUploadedFile("photo.jpg", b"\xff\xd8\xff\xe0 pas une image"),
            "n’est pas une image",
        ),
        (lambda: SimpleUploadedFile("photo.png", b""), "Le fichier soumis est vide"),
        (
            lambda: SimpleUploadedFile("photo.png", png_bytes()[:45]),
            "n’est pas une image",
        ),
    ],
    ids=["PDF nommé .png", "JPEG tronqué", "fichier vide", "PNG tronqué"],
)
def test_a_file_that_is_not_an_image_is_refused(partner_client, upload, message):
    response, nothing_written = propose_with(partner_client, upload())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert nothing_written


def test_an_extension_that_lies_about_the_format_is_refused(partner_client):
    lying = image_upload(name="photo.gif")  # PNG content
    response, nothing_written = propose_with(partner_client, lying)
    assert response.status_code == 400
    assert "ne correspond pas au format" in response.content.decode()
    assert nothing_written


def test_a_format_the_site_does_not_serve_is_refused(partner_client):
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="BMP")
    bitmap = SimpleUploadedFile("photo.bmp", buffer.getvalue(), "image/bmp")
    response, nothing_written = propose_with(partner_client, bitmap)
    assert response.status_code == 400
    assert "non supporté. Formats supportés : GIF, JPG" in response.content.decode()
    assert nothing_written
