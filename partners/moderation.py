"""Moderation of good practices: the refusal action, decision emails, states."""

import difflib

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from .models import GoodPracticePage, GoodPracticeRefusal, RefusalReason

REFUSE_ACTION = "partners.good_practice.refuse"


class RefusalForm(forms.Form):
    reason = forms.ChoiceField(label=_("Motif du refus"), choices=RefusalReason.choices)
    comment = forms.CharField(
        label=_("Commentaire pour la personne qui l’a proposée"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


def notify(page, subject, body):
    owner = page.owner
    if owner is None or not owner.email:
        return
    base = settings.WAGTAILADMIN_BASE_URL
    send_mail(
        subject,
        f"{body}\n\nVos contributions : {base}/mon-espace/",
        None,
        [owner.email],
    )


@transaction.atomic
def refuse(task_state, user, reason="", comment="", **kwargs):
    """Refuse for good: the task is rejected, the workflow cancelled."""
    workflow_state = task_state.workflow_state
    page = workflow_state.content_object.specific
    task_state.reject(user=user, update=False, comment=comment)
    workflow_state.refresh_from_db()
    workflow_state.cancel(user=user)
    GoodPracticeRefusal.objects.update_or_create(
        page=page, defaults={"reason": reason, "comment": comment, "user": user}
    )
    log(
        instance=page,
        action=REFUSE_ACTION,
        user=user,
        data={"reason": reason, "comment": comment},
    )
    notify(
        page,
        f"Votre bonne pratique « {page.title} » n’a pas été retenue",
        f"Motif : {RefusalReason(reason).label}\n{comment}".strip(),
    )


def is_good_practice(workflow_state):
    return workflow_state.content_type.model_class() is not None and issubclass(
        workflow_state.content_type.model_class(), GoodPracticePage
    )


@receiver(workflow_approved)
def practice_approved(sender, instance, user=None, **kwargs):
    if not is_good_practice(instance):
        return
    page = instance.content_object.specific
    notify(
        page,
        f"Votre bonne pratique « {page.title} » est publiée",
        f"Elle est en ligne : {settings.WAGTAILADMIN_BASE_URL}{page.url}",
    )


@receiver(workflow_rejected)
def practice_needs_changes(sender, instance, user=None, **kwargs):
    if not is_good_practice(instance):
        return
    page = instance.content_object.specific
    comment = instance.current_task_state.comment
    notify(
        page,
        f"Votre bonne pratique « {page.title} » est à modifier",
        f"Demande de la modération :\n{comment}",
    )


STATE_LABELS = {
    "draft": _("brouillon"),
    "moderation": _("en modération"),
    "changes": _("à modifier"),
    "published": _("publiée"),
    "refused": _("refusée"),
}


def practice_state(page):
    """(code, comment) of a partner's practice, as /mon-espace/ shows it."""
    refusal = GoodPracticeRefusal.objects.filter(page=page).first()
    if refusal is not None:
        comment = f"{refusal.get_reason_display()}. {refusal.comment}".strip()
        return "refused", comment
    workflow_state = (
        WorkflowState.objects.active()
        .for_instance(page)
        .select_related("current_task_state")
    ).first()
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            return "changes", workflow_state.current_task_state.comment
        return "moderation", ""
    if page.live:
        return "published", ""
    return "draft", ""


def moderator_changes(page):
    """Line diffs of the text fields between what the partner last submitted and
    what was published (the moderator may have edited before approving)."""
    if not page.live or page.live_revision_id is None:
        return []
    submitted = (
        TaskState.objects.filter(
            workflow_state__in=WorkflowState.objects.for_instance(page),
            status=TaskState.STATUS_APPROVED,
        )
        .select_related("revision")
        .order_by("-finished_at")
        .first()
    )
    if submitted is None or submitted.revision_id == page.live_revision_id:
        return []
    before = submitted.revision.as_object()
    after = page.live_revision.as_object()
    changes = []
    for name, label in (
        ("title", _("Titre")),
        ("summary", _("Résumé")),
        ("description", _("Description")),
        ("organisation", _("Organisation")),
    ):
        old = strip_tags(str(getattr(before, name) or ""))
        new = strip_tags(str(getattr(after, name) or ""))
        if old != new:
            diff = difflib.ndiff(old.splitlines(), new.splitlines())
            changes.append({"label": label, "old": old, "new": new, "diff": list(diff)})
    return changes
