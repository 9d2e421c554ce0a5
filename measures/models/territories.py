from django.db import models
from django.utils.translation import gettext_lazy as _


class Territory(models.Model):
    """A place a figure is about: France, a region, a department (QPV later)."""

    class Kind(models.TextChoices):
        NATIONAL = "national", _("National")
        REGION = "region", _("Région")
        DEPARTMENT = "department", _("Département")

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
        if self.kind == self.Kind.DEPARTMENT:
            return f"{self.name} ({self.code})"
        return self.name

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
