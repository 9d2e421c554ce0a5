from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageBlock

RICH_TEXT_FEATURES = [
    "h2",
    "h3",
    "h4",
    "bold",
    "italic",
    "ol",
    "ul",
    "link",
    "document-link",
]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Texte"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Titre de niveau 2")), ("h3", _("Titre de niveau 3"))],
        default="h2",
        label=_("Niveau"),
    )

    class Meta:
        icon = "title"
        label = _("Intertitre")
        template = "cms/blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Citation"))
    author = blocks.CharBlock(required=False, label=_("Auteur"))
    source = blocks.CharBlock(required=False, label=_("Source"))

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "cms/blocks/quote_block.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(required=False, label=_("Titre"))
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES, label=_("Texte"))

    class Meta:
        icon = "info-circle"
        label = _("Mise en avant")
        template = "cms/blocks/callout_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(required=False, label=_("Titre affiché"))

    class Meta:
        icon = "doc-full"
        label = _("Document à télécharger")
        template = "cms/blocks/document_block.html"


class SourceBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Source"))
    url = blocks.URLBlock(required=False, label=_("Adresse web"))
    page = blocks.PageChooserBlock(required=False, label=_("Page du site"))
    date = blocks.DateBlock(required=False, label=_("Date"))

    class Meta:
        icon = "link"
        label = _("Source")
        template = "cms/blocks/source_block.html"


class MenuItemBlock(blocks.StructBlock):
    """An entry of the main menu: a page and the short label shown for it."""

    page = blocks.PageChooserBlock(label=_("page"))
    label = blocks.CharBlock(
        label=_("libellé"),
        required=False,
        max_length=30,
        help_text=_(
            "Court, pour tenir sur une ligne (« Feuille de route ») ; "
            "vide : le titre de la page."
        ),
    )

    class Meta:
        icon = "link"
        label = _("entrée du menu")


class BaseStreamBlock(blocks.StreamBlock):
    """The blocks every page body offers."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, label=_("Paragraphe"), icon="pilcrow"
    )
    image = ImageBlock(label=_("Image"))
    quote = QuoteBlock()
    callout = CalloutBlock()
    document = DocumentBlock()
