"""Good practices: submitted by partners from the public site, moderated through the
"Modération des bonnes pratiques" workflow, published under /bonnes-pratiques/."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Orderable
from wagtail.search import index

from cms.models import BasePage
from cms.pagination import lazy_page, query_without_page
from measures.models import Territory

from .paqte import Axis

GOOD_PRACTICE_WORKFLOW = "Modération des bonnes pratiques"
GOOD_PRACTICE_COLLECTION = "Bonnes pratiques"
DESCRIPTION_FEATURES = ["bold", "italic", "ol", "ul", "link"]
PAGE_SIZE = 12


class OrganisationType(models.TextChoices):
    COMPANY = "entreprise", _("Entreprise")
    ASSOCIATION = "association", _("Association")
    CLUB = "club", _("Club d’entreprises")
    PUBLIC = "public", _("Collectivité ou service public")
    OTHER = "autre", _("Autre")


class RefusalReason(models.TextChoices):
    OFF_TOPIC = "hors-sujet", _("Hors du champ de la mobilisation pour les quartiers")
    DUPLICATE = "doublon", _("Doublon d’une pratique déjà publiée")
    ADVERTISING = "publicite", _("Contenu publicitaire ou commercial")
    UNVERIFIABLE = "invérifiable", _("Informations invérifiables ou insuffisantes")
    INAPPROPRIATE = "inapproprie", _("Contenu inapproprié")
    OTHER = "autre", _("Autre motif")


class GoodPracticeIndexPage(BasePage):
    """/bonnes-pratiques/: the published practices, filterable and paginated."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["partners.GoodPracticePage"]
    max_count = 1
    admin_default_ordering = "-latest_revision_created_at"  # newest first

    class Meta:
        verbose_name = _("index des bonnes pratiques")

    def get_context(self, request, *args, **kwargs):
        from ..filters import GoodPracticeFilter

        context = super().get_context(request, *args, **kwargs)
        practices = (
            GoodPracticePage.objects.child_of(self)
            .live()
            .public()
            .defer_streamfields()
            .select_related("department", "qpv")
            .order_by("-first_published_at", "-pk")
        )
        filterset = GoodPracticeFilter(request.GET or None, queryset=practices)
        context["filter"] = filterset
        context["filtered"] = any(
            value for key, value in request.GET.items() if key != "page"
        )
        # Lazy: the template caches the list per content version and filters.
        context["practices"] = lazy_page(lambda: filterset.qs, request, PAGE_SIZE)
        context["query_string"] = query_without_page(request)
        return context


class GoodPracticePage(BasePage):
    """A good practice, written by a partner (its owner) and moderated."""

    description = RichTextField(
        _("description"), features=DESCRIPTION_FEATURES, blank=True
    )
    department = models.ForeignKey(
        Territory,
        verbose_name=_("département"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
    )
    qpv = models.ForeignKey(
        Territory,
        verbose_name=_("quartier prioritaire"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"kind": Territory.Kind.QPV},
    )
    axes = ParentalManyToManyField(
        Axis, blank=True, related_name="good_practices", verbose_name=_("axes du PAQTE")
    )
    programmes = ParentalManyToManyField(
        "measures.ProgrammePage",
        blank=True,
        related_name="good_practices",
        verbose_name=_("programmes de la feuille de route"),
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_type = models.CharField(
        _("type d’organisation"),
        max_length=20,
        choices=OrganisationType.choices,
        default=OrganisationType.OTHER,
    )
    club = models.ForeignKey(
        "partners.ClubPage",
        verbose_name=_("club"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="good_practices",
    )
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("courriel du contact"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("department"), FieldPanel("qpv")], heading=_("territoire")
        ),
        FieldPanel("axes"),
        FieldPanel("programmes"),
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("organisation_type"),
                FieldPanel("club"),
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
            ],
            heading=_("organisation"),
        ),
        InlinePanel("images", label=_("images"), max_num=5),
        InlinePanel("documents", label=_("documents PDF"), max_num=3),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("description"),
        index.SearchField("organisation"),
        index.FilterField("department_id"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("description"),
        APIField("organisation"),
        APIField("organisation_type"),
    ]
    parent_page_types = ["partners.GoodPracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("bonne pratique")
        verbose_name_plural = _("bonnes pratiques")


class GoodPracticeImage(Orderable):
    page = ParentalKey(
        GoodPracticePage, related_name="images", on_delete=models.CASCADE
    )
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("image")]


class GoodPracticeDocument(Orderable):
    page = ParentalKey(
        GoodPracticePage, related_name="documents", on_delete=models.CASCADE
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="+"
    )
    panels = [FieldPanel("document")]


class GoodPracticeRefusal(models.Model):
    """A final refusal by a moderator (the workflow is cancelled)."""

    page = models.OneToOneField(
        GoodPracticePage, on_delete=models.CASCADE, related_name="refusal"
    )
    reason = models.CharField(_("motif"), max_length=20, choices=RefusalReason.choices)
    comment = models.TextField(_("commentaire"), blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refus d’une bonne pratique")

    def __str__(self):
        return f"{self.page_id} : {self.get_reason_display()}"


class GoodPracticeModerationTask(AbstractGroupApprovalTask):
    """Group approval with a third action: refuse, with a reason and a comment."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions:
            return [
                ("reject", _("Demander des modifications"), True),
                ("approve", _("Approuver et publier"), False),
                ("approve", _("Approuver avec un commentaire"), True),
                ("refuse", _("Refuser"), True),
            ]
        return actions

    def get_form_for_action(self, action):
        if action == "refuse":
            from ..moderation import RefusalForm

            return RefusalForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "refuse":
            from ..moderation import refuse

            refuse(task_state, user, **kwargs)
            return
        super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _(
            "Les membres des groupes choisis approuvent, demandent des modifications "
            "ou refusent les bonnes pratiques proposées."
        )

    class Meta:
        verbose_name = _("modération des bonnes pratiques")
        verbose_name_plural = _("modérations des bonnes pratiques")
        # Held by the moderators' group: how data setup finds it (never by name).
        permissions = [("moderate_good_practices", _("Modérer les bonnes pratiques"))]


class PartnerProfile(models.Model):
    """What a partner account says about its organisation (no admin access)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_profile",
    )
    organisation = models.CharField(_("organisation"), max_length=200)
    invited = models.BooleanField(_("invité par un administrateur"), default=False)
    confirmed_at = models.DateTimeField(_("courriel confirmé le"), null=True)

    class Meta:
        verbose_name = _("compte partenaire")
        verbose_name_plural = _("comptes partenaires")
        # What makes a partner a partner (the partner space, proposing good
        # practices): a permission, never a group's name.
        permissions = [
            ("use_partner_space", _("Utiliser l’espace partenaire")),
        ]

    def __str__(self):
        return f"{self.user.get_full_name()} ({self.organisation})"
