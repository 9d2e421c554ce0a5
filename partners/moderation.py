"""Moderation of good practices: the refusal action, decision emails, states."""

import difflib

from django import forms
from django.conf import settings
from django.db import transaction
from django.dispatch import receiver
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from .mail import notify as send_notification
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
    # A mail server failure must not undo the decision: the partner sees it in
    # their space; the failure is logged.
    send_notification(
        subject, f"{body}\n\nVos contributions : {base}/mon-espace/", owner.email
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


# The moderation queue ---------------------------------------------------------


def awaiting_moderation_queryset():
    """Good practices whose moderation task is in progress, annotated with
    ``submitted_at`` (when the task started) and ``task_state_id``."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField, OuterRef, Subquery
    from django.db.models.functions import Cast

    in_progress = TaskState.objects.filter(
        status=TaskState.STATUS_IN_PROGRESS,
        workflow_state__status=WorkflowState.STATUS_IN_PROGRESS,
        workflow_state__content_type=ContentType.objects.get_for_model(
            GoodPracticePage
        ),
        workflow_state__object_id=Cast(OuterRef("pk"), output_field=CharField()),
    ).order_by("-started_at")
    return GoodPracticePage.objects.annotate(
        submitted_at=Subquery(in_progress.values("started_at")[:1]),
        task_state_id=Subquery(in_progress.values("pk")[:1]),
    ).filter(submitted_at__isnull=False)


AGE_CHOICES = [
    ("lt2", _("Moins de 2 jours")),
    ("2to7", _("De 2 à 7 jours")),
    ("gt7", _("Plus de 7 jours")),
]


def filter_by_age(queryset, age, now=None):
    """``age``: lt2 (< 2 days since submission), 2to7 (2–7 days), gt7 (> 7 days)."""
    from datetime import timedelta

    from django.utils import timezone

    now = now or timezone.now()
    two_days, seven_days = now - timedelta(days=2), now - timedelta(days=7)
    if age == "lt2":
        return queryset.filter(submitted_at__gt=two_days)
    if age == "2to7":
        return queryset.filter(submitted_at__lte=two_days, submitted_at__gte=seven_days)
    if age == "gt7":
        return queryset.filter(submitted_at__lt=seven_days)
    return queryset


# The moderator's action menu ----------------------------------------------------

# Order of the moderation actions in the editor's footer: approving first (the
# main button), then the others.
MENU_ORDER = {"approve": 10, "reject": 20, "refuse": 40}


def keep_moderation_actions_only(menu_items, request, context):
    """``construct_page_action_menu``: a moderator editing a good practice in
    moderation sees the moderation actions only, labelled as the task names them
    (no "Publier" that skips moderation, no "… et Publier" suffix, no
    "Annuler le workflow"). Superusers keep Wagtail's full menu."""
    from wagtail.admin.action_menu import WorkflowMenuItem

    from .models import GoodPracticeModerationTask

    page = context.get("page")
    if (
        context.get("view") != "edit"
        or not isinstance(page, GoodPracticePage)
        or request.user.is_superuser
    ):
        return
    task = page.current_workflow_task
    if not isinstance(task, GoodPracticeModerationTask):
        return
    actions = task.get_actions(page, request.user)
    if not actions:
        return
    workflow_items = [item for item in menu_items if isinstance(item, WorkflowMenuItem)]
    for item, (name, label, modal) in zip(workflow_items, actions, strict=False):
        item.label = label
        item.order = MENU_ORDER.get(name, 30) + (
            5 if modal and name == "approve" else 0
        )
    menu_items[:] = sorted(workflow_items, key=lambda item: item.order)
