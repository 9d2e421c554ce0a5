"""The admin dashboard: shared panel machinery and the page panels every editor gets.

Each app contributes its panels from its own ``dashboard.py``, registered by its
``wagtail_hooks.py`` with ``register_panels`` (imports flow cms ← measures ←
partners). A panel is a Wagtail ``Component`` that:

- decides who sees it in one small class method, ``is_shown_to(user)``, which asks
  permissions (``user.has_perm``, page permissions, registered permission
  policies), never a group's name;
- builds its content with a fixed number of queries, whatever the amount of
  content (pinned by ``tests/cms/test_dashboards.py``);
- offers only links its viewer may follow.

Wagtail's own panels stay (objects in a workflow, objects to moderate, recent
edits, locked pages); the ones here add what Wagtail lacks: my drafts,
scheduled publications and expiries, comments on my pages.
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.models import Comment
from wagtail.permission_policies.pages import PagePermissionPolicy

ROWS = 8
SOON = datetime.timedelta(days=30)


class DashboardPanel(Component):
    """A dashboard panel: a heading, then what the template shows.

    Subclasses set ``name``, ``order``, ``heading``, ``template_name`` and
    implement ``is_shown_to`` and ``get_panel_context``. With
    ``hide_when_empty``, a panel whose context has ``empty=True`` renders nothing.
    """

    heading = ""
    icon = "placeholder"
    hide_when_empty = False
    # On a wide screen panels sit two by two; a wide one takes the whole row.
    wide = False

    class Media:
        css = {"all": ["cms/admin/dashboard.css"]}

    def __init__(self, request):
        self.request = request

    @classmethod
    def is_shown_to(cls, user):
        raise NotImplementedError

    @property
    def user(self):
        return self.request.user

    def get_panel_context(self):
        return {}

    @cached_property
    def panel_context(self):
        return self.get_panel_context()

    def get_context_data(self, parent_context):
        return {
            "request": self.request,
            "panel_id": self.name.replace("_", "-"),
            "heading": self.heading,
            "icon": self.icon,
            "panel_class": "w-panel--dashboard q-dash"
            + (" q-dash--wide" if self.wide else ""),
            **self.panel_context,
        }

    def render_html(self, parent_context=None):
        if self.hide_when_empty and self.panel_context.get("empty"):
            return ""
        return super().render_html(parent_context)


def register_panels(*panel_classes):
    """Register a ``construct_homepage_panels`` hook adding each panel its viewer
    may see (``is_shown_to``)."""

    def add_panels(request, panels):
        for panel_class in panel_classes:
            if panel_class.is_shown_to(request.user):
                panels.append(panel_class(request))

    hooks.register("construct_homepage_panels", add_panels)
    return add_panels


def age_buckets():
    """The age classes of the work queues: (key, label, lower, upper) in days."""
    return [
        ("lt2", "moins de 2 jours", None, 2),
        ("2to7", "2 à 7 jours", 2, 7),
        ("gt7", "plus de 7 jours", 7, None),
    ]


def age_filter(field, key, now=None):
    """A ``Q`` keeping the rows whose ``field`` (a datetime) falls in age class
    ``key`` (``lt2``, ``2to7``, ``gt7``); an unknown key keeps every row."""
    now = now or timezone.now()
    for bucket, _label, lower, upper in age_buckets():
        if bucket != key:
            continue
        condition = Q()
        if lower is not None:
            condition &= Q(**{f"{field}__lte": now - datetime.timedelta(days=lower)})
        if upper is not None:
            condition &= Q(**{f"{field}__gt": now - datetime.timedelta(days=upper)})
        return condition
    return Q()


# Pages: what every editor of pages gets -----------------------------------------


def can_edit_pages(user):
    """Who writes pages (communication officers, referents, national admins)."""
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change"])


def editable_pages(user):
    """The pages ``user`` may edit (Wagtail's page permission policy)."""
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change")


def _my_pages(user):
    """Pages I may edit and own or edited last."""
    return editable_pages(user).filter(Q(owner=user) | Q(latest_revision__user=user))


class MyDraftsPanel(DashboardPanel):
    """My pages never published, or with changes not yet published."""

    name = "my_drafts"
    order = 205
    wide = True
    heading = "Vos pages en brouillon"
    icon = "draft"
    template_name = "cms/admin/dashboard/my_drafts.html"
    hide_when_empty = True

    @classmethod
    def is_shown_to(cls, user):
        return can_edit_pages(user)

    def get_panel_context(self):
        drafts = (
            _my_pages(self.user)
            .filter(has_unpublished_changes=True)
            .exclude(depth=1)
            .select_related("latest_revision", "content_type")
            .order_by("-latest_revision_created_at", "-pk")
        )
        rows = list(drafts[: ROWS + 1])
        return {
            "pages": rows[:ROWS],
            "more": len(rows) > ROWS,
            "empty": not rows,
        }


class ScheduledPagesPanel(DashboardPanel):
    """Pages I may edit that go live or expire soon (approved schedules)."""

    name = "scheduled_pages"
    order = 215
    heading = "Publications et dépublications programmées"
    icon = "calendar-alt"
    template_name = "cms/admin/dashboard/scheduled_pages.html"
    hide_when_empty = True

    @classmethod
    def is_shown_to(cls, user):
        return can_edit_pages(user)

    def get_panel_context(self):
        now = timezone.now()
        editable = editable_pages(self.user)
        # A schedule is approved once the page was "published" with a future date:
        # its revision then holds ``approved_go_live_at``.
        go_live = list(
            editable.filter(go_live_at__gt=now)
            .annotate_approved_schedule()
            .filter(_approved_schedule=True)
            .order_by("go_live_at", "pk")[:ROWS]
        )
        expiring = list(
            editable.filter(
                live=True, expire_at__gt=now, expire_at__lte=now + SOON
            ).order_by("expire_at", "pk")[:ROWS]
        )
        events = [
            {"page": page, "kind": "Publication", "date": page.go_live_at}
            for page in go_live
        ] + [
            {"page": page, "kind": "Dépublication", "date": page.expire_at}
            for page in expiring
        ]
        events.sort(key=lambda event: event["date"])
        return {"events": events[:ROWS], "empty": not events}


class CommentsOnMyPagesPanel(DashboardPanel):
    """Recent comments others left on pages I own or last edited."""

    name = "comments_on_my_pages"
    order = 260
    heading = "Commentaires récents sur vos pages"
    icon = "comment"
    template_name = "cms/admin/dashboard/comments.html"
    hide_when_empty = True

    @classmethod
    def is_shown_to(cls, user):
        return can_edit_pages(user)

    def get_panel_context(self):
        since = timezone.now() - datetime.timedelta(days=30)
        rows = list(
            Comment.objects.filter(
                page__in=_my_pages(self.user).values("pk"),
                created_at__gte=since,
                resolved_at__isnull=True,
            )
            .exclude(user=self.user)
            .select_related("user", "page")
            .order_by("-created_at")[:ROWS]
        )
        return {"comments": rows, "empty": not rows}
