"""Every admin export, Wagtail's and the project's, CSV and .xlsx alike, writes a
stored value that a spreadsheet would read as a formula as text, and does not
break on a control character stored before they were cleaned on input."""

import csv
import inspect
import io

import pytest
from openpyxl import load_workbook

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import get_resolver, resolve
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import Query
from wagtail.log_actions import log
from wagtail.models import Page
from wagtail_modeladmin.options import ModelAdmin

from cms.admin_exports import export_patterns
from cms.spreadsheets import FORMULA_PREFIXES, SafeSpreadsheetExportMixin, neutralise
from home.models import HomePage, StandardPage
from measures.models import Indicator
from tests.factories import IndicatorFactory

# Values as stored before anything cleaned them: formulas, and control characters
# (not NUL: PostgreSQL never stores it).
HOSTILE = ["=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "A\x0bB\x01C"]
EXPORT_ROUTES = sorted(
    {
        route
        for route, _pattern in export_patterns(get_resolver().url_patterns)
        if "<" not in route
    }
)
SEARCH_TERMS = "admin/searchpicks/reports/search-terms/"
LOCKED_PAGES = "admin/reports/locked/"
SITE_HISTORY = "admin/reports/site-history/"
REDIRECTS = "admin/redirects/"
STALE_INDICATORS = "admin/rapports/indicateurs-a-mettre-a-jour/"
INDICATORS = "admin/snippets/measures/indicator/"


def test_every_export_of_the_admin_writes_through_the_projects_rule():
    assert SEARCH_TERMS in EXPORT_ROUTES and STALE_INDICATORS in EXPORT_ROUTES
    unsafe = [
        route
        for route in EXPORT_ROUTES
        if not issubclass(
            resolve("/" + route).func.view_class, SafeSpreadsheetExportMixin
        )
    ]
    assert unsafe == []


def test_every_modeladmin_listing_writes_through_the_projects_rule():
    model_admins = {
        inspect.unwrap(pattern.callback).__self__
        for pattern in walk(get_resolver().url_patterns)
        if isinstance(
            getattr(inspect.unwrap(pattern.callback), "__self__", None), ModelAdmin
        )
    }
    assert model_admins
    assert all(
        issubclass(admin.index_view_class, SafeSpreadsheetExportMixin)
        for admin in model_admins
    )


def walk(patterns):
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            yield from walk(pattern.url_patterns)
        else:
            yield pattern


def store_raw(model, pk, **values):
    """Store values as they were before input was cleaned (no pre_save)."""
    model.objects.filter(pk=pk).update(**values)


@pytest.fixture(scope="module")
def exporter(django_db_setup, django_db_blocker):
    """A superuser and the hostile values, stored once for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        user = get_user_model().objects.create_superuser(
            username="exporter", email="exporter@example.org", password="x"
        )
        yield user, store_hostile_values(user)
        transaction.set_rollback(True)


def store_hostile_values(admin_user):
    home_page = HomePage.objects.get()
    stored = {}
    pages = []
    for number, value in enumerate(HOSTILE):
        page = home_page.add_child(
            instance=StandardPage(title=f"Page {number}", slug=f"page-{number}")
        )
        page.save_revision(user=admin_user).publish()
        page.title = page.draft_title = value
        store_raw(
            Page,
            page.pk,
            title=value,
            draft_title=value,
            locked=True,
            locked_by=admin_user,
            locked_at=timezone.now(),
        )
        log(page, "wagtail.edit", user=admin_user)
        pages.append(value)
        Query.get(value or "x").add_hit()
        Redirect.objects.create(old_path=f"/ancien-{number}", redirect_link=value)
        indicator = IndicatorFactory(code=f"HOST-{number}")
        store_raw(Indicator, indicator.pk, name=value)
    stored[LOCKED_PAGES] = pages
    stored[SITE_HISTORY] = pages
    stored[SEARCH_TERMS] = list(
        Query.objects.filter(daily_hits__isnull=False).values_list(
            "query_string", flat=True
        )
    )
    stored[REDIRECTS] = HOSTILE
    stored[STALE_INDICATORS] = HOSTILE
    stored[INDICATORS] = HOSTILE
    return stored


def cells(response, export_format):
    content = (
        b"".join(response.streaming_content)
        if response.streaming
        else (response.content)
    )
    if export_format == "csv":
        text = content.decode("utf-8-sig")
        dialect = ";" if text.count(";") > text.count(",") else ","
        return [
            value
            for row in csv.reader(io.StringIO(text), delimiter=dialect)
            for value in row
        ]
    workbook = load_workbook(io.BytesIO(content))
    return [
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    ]


def is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.django_db
@pytest.mark.parametrize("export_format", ["csv", "xlsx"])
# A listing's « results » URL is the same view (its class is checked above).
@pytest.mark.parametrize(
    "route", [route for route in EXPORT_ROUTES if not route.endswith("results/")]
)
def test_no_export_writes_a_formula_or_a_control_character(
    client, exporter, route, export_format
):
    admin_user, hostile_data = exporter
    client.force_login(admin_user)
    response = client.get("/" + route, {"export": export_format})
    assert response.status_code == 200
    written = cells(response, export_format)
    dangerous = [
        value
        for value in written
        if value.startswith(FORMULA_PREFIXES) and not is_number(value)
    ]
    assert dangerous == []
    assert not [value for value in written if "\x0b" in value or "\x01" in value]
    expected = {neutralise(value) for value in hostile_data.get(route, ())}
    assert expected <= set(written)
