"""Reference content of the partners app, loaded by ``load_reference_content``.

Only what annex 2 of the circular n° 6057/SG says: the four axes (official wording),
the clubs it names (FACE, CREPI, LEPC), the four mobilisation days of 2018
(Marseille, Nantes, Lyon, Amiens, no date known), and the pages that hold them. The
axes' key indicators are those of the PAQTE national report of April 2021 that the
indicator history names (``measures/data/indicator-history.csv``; none for
Acheter): ``attach_key_indicators``. Idempotent: creates what is missing, never
changes what exists.
"""

import re
from collections import Counter
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType

from wagtail.models import (
    Collection,
    GroupPagePermission,
    WorkflowContentType,
    WorkflowPage,
)

from cms.permissions import groups_with_permission
from cms.reference import approval_workflow, child_page
from measures.permissions import ACT_NATIONALLY

from .models import (
    GOOD_PRACTICE_COLLECTION,
    GOOD_PRACTICE_WORKFLOW,
    REPORT_WORKFLOW,
    Axis,
    ClubPage,
    GoodPracticeIndexPage,
    GoodPracticeModerationTask,
    MobilisationDayIndexPage,
    MobilisationDayPage,
    NetworkIndexPage,
    PaqtePage,
    SemesterReport,
)

CIRCULAR_SOURCE = "Circulaire n° 6057/SG du 22 janvier 2019, annexe 2"
ANNEX_2 = (
    Path(__file__).resolve().parents[1] / "home" / "data" / "circular" / "annexe-2.html"
)

# (number, code, name, official definition: annex 2, word for word)
AXES = [
    (
        1,
        "sensibiliser",
        "Sensibiliser",
        "sensibiliser les plus jeunes au monde de l’entreprise, notamment en "
        "renforçant l’offre de stages de troisième à destination des élèves de "
        "collège de REP+",
    ),
    (2, "former", "Former", "former en favorisant l’accès à l’alternance"),
    (3, "recruter", "Recruter", "recruter de manière non-discriminatoire"),
    (4, "acheter", "Acheter", "acheter de manière plus responsable et inclusive"),
]

CLUBS = ["FACE", "CREPI", "LEPC"]
CLUB_SUMMARY = (
    "Réseau de clubs d’entreprise cité par la circulaire n° 6057/SG du 22 janvier "
    "2019 (annexe 2) parmi ceux que le comité de pilotage départemental du PAQTE "
    "« peut utilement inclure » et sur lesquels les préfets peuvent s’appuyer dans "
    "la démarche de conventionnement."
)

DAY_CITIES = ["Marseille", "Nantes", "Lyon", "Amiens"]
DAY_SUMMARY = (
    "Journée de mobilisation autour du PAQTE tenue à {city} en 2018 : « le CGET "
    "organise régulièrement des journées de mobilisation autour du PAQTE sur les "
    "territoires. Quatre d’entre elles se sont tenues en 2018 à Marseille, Nantes, "
    "Lyon et Amiens » (circulaire n° 6057/SG, annexe 2)."
)

PAQTE_SUMMARY = (
    "Le pacte avec les quartiers pour toutes les entreprises (PAQTE) : quatre axes "
    "d’engagement, une convention triennale signée par le préfet avec chaque "
    "entreprise, un bilan semestriel par département."
)
NETWORK_SUMMARY = (
    "Les clubs d’entreprises partenaires, les entreprises signataires d’une "
    "convention PAQTE et les associations qui participent à son déploiement."
)
DAYS_SUMMARY = (
    "Les journées de mobilisation autour du PAQTE organisées par le CGET sur les "
    "territoires : à venir et passées."
)


def annex_section(number):
    """The HTML of section ``number`` of annex 2 (from its h2 to the next one)."""
    html = ANNEX_2.read_text(encoding="utf-8")
    parts = re.split(r"(?=<h2>)", html)
    for part in parts:
        if part.startswith(f"<h2>{number}. "):
            return " ".join(part.split())
    return ""


