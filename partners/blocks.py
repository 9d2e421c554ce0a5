from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.images.blocks import ImageBlock

from cms.blocks import RICH_TEXT_FEATURES, BaseStreamBlock


class ProgrammeSlotBlock(blocks.StructBlock):
    """One slot of a mobilisation day's programme."""

    time = blocks.CharBlock(required=False, label=_("Horaire"), max_length=40)
    title = blocks.CharBlock(label=_("Séquence"))
    speakers = blocks.CharBlock(required=False, label=_("Intervenants"))
    description = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, required=False, label=_("Description")
    )

    class Meta:
        icon = "time"
        label = _("Séquence du programme")
        template = "partners/blocks/programme_slot_block.html"


class ProgrammeStreamBlock(BaseStreamBlock):
    slot = ProgrammeSlotBlock()


class PhotoStreamBlock(blocks.StreamBlock):
    photo = ImageBlock(label=_("Photo"))
