"""Phases of a resilience run that run inside the isolated environment (its
DATABASE_URL), as ``manage.py resilience --phase prepare|import|verify``."""

import datetime
import io
import json
import secrets
import sys
import time

from cms.ops.volume import benchmark_pages

SEARCHES = [
    "emploi franc",
    "rénovation urbaine",
    "quartiers prioritaires",
    "éducation",
    "sécurité du quotidien",
    "logement",
    "entreprises engagées",
    "police de sécurité du quotidien",
]
IMPORT_ROWS = 5000


def prepare_phase(workdir, users, duration):
    """Partner accounts and the pages the load visits, written to fixture.json."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.urls import reverse

    from measures.models import Territory, TerritoryIndexPage
    from partners.accounts import create_partner
    from partners.models import GoodPracticeIndexPage, NetworkIndexPage

    run_id = secrets.token_hex(3)
    password = secrets.token_urlsafe(16)
    per_account = 4  # the limit is 5 proposals an hour per account
    partners = max(users // 5, 1)
    # Enough accounts for partners proposing every 2 s (the shortest wait) at most.
    count = partners * (duration // (2 * per_account) + 2)
    User = get_user_model()
    accounts = []
    for number in range(count):
        email = f"partenaire-res-{run_id}-{number}@exemple.fr"
        create_partner(
            f"Partenaire {number}", "Association", email, active=True, invited=True
        )
        accounts.append([email, password])
    # One hash for all (hashing 200 passwords would take minutes).
    User.objects.filter(email__startswith=f"partenaire-res-{run_id}-").update(
        password=make_password(password)
    )
    pages = benchmark_pages()
    departments = list(
        Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
        .order_by("code")
        .values_list("pk", flat=True)
    )
    territories = TerritoryIndexPage.objects.live().first()
    if territories:
        pages.append(("territoires", territories.url))
    network = NetworkIndexPage.objects.live().first()
    if network:
        pages.append(
            ("annuaire par département", f"{network.url}?department={departments[30]}")
        )
    practices = GoodPracticeIndexPage.objects.live().first()
    if practices:
        pages += [
            ("bonnes pratiques", practices.url),
            (
                "bonnes pratiques filtrées",
                f"{practices.url}?department={departments[12]}"
                "&organisation_type=association",
            ),
        ]
    fixture = {
        "run_id": run_id,
        "title_prefix": f"Résilience {run_id}",
        "pages": pages,
        "searches": SEARCHES,
        "departments": [str(pk) for pk in departments],
        "accounts": accounts,
        "per_account": per_account,
        "visitor_weight": 4,
        "partner_weight": 1,
        "login_path": reverse("partners_login"),
        "propose_path": reverse("partners_propose"),
    }
    (workdir / "fixture.json").write_text(
        json.dumps(fixture, ensure_ascii=False), encoding="utf-8"
    )


def import_workbook(indicators, departments, first_date, marker):
    from openpyxl import Workbook

    from measures.imports import TEMPLATE_HEADERS

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("valeurs")
    sheet.append(TEMPLATE_HEADERS)
    count, day = 0, 0
    while count < IMPORT_ROWS:
        date = first_date + datetime.timedelta(days=day)
        for indicator in indicators:
            for department in departments:
                if count < IMPORT_ROWS:
                    sheet.append(
                        [indicator, "departement", department, date, count, "", marker]
                    )
                    count += 1
        day += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), day


def import_phase(workdir, until):
    """Import batches of indicator values (the admin import's functions) from
    ``import-go`` to ``import-stop`` (files in the work folder; ``until`` is a safety
    deadline). Each batch's rows carry its marker as comment. Touches
    ``import-ready`` when the first workbook is built and ``import-applying`` when a
    batch starts writing. Writes imports.json after each batch."""
    from django.db import connections

    from measures.imports import apply_import, parse_workbook
    from measures.models import Indicator, Territory

    indicators = list(Indicator.objects.order_by("code").values_list("code", flat=True))
    departments = list(
        Territory.objects.filter(kind=Territory.Kind.DEPARTMENT)
        .order_by("code")
        .values_list("code", flat=True)
    )
    batches, number, next_date = [], 1, datetime.date(2040, 1, 1)
    marker = f"resilience-import-{number}"
    content, days = import_workbook(indicators, departments, next_date, marker)
    (workdir / "import-ready").touch()
    while not (workdir / "import-go").exists() and time.time() < until:
        time.sleep(0.05)
    while not (workdir / "import-stop").exists() and time.time() < until:
        if number > 1:
            marker = f"resilience-import-{number}"
            content, days = import_workbook(indicators, departments, next_date, marker)
        next_date += datetime.timedelta(days=days)
        number += 1
        batch = {"marker": marker, "rows": IMPORT_ROWS, "committed": False}
        batch["start"] = time.time()
        try:
            result = parse_workbook(content)
            if result.errors:
                raise ValueError(result.errors[:3])
            batch["applying"] = time.time()
            (workdir / "import-applying").touch()
            counts = apply_import(result)
            batch["committed"] = True
            batch["created"] = counts.created
        except Exception as error:
            batch["error"] = f"{type(error).__name__}: {error}"[:300]
            connections.close_all()
            time.sleep(0.2)
        batch["end"] = time.time()
        batches.append(batch)
        (workdir / "imports.json").write_text(json.dumps(batches), encoding="utf-8")


def verify_phase(workdir):
    """What the database holds: complete and half-written practices of this run,
    and the rows of each import batch. Prints one JSON line."""
    from django.db.models import Count

    from wagtail.models import WorkflowState

    from measures.models import IndicatorValue
    from partners.models import GoodPracticePage

    fixture = json.loads((workdir / "fixture.json").read_text("utf-8"))
    complete, half = [], []
    for page in GoodPracticePage.objects.filter(
        title__startswith=fixture["title_prefix"]
    ):
        in_moderation = WorkflowState.objects.active().for_instance(page).exists()
        if page.latest_revision_id and in_moderation:
            complete.append(page.title)
        else:
            half.append(page.title)
    counts = dict(
        IndicatorValue.objects.filter(comment__startswith="resilience-import-")
        .values_list("comment")
        .annotate(rows=Count("pk"))
    )
    sys.stdout.write(
        json.dumps(
            {"complete": complete, "half_written": half, "import_counts": counts}
        )
        + "\n"
    )