def load_axes(created):
    for number, code, name, definition in AXES:
        _, was_created = Axis.objects.get_or_create(
            code=code,
            defaults={
                "number": number,
                "name": name,
                "definition": definition,
                "source": CIRCULAR_SOURCE,
            },
        )
        if was_created:
            created["axes du PAQTE"] += 1


def load_report_workflow(created):
    """The "Bilan semestriel PAQTE" workflow: national administrators approve."""
    workflow = approval_workflow(
        REPORT_WORKFLOW,
        "Validation du bilan par l’administration nationale",
        groups_with_permission(ACT_NATIONALLY),
        created,
    )
    content_type = ContentType.objects.get_for_model(SemesterReport)
    WorkflowContentType.objects.get_or_create(
        content_type=content_type, defaults={"workflow": workflow}
    )


GOOD_PRACTICES_SUMMARY = (
    "Des exemples concrets d’actions menées dans les quartiers par les clubs, "
    "les entreprises et les associations, proposés par eux et relus par la "
    "modération avant publication."
)
MODERATOR_PERMISSIONS = ["add_page", "change_page", "publish_page"]


def load_good_practices(home, created):
    """/bonnes-pratiques/, its moderation workflow, the moderators' rights on it
    and the image collection."""
    index = child_page(
        home,
        GoodPracticeIndexPage,
        "bonnes-pratiques",
        created,
        title="Les bonnes pratiques",
        show_in_menus=True,
        summary=GOOD_PRACTICES_SUMMARY,
    )
    # The moderators: the groups of the moderation task once it exists; on the
    # first load, the group holding the moderation permission (partners.0007).
    moderators = (
        Group.objects.filter(
            pk__in=GoodPracticeModerationTask.objects.values("groups")
        ).first()
        or groups_with_permission("partners.moderate_good_practices").first()
    )
    workflow = approval_workflow(
        GOOD_PRACTICE_WORKFLOW,
        "Relecture par la modération",
        [moderators],
        created,
        task_model=GoodPracticeModerationTask,
    )
    WorkflowPage.objects.get_or_create(page=index, defaults={"workflow": workflow})
    for codename in MODERATOR_PERMISSIONS:
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(
            group=moderators, page=index, permission=permission
        )
    root = Collection.get_first_root_node()
    if not root.get_children().filter(name=GOOD_PRACTICE_COLLECTION).exists():
        root.add_child(name=GOOD_PRACTICE_COLLECTION)
        created["collections"] += 1
    return index


def attach_key_indicators(indicators_by_axis):
    """Make the indicators the history loader has just created key indicators of
    their axis (``{"sensibiliser": [indicator], …}``). Only new indicators are
    passed in: an editor who detaches one later is not overruled."""
    for axis in Axis.objects.filter(code__in=indicators_by_axis):
        axis.key_indicators.add(*indicators_by_axis[axis.code])
        axis.save()


def load_partner_content(home):
    """Create what is missing under ``home``; return the counts of created objects."""
    created = Counter()
    load_axes(created)
    load_report_workflow(created)
    paqte = child_page(
        home,
        PaqtePage,
        "paqte",
        created,
        title="Le PAQTE",
        show_in_menus=True,
        summary=PAQTE_SUMMARY,
        body=[("paragraph", annex_section(1))],
    )
    days = child_page(
        paqte,
        MobilisationDayIndexPage,
        "journees",
        created,
        title="Les journées de mobilisation",
        summary=DAYS_SUMMARY,
    )
    for city in DAY_CITIES:
        child_page(
            days,
            MobilisationDayPage,
            f"{city.lower()}-2018",
            created,
            title=f"Journée de mobilisation PAQTE à {city} (2018)",
            city=city,
            year=2018,
            summary=DAY_SUMMARY.format(city=city),
            source_note=CIRCULAR_SOURCE,
        )
    network = child_page(
        home,
        NetworkIndexPage,
        "reseau",
        created,
        title="Le réseau des partenaires",
        show_in_menus=True,
        summary=NETWORK_SUMMARY,
    )
    for name in CLUBS:
        child_page(
            network,
            ClubPage,
            name.lower(),
            created,
            title=name,
            summary=CLUB_SUMMARY,
        )
    load_good_practices(home, created)
    return created
