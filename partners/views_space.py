"""The partner space: /mon-espace/ (own submissions) and the proposal form."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.files.images import ImageFile
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, Workflow, WorkflowState

from .models import (
    GOOD_PRACTICE_COLLECTION,
    GOOD_PRACTICE_WORKFLOW,
    GoodPracticeDocument,
    GoodPracticeImage,
    GoodPracticeIndexPage,
    GoodPracticePage,
)
from .moderation import STATE_LABELS, moderator_changes, practice_state
from .permissions import is_partner
from .practice_forms import GoodPracticeForm
from .ratelimit import RATE_LIMIT_MESSAGE, hit

EDITABLE_STATES = {"draft", "changes"}
FIELDS = [
    "title",
    "summary",
    "description",
    "department",
    "qpv",
    "organisation",
    "organisation_type",
    "club",
    "contact_name",
    "contact_email",
]


def partner_required(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_partner(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def own_practices(user):
    return GoodPracticePage.objects.filter(owner=user).order_by(
        "-latest_revision_created_at", "-pk"
    )


@partner_required
def space(request):
    rows = []
    for page in own_practices(request.user):
        state, comment = practice_state(page)
        rows.append(
            {
                "page": page,
                "state": state,
                "state_label": STATE_LABELS[state],
                "comment": comment,
                "editable": state in EDITABLE_STATES,
                "changes": moderator_changes(page) if state == "published" else [],
            }
        )
    return render(request, "partners/space/space.html", {"rows": rows})


def collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=GOOD_PRACTICE_COLLECTION).first()
    return existing or root.add_child(name=GOOD_PRACTICE_COLLECTION)


def store_files(page, form, user):
    target = collection()
    Image = get_image_model()
    Document = get_document_model()
    for upload, name in form.cleaned_data["images"]:
        upload.seek(0)
        image = Image(
            title=page.title[:255],
            file=ImageFile(upload, name=name),
            collection=target,
            uploaded_by_user=user,
        )
        image.save()
        page.images.add(GoodPracticeImage(image=image))
    for upload, name in form.cleaned_data["pdfs"]:
        upload.seek(0)
        upload.name = name
        document = Document(
            title=page.title[:255],
            file=upload,
            collection=target,
            uploaded_by_user=user,
        )
        document.save()
        page.documents.add(GoodPracticeDocument(document=document))


def apply(page, form):
    for name in FIELDS:
        setattr(page, name, form.cleaned_data[name])
    page.draft_title = page.title
    page.axes = list(form.cleaned_data["axes"])
    page.programmes = list(form.cleaned_data["programmes"])


def submit_for_moderation(page, user):
    workflow_state = WorkflowState.objects.active().for_instance(page).first()
    if workflow_state is not None:
        if workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
            workflow_state.resume(user=user)
        return
    Workflow.objects.get(name=GOOD_PRACTICE_WORKFLOW).start(page, user)


def unique_slug(index, title):
    base = slugify(title)[:80] or "bonne-pratique"
    slug, number = base, 1
    while index.get_children().filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def handle(request, form, page=None):
    """Validate, save a revision, start or resume moderation; or re-render."""
    submit = "submit" in request.POST
    if form.caught_in_honeypot():
        raise PermissionDenied
    if hit("submission", request.user.pk):
        messages.error(request, RATE_LIMIT_MESSAGE)
        return None, 429
    if not form.is_valid():
        messages.error(
            request,
            "La bonne pratique n’a pas été enregistrée : corrigez les champs signalés "
            "(votre saisie est conservée ; les fichiers sont à joindre de nouveau).",
        )
        return None, 400
    with transaction.atomic():
        if page is None:
            index = GoodPracticeIndexPage.objects.get()
            page = GoodPracticePage(owner=request.user, live=False)
            apply(page, form)
            page.slug = unique_slug(index, page.title)
            store_files(page, form, request.user)
            index.add_child(instance=page)
        else:
            apply(page, form)
            store_files(page, form, request.user)
        page.save_revision(user=request.user, log_action=True)
        if submit:
            submit_for_moderation(page, request.user)
    if submit:
        messages.success(
            request,
            "Votre bonne pratique est envoyée à la modération. Vous recevrez un "
            "courriel à chaque décision.",
        )
    else:
        messages.success(request, "Brouillon enregistré : vous pourrez le compléter.")
    return page, 302


@partner_required
def propose(request):
    if request.method == "POST":
        form = GoodPracticeForm(request.POST, request.FILES)
        page, status = handle(request, form)
        if page is not None:
            return redirect("partners_space")
    else:
        profile = request.user.partner_profile
        form = GoodPracticeForm(
            initial={
                "organisation": profile.organisation,
                "contact_name": request.user.get_full_name(),
                "contact_email": request.user.email,
            }
        )
        status = 200
    return render(
        request,
        "partners/space/practice_form.html",
        {"form": form, "page": None},
        status=status,
    )


def own_practice(request, pk):
    """The partner's own practice, in its latest revision; 404 for anyone else's."""
    base = get_object_or_404(GoodPracticePage, pk=pk, owner=request.user)
    state, comment = practice_state(base)
    if state not in EDITABLE_STATES:
        raise Http404
    return base.get_latest_revision_as_object(), comment


@partner_required
def edit(request, pk):
    page, comment = own_practice(request, pk)
    counts = {
        "existing_images": len(page.images.all()),
        "existing_pdfs": len(page.documents.all()),
    }
    if request.method == "POST":
        form = GoodPracticeForm(request.POST, request.FILES, **counts)
        saved, status = handle(request, form, page)
        if saved is not None:
            return redirect("partners_space")
    else:
        initial = {name: getattr(page, name) for name in FIELDS}
        initial["axes"] = list(page.axes.all())
        initial["programmes"] = list(page.programmes.all())
        form = GoodPracticeForm(initial=initial, **counts)
        status = 200
    return render(
        request,
        "partners/space/practice_form.html",
        {"form": form, "page": page, "comment": comment},
        status=status,
    )
