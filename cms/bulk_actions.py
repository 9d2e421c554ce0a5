"""« Copier » for several pages at once (Wagtail offers move, publish, unpublish
and delete in bulk, not copy): choose the destination, optionally with the
sub-pages; the copies are drafts (never published by a copy), each with a free
slug at the destination. Pages the user may not copy, or not copy there, are
listed apart and left alone. Registered by ``cms/wagtail_hooks.py``.
"""

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wagtail.admin import widgets
from wagtail.admin.views.pages.bulk_actions.page_bulk_action import PageBulkAction
from wagtail.models import Page

MAX_SLUG_ATTEMPTS = 100


class CopyForm(forms.Form):
    def __init__(self, *args, destination=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["chooser"] = forms.ModelChoiceField(
            initial=destination,
            queryset=Page.objects.all(),
            widget=widgets.AdminPageChooser(
                can_choose_root=False, user_perms="copy_to"
            ),
            label=_("Copier sous la page"),
        )
        self.fields["include_descendants"] = forms.BooleanField(
            required=False, label=_("Copier aussi les sous-pages")
        )


def free_slug(slug, destination):
    """``slug``, or ``slug-2``, ``slug-3``... : the first one free under
    ``destination``."""
    candidate = slug
    for number in range(2, MAX_SLUG_ATTEMPTS + 2):
        if Page._slug_is_available(candidate, destination):
            return candidate
        candidate = f"{slug}-{number}"[:255]
    raise ValueError(slug)


class CopyBulkAction(PageBulkAction):
    display_name = _("Copier")
    action_type = "copy"
    aria_label = _("Copier les pages sélectionnées")
    template_name = "cms/admin/confirm_bulk_copy.html"
    action_priority = 15
    form_class = CopyForm
    destination = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "destination": self.destination}

    def check_perm(self, page):
        return page.permissions_for_user(self.request.user).can_copy()

    def object_context(self, obj):
        context = super().object_context(obj)
        context["child_pages"] = context["item"].get_descendants().count()
        return context

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        if self.cleaned_form is None:
            return objects, without_access
        destination = self.cleaned_form.cleaned_data["chooser"]
        recursive = self.cleaned_form.cleaned_data["include_descendants"]
        pages, refused = [], []
        for page in objects:
            if page.permissions_for_user(self.request.user).can_copy_to(
                destination, recursive
            ):
                pages.append(page)
            else:
                refused.append(page)
        return pages, {
            **without_access,
            "pages_without_destination_access": [
                {
                    "item": page,
                    "can_edit": page.permissions_for_user(self.request.user).can_edit(),
                }
                for page in refused
            ],
        }

    def prepare_action(self, pages, pages_without_access):
        if pages_without_access["pages_without_destination_access"] or not pages:
            self.destination = self.cleaned_form.cleaned_data["chooser"]
            return TemplateResponse(
                self.request,
                self.template_name,
                {"destination": self.destination, **self.get_context_data()},
            )

    def get_execution_context(self):
        return {
            **super().get_execution_context(),
            "destination": self.cleaned_form.cleaned_data["chooser"],
            "recursive": self.cleaned_form.cleaned_data["include_descendants"],
        }

    @classmethod
    def execute_action(cls, objects, destination=None, recursive=False, user=None):
        if destination is None:
            return 0, 0
        copied = children = 0
        for page in objects:
            page = page.specific
            if recursive:
                children += page.get_descendants().count()
            page.copy(
                to=destination,
                recursive=recursive,
                update_attrs={"slug": free_slug(page.slug, destination)},
                keep_live=False,
                user=user,
            )
            copied += 1
        return copied, children

    def get_success_message(self, num_parent_objects, num_child_objects):
        message = ngettext(
            "%(count)d page copiée (en brouillon)",
            "%(count)d pages copiées (en brouillon)",
            num_parent_objects,
        ) % {"count": num_parent_objects}
        if num_child_objects:
            message += ngettext(
                ", avec %(count)d sous-page",
                ", avec %(count)d sous-pages",
                num_child_objects,
            ) % {"count": num_child_objects}
        return message + "."
