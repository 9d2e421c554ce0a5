from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .territories import Territory


class TerritorialRole(models.Model):
    """A local role: this user acts for this department (Plone-style).

    A Référent départemental holds one role per department it manages; every
    object attached to a department is then editable by it, and by national
    administrators, and by no one else (see ``measures.permissions``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("utilisateur"),
        on_delete=models.CASCADE,
        related_name="territorial_roles",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("département"),
        on_delete=models.CASCADE,
        related_name="roles",
        limit_choices_to={"kind": Territory.Kind.DEPARTMENT},
    )

    class Meta:
        verbose_name = _("rôle territorial")
        verbose_name_plural = _("rôles territoriaux")
        # Acting for every department (national administrators): a permission,
        # so that no decision depends on a group's name.
        permissions = [
            ("act_for_every_department", _("Agir pour tous les départements")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "territory"], name="unique_territorial_role"
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.territory}"

    def clean(self):
        if self.territory_id and self.territory.kind != Territory.Kind.DEPARTMENT:
            raise ValidationError({"territory": _("Choisissez un département.")})
