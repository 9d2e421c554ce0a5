"""Admin forms: department choices narrowed to the user's departments, and the
convention's rule that objectives and results belong to the axes it keeps."""

from django.utils.translation import gettext as _

from wagtail.admin.forms import WagtailAdminModelForm

from measures.permissions import managed_departments

from .models import Association, Company
from .models.conventions import axis_not_kept_error


class DepartmentScopedForm(WagtailAdminModelForm):
    """A department (or company) can only be one of those the user manages."""

    department_field = "department"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        field = self.fields.get(self.department_field)
        if user is None or field is None:
            return
        departments = managed_departments(user).order_by("code")
        associations = self.fields.get("partner_associations")
        if associations is not None:
            associations.queryset = Association.objects.filter(
                department__in=departments
            )
        if self.department_field == "company":
            field.queryset = Company.objects.filter(
                department__in=departments
            ).select_related("department")
        else:
            field.queryset = departments
            if not self.instance.pk and len(field.queryset) == 1:
                field.initial = field.queryset[0].pk


class ConventionForm(DepartmentScopedForm):
    department_field = "company"
    line_formsets = ("objectives", "results")

    def _post_clean(self):
        # The axes are held in memory (ParentalManyToManyField, nothing written)
        # so that ``Convention.clean`` checks the axes being saved.
        if "axes" in getattr(self, "cleaned_data", {}):
            self.instance.axes = self.cleaned_data["axes"]
        super()._post_clean()

    def is_valid(self):
        valid = super().is_valid()
        if not hasattr(self, "cleaned_data") or "axes" not in self.cleaned_data:
            return valid
        kept = {axis.pk for axis in self.cleaned_data["axes"]}
        refused = []
        for name in self.line_formsets:
            for form in self.formsets[name].forms:
                data = getattr(form, "cleaned_data", None) or {}
                axis = data.get("axis")
                if data.get("DELETE") or axis is None or axis.pk in kept:
                    continue
                form.add_error("axis", axis_not_kept_error(axis))
                refused.append(axis)
        if refused:
            self.add_error(
                None,
                _(
                    "Des objectifs ou des résultats portent sur un axe que la "
                    "convention ne retient pas (%(axes)s) : rien n’a été enregistré."
                )
                % {"axes": ", ".join(sorted({str(axis) for axis in refused}))},
            )
            return False
        return valid
