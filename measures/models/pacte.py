from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel
from wagtail.search import index


class PacteTheme(models.TextChoices):
    """The five themes of the pacte de Dijon, in the order of the text."""

    ECONOMY = "economie", _("Développement économique, emploi et excellence numérique")
    HOUSING = (
        "habitat",
        _("Habitat, renouvellement urbain : rendre le beau accessible à tous"),
    )
    MOBILITY = "mobilites", _("Agir sur les mobilités quotidiennes")
    YOUTH = (
        "jeunesse",
        _("Jeunesse — éducation — formation — insertion : la mère des batailles"),
    )
    SOCIAL = (
        "social",
        _(
            "Action sociale, santé, soutien aux familles monoparentales, tranquillité "
            "publique et justice : vers l’émancipation"
        ),
    )


class PacteParty(models.TextChoices):
    """Who commits in the pacte: the agglomerations and metropolises, or the State."""

    AGGLOMERATIONS = "agglomerations", _("Agglomérations et métropoles")
    STATE = "state", _("État et ses services")


PARTY_INTRODUCTIONS = {
    PacteParty.AGGLOMERATIONS: _("Nous nous engageons à :"),
    PacteParty.STATE: _("Cela sera possible si l’État et ses services s’engagent à :"),
}


class PacteCommitment(index.Indexed, models.Model):
    """One commitment of the pacte de Dijon (signed on 10 July 2018), word for word."""

    reference = models.CharField(
        _("référence"),
        max_length=10,
        unique=True,
        help_text=_(
            "Clé propre au site : thème, partie (A ou E) et rang (ex. ECO-A1)."
        ),
    )
    theme = models.CharField(_("thème"), max_length=20, choices=PacteTheme.choices)
    party = models.CharField(
        _("qui s’engage"), max_length=20, choices=PacteParty.choices
    )
    position = models.PositiveSmallIntegerField(_("rang dans le thème"), default=0)
    text = models.TextField(_("engagement"))
    theme_order = models.PositiveSmallIntegerField(default=0, editable=False)
    party_order = models.PositiveSmallIntegerField(default=0, editable=False)

    search_fields = [
        index.SearchField("text"),
        index.AutocompleteField("text"),
        index.FilterField("theme"),
        index.FilterField("party"),
    ]
    panels = [
        FieldRowPanel([FieldPanel("reference"), FieldPanel("position")]),
        FieldRowPanel([FieldPanel("theme"), FieldPanel("party")]),
        FieldPanel("text"),
    ]

    class Meta:
        verbose_name = _("engagement du pacte de Dijon")
        verbose_name_plural = _("engagements du pacte de Dijon")
        ordering = ["theme_order", "party_order", "position"]

    def __str__(self):
        text = self.text.rstrip(" ,.")
        if len(text) > 90:
            text = text[:87].rsplit(" ", 1)[0] + "…"
        return f"{self.reference} — {text}"

    def save(self, *args, **kwargs):
        self.theme_order = list(PacteTheme.values).index(self.theme)
        self.party_order = list(PacteParty.values).index(self.party)
        super().save(*args, **kwargs)

    @property
    def theme_label(self):
        return self.get_theme_display()

    @property
    def party_label(self):
        return self.get_party_display()

    @property
    def display_text(self):
        """The text without the list punctuation of the source (« …, »)."""
        return self.text.rstrip(" ,")
