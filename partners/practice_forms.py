"""The public form through which a partner proposes a good practice."""

import os
import secrets
import warnings

from dsfr.forms import DsfrBaseForm
from PIL import Image as PILImage

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.html import strip_tags
from django.utils.text import get_valid_filename, slugify
from django.utils.translation import gettext_lazy as _

from wagtail.images.fields import WagtailImageField

from measures.models import ProgrammePage, Territory

from .accounts import HoneypotMixin
from .models import Axis, ClubPage, OrganisationType
from .sanitize import rich_text_from_plain

MAX_IMAGES = 5
MAX_PDFS = 3
# Willow's format names → the extension stored (see WAGTAILIMAGES_EXTENSIONS).
IMAGE_FORMATS = {"jpeg": "jpg", "png": "png", "gif": "gif", "webp": "webp"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def clean_name(name, extension):
    """A safe file name: letters, digits and dashes, a random part (the files of a
    practice in moderation cannot be guessed) and the detected extension."""
    stem = slugify(os.path.splitext(os.path.basename(name or ""))[0])[:60]
    token = secrets.token_hex(6)
    return get_valid_filename(f"{stem or 'fichier'}-{token}.{extension}")


def check_size(upload, limit):
    if upload.size > limit:
        raise ValidationError(
            _(
                "« %(name)s » pèse %(size)s : la limite est de %(limit)s par fichier. "
                "Réduisez-le puis ajoutez-le de nouveau."
            ),
            params={
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "limit": filesizeformat(limit),
            },
        )


def not_an_image(upload):
    return ValidationError(
        _(
            "« %(name)s » n’est pas une image (formats acceptés : JPEG, PNG, GIF, WebP)."
        ),
        params={"name": upload.name},
    )


def check_pixels(upload):
    """Refuse an image whose header announces more than
    ``WAGTAILIMAGES_MAX_IMAGE_PIXELS``, before anything decodes it (Wagtail's own
    check decodes the image first: a bomb would fill the memory)."""
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as image:  # reads the header only
                width, height = image.size
    except (PILImage.DecompressionBombWarning, PILImage.DecompressionBombError):
        width = height = limit  # beyond Pillow's own limit: beyond ours
    except Exception as error:
        raise not_an_image(upload) from error
    finally:
        upload.seek(0)
    if width * height > limit:
        raise ValidationError(
            _(
                "« %(name)s » compte trop de pixels (%(width)s × %(height)s) : "
                "%(limit)s millions au plus. Réduisez l’image puis ajoutez-la de "
                "nouveau."
            ),
            params={
                "name": upload.name,
                "width": width,
                "height": height,
                "limit": limit // 1_000_000,
            },
        )


def check_image(upload):
    """Wagtail's own image checks (the format matches the extension, size, pixel
    limit), after a pixel count read from the header alone (``check_pixels``) and
    within the partners' own size limit; return its clean name."""
    check_size(upload, settings.QUARTIERS_IMAGE_MAX_SIZE)
    check_pixels(upload)
    try:
        image = WagtailImageField().clean(upload)
    except ValidationError as error:
        if error.code in ("invalid_image", "empty"):
            raise not_an_image(upload) from error
        raise ValidationError(
            [f"« {upload.name} » : {message}" for message in error.messages]
        ) from error
    except Exception as error:  # Pillow failing on a truncated or corrupt file
        raise not_an_image(upload) from error
    finally:
        upload.seek(0)
    return clean_name(upload.name, IMAGE_FORMATS[image.image.format_name])


def check_pdf(upload):
    check_size(upload, settings.QUARTIERS_PDF_MAX_SIZE)
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            _("« %(name)s » n’est pas un document PDF."), params={"name": upload.name}
        )
    return clean_name(upload.name, "pdf")


