from django.db import models
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    """A place a figure is about: France, a region, a department (QPV later)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        REGION = "region", _("Région")
        DEPARTMENT = "department", _("Département")
        QPV = "qpv", _("Quartier prioritaire (QPV)")

    kind = models.CharField(_("niveau"), max_length=20, choices=Kind.choices)
    code = models.CharField(
        _("code"),
        max_length=10,
        help_text=_("Code INSEE (COG) ; « FR » pour la France."),
    )
    name = models.CharField(_("nom"), max_length=150)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("territoire parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "code"], name="unique_territory_code"
            )
        ]

    def __str__(self):
        if self.kind in (self.Kind.DEPARTMENT, self.Kind.QPV):
            return f"{self.name} ({self.code})"
        return self.name

    @property
    def kind_label(self):
        return self.get_kind_display()

    @classmethod
    def national(cls):
        return cls.objects.get(kind=cls.Kind.NATIONAL, code="FR")


class RegionManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Territory.Kind.REGION)


class DepartmentManager(models.Manager):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(kind=Territory.Kind.DEPARTMENT)
            .select_related("parent")
        )


class Region(Territory):
    objects = RegionManager()

    class Meta:
        proxy = True
        verbose_name = _("région")
        verbose_name_plural = _("régions")
        ordering = ["name"]

    def save(self, *args, **kwargs):
        self.kind = Territory.Kind.REGION
        super().save(*args, **kwargs)


class Department(Territory):
    objects = DepartmentManager()

    class Meta:
        proxy = True
        verbose_name = _("département")
        verbose_name_plural = _("départements")
        ordering = ["code"]

    def save(self, *args, **kwargs):
        self.kind = Territory.Kind.DEPARTMENT
        super().save(*args, **kwargs)


class QPVManager(models.Manager):
    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .filter(kind=Territory.Kind.QPV)
            .select_related("parent")
        )


class QPVTerritory(Territory):
    """A priority neighbourhood as a territory (its parent is its department)."""

    objects = QPVManager()

    class Meta:
        proxy = True
        verbose_name = _("quartier prioritaire")
        verbose_name_plural = _("quartiers prioritaires")
        ordering = ["code"]

    def save(self, *args, **kwargs):
        self.kind = Territory.Kind.QPV
        super().save(*args, **kwargs)


class QPV(models.Model):
    """What is known of a priority neighbourhood (QPV): INSEE figures, contour.

    Its ``territory`` (kind ``qpv``, parent = department) carries indicator values.
    Unknown figures stay empty: nothing is estimated.
    """

    territory = models.OneToOneField(
        Territory,
        verbose_name=_("territoire"),
        on_delete=models.CASCADE,
        related_name="qpv",
        limit_choices_to={"kind": Territory.Kind.QPV},
    )
    communes = models.CharField(_("commune(s)"), max_length=255, blank=True)
    population = models.PositiveIntegerField(
        _("population municipale"), null=True, blank=True
    )
    jobseekers = models.PositiveIntegerField(
        _("demandeurs d’emploi en fin de mois (DEFM, cat. A à E)"),
        null=True,
        blank=True,
    )
    statistics = models.JSONField(
        _("statistiques INSEE"),
        default=dict,
        blank=True,
        help_text=_(
            "Toutes les colonnes connues du fichier source, par code de colonne."
        ),
    )
    statistics_source = models.CharField(
        _("source des statistiques"), max_length=255, blank=True
    )
    geometry = models.JSONField(_("contour (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("fiche QPV")
        verbose_name_plural = _("fiches QPV")
        ordering = ["territory__code"]

    def __str__(self):
        return str(self.territory)

    @property
    def code(self):
        return self.territory.code

    @property
    def name(self):
        return self.territory.name

    @property
    def department(self):
        return self.territory.parent

    @property
    def population_display(self):
        """« 8 412 habitants », or « — » when unknown."""
        from cms.admin_listings import with_unit

        return with_unit(self.population, _("habitants"))

    population_display.fget.short_description = _("population municipale")

    @property
    def jobseekers_display(self):
        from cms.admin_listings import with_unit

        return with_unit(self.jobseekers, _("demandeurs d’emploi"))

    jobseekers_display.fget.short_description = _(
        "demandeurs d’emploi en fin de mois (DEFM, cat. A à E)"
    )

    @property
    def population_short(self):
        """« 8 412 hab. »: the listing's narrow column."""
        from cms.admin_listings import with_unit

        return with_unit(self.population, _("hab."))

    @property
    def jobseekers_short(self):
        from cms.admin_listings import with_unit

        return with_unit(self.jobseekers, _("DEFM"))