class GoodPracticeForm(HoneypotMixin, DsfrBaseForm):
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(
        label=_("Résumé"),
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_(
            "Texte libre. Mise en forme possible : paragraphes, gras, italique, "
            "listes, liens (http, https, mailto). Tout autre code est retiré."
        ),
    )
    department = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Territory.objects.filter(kind=Territory.Kind.DEPARTMENT).order_by(
            "code"
        ),
    )
    qpv = forms.ModelChoiceField(
        label=_("Quartier prioritaire (facultatif)"),
        queryset=Territory.objects.filter(kind=Territory.Kind.QPV).order_by("code"),
        required=False,
    )
    axes = forms.ModelMultipleChoiceField(
        label=_("Axes du PAQTE"),
        queryset=Axis.objects.order_by("number"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes de la feuille de route"),
        queryset=ProgrammePage.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    organisation = forms.CharField(label=_("Organisation"), max_length=200)
    organisation_type = forms.ChoiceField(
        label=_("Type d’organisation"), choices=OrganisationType.choices
    )
    club = forms.ModelChoiceField(
        label=_("Club d’entreprises (si l’organisation en est un)"),
        queryset=ClubPage.objects.none(),
        required=False,
    )
    contact_name = forms.CharField(label=_("Personne à contacter"), max_length=200)
    contact_email = forms.EmailField(
        label=_("Courriel de contact"), help_text=_("Format attendu : nom@domaine.fr")
    )
    images = MultipleFileField(
        label=_("Images (5 au plus)"),
        help_text=_("JPEG, PNG, GIF ou WebP, 5 Mo au plus chacune."),
        widget=MultipleFileInput(attrs={"accept": "image/*"}),
    )
    pdfs = MultipleFileField(
        label=_("Documents PDF (3 au plus)"),
        help_text=_("PDF, 10 Mo au plus chacun."),
        widget=MultipleFileInput(attrs={"accept": "application/pdf"}),
    )

    def __init__(self, *args, existing_images=0, existing_pdfs=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.existing_images = existing_images
        self.existing_pdfs = existing_pdfs
        self.fields["programmes"].queryset = ProgrammePage.objects.live().order_by(
            "path"
        )
        self.fields["club"].queryset = ClubPage.objects.live().order_by("title")

    def clean_title(self):
        return required_text(self.cleaned_data["title"])

    def clean_summary(self):
        return required_text(self.cleaned_data["summary"])

    def clean_organisation(self):
        return required_text(self.cleaned_data["organisation"])

    def clean_contact_name(self):
        return required_text(self.cleaned_data["contact_name"])

    def clean_description(self):
        return rich_text_from_plain(self.cleaned_data["description"])

    def clean_qpv(self):
        qpv = self.cleaned_data.get("qpv")
        department = self.cleaned_data.get("department")
        if qpv and department and qpv.parent_id != department.pk:
            raise ValidationError(
                _("Ce quartier n’est pas dans le département choisi.")
            )
        return qpv

    def clean_images(self):
        uploads = self.cleaned_data["images"]
        if len(uploads) + self.existing_images > MAX_IMAGES:
            raise ValidationError(
                _("5 images au plus par bonne pratique (%(count)s déjà jointes)."),
                params={"count": self.existing_images},
            )
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append((upload, check_image(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned

    def clean_pdfs(self):
        uploads = self.cleaned_data["pdfs"]
        if len(uploads) + self.existing_pdfs > MAX_PDFS:
            raise ValidationError(
                _("3 documents PDF au plus (%(count)s déjà joints)."),
                params={"count": self.existing_pdfs},
            )
        errors, cleaned = [], []
        for upload in uploads:
            try:
                cleaned.append((upload, check_pdf(upload)))
            except ValidationError as error:
                errors.extend(error.messages)
        if errors:
            raise ValidationError(errors)
        return cleaned


def required_text(value):
    cleaned = sanitise_plain(value)
    if not cleaned:
        raise ValidationError(
            _("Saisissez du texte : le code HTML n’est pas accepté dans ce champ.")
        )
    return cleaned


def sanitise_plain(value):
    """Plain text fields keep no markup at all (the template escapes them too)."""
    return strip_tags(value).replace("<", "").replace(">", "").strip()
