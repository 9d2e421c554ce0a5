"""Fuzzing of the admin: every listing's GET parameters and every create and edit
form's related fields, as each role that can open them. Never a 500, never a write.

The listings (snippet and model viewsets, modeladmin, reports, the moderation
queue...) and the add forms are found by walking the URL conf; the roles that reach
each one come from the permission matrix's rules (a role expected to get 200); the
parameters of a listing are read from its own page (its filter form's fields, the
query keys of its links: filters, ordering, pages) and the related fields of a form
from its ``<select>`` fields and choosers' hidden inputs.
"""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client

from wagtail.fields import StreamField
from wagtail.models import Page, Revision

from partners.models import Association, Company, SemesterReport

from .fuzzing import counted, fuzz_settings, hostile_text
from .test_incomplete_posts import form_data_of
from .test_permission_matrix import cases
from .world import STAFF

pytestmark = pytest.mark.django_db

LISTING = re.compile(
    r"(:list|:list_results|:index_results|_modeladmin_index|wagtailadmin_reports:\w+"
    r"|stale_indicators\w*|completeness_report\w*|moderation_queue\w*) "
)
ADD_FORM = re.compile(r"(wagtailsnippets_\w+:add|_modeladmin_create) ")
EDIT_FORM = re.compile(
    r"(wagtailsnippets_\w+:edit|_modeladmin_edit|wagtailadmin_pages:edit"
    r"|wagtailsettings:edit) "
)
SKIPPED_KEYS = {"csrfmiddlewaretoken", "export", "next"}  # exports: h14b's fuzzing
ALWAYS = ("p", "ordering", "o", "q")
ODD = [
    "0",
    "-1",
    str(2**63),
    str(2**64),
    str(10**40),
    "abc",
    "1.5",
    "",
    "2019-13-45",
    "31/02/2019",
    "99999-01-01",
    "true",
    "[1]",
    "\x00",
]
odd_values = st.one_of(st.sampled_from(ODD), hostile_text)
NOT_A_500 = (200, 301, 302, 400, 403, 404, 405)
# Formsets' management fields: forged, they are Django's business, not ours.
MANAGEMENT = re.compile(r"(_FORMS|__prefix__)")
# In an edit form: formsets' templates, the editor's own state (revision, panels).
NOT_RELATED = re.compile(r"(_FORMS|__prefix__|revision|side-panel|-ORDER|-DELETE)")


def stream_counts():
    """The ``<field>-count`` of every StreamField, which only the admin's script
    writes (a POST without it is not one a browser sends)."""
    return {
        f"{field.name}-count": "0"
        for model in apps.get_models()
        for field in model._meta.fields
        if isinstance(field, StreamField)
    }


class Names(HTMLParser):
    """Names of a page's form fields, and the query keys of its links."""

    def __init__(self):
        super().__init__()
        self.fields, self.selects, self.links = set(), set(), set()
        self.values = {}  # the hidden inputs' own values (formsets' management)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("input", "select", "textarea") and attrs.get("name"):
            name = attrs["name"]
            self.fields.add(name)
            if attrs.get("type") == "hidden" and MANAGEMENT.search(name):
                self.values[name] = attrs.get("value") or ""
            elif tag == "select" or attrs.get("type") == "hidden":
                self.selects.add(name)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            query = urlsplit(attrs["href"]).query
            self.links.update(key for key, _v in parse_qsl(query))


def names_of(html):
    parser = Names()
    parser.feed(html)
    return parser


def rows():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        Company.objects.count(),
        Association.objects.count(),
        SemesterReport.objects.count(),
        get_user_model().objects.count(),
    )


def client_of(world, role):
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    return client


def reached(world, regex):
    """(url, roles that open it) for every URL of a pattern matching ``regex``."""
    found, _missing = cases(world)
    return [
        (url.split("?")[0], [role for role in STAFF if expected[role] == 200])
        for pattern, _label, url, expected in found
        if regex.search(pattern.key) and "results" not in pattern.name
    ]


@pytest.fixture(scope="module")
def listings(world, django_db_blocker):
    """{role: [(url, parameters)]} for every admin listing a role opens."""
    by_role = {role: [] for role in STAFF}
    with django_db_blocker.unblock():
        for url, roles in reached(world, LISTING):
            if not roles:
                continue
            page = names_of(client_of(world, roles[0]).get(url).content.decode())
            keys = sorted((page.fields | page.links | set(ALWAYS)) - SKIPPED_KEYS)
            for role in roles:
                by_role[role].append((url, keys))
    return by_role


@pytest.fixture(scope="module")
def add_forms(world, django_db_blocker):
    """{role: [(url, related field names, the form's other data)]}."""
    by_role = {role: [] for role in STAFF}
    with django_db_blocker.unblock():
        for url, roles in reached(world, ADD_FORM):
            if not roles:
                continue
            page = names_of(client_of(world, roles[0]).get(url).content.decode())
            related = sorted(page.selects - SKIPPED_KEYS)
            for role in roles:
                other = dict.fromkeys(page.fields - page.selects, "")
                other.update(page.values)
                other.update(stream_counts())
                by_role[role].append((url, related, other))
    return by_role


@pytest.fixture(scope="module")
def edit_forms(world, django_db_blocker):
    """{role: [(url, related field names, the form's real data)]}, each role
    reading its own form (a referent's choices are not the national's)."""
    by_role = {role: [] for role in STAFF}
    with django_db_blocker.unblock():
        for url, roles in reached(world, EDIT_FORM):
            for role in roles:
                html = client_of(world, role).get(url).content.decode()
                page = names_of(html)
                data = {**form_data_of(html), **stream_counts()}
                related = sorted(
                    name
                    for name in page.selects - SKIPPED_KEYS
                    if not NOT_RELATED.search(name)
                    and not data.get(name, "").startswith("{")  # rich text
                )
                if not related:
                    continue
                by_role[role].append((url, related, data))
    return by_role


def test_the_fuzzing_reaches_every_listing_and_form(listings, add_forms, edit_forms):
    urls = {url for entries in listings.values() for url, _keys in entries}
    assert any("modeladmin" not in url and "/snippets/" in url for url in urls)
    assert any("/reports/" in url for url in urls)
    assert "/admin/partners/company/" in urls  # a modeladmin listing
    assert len(urls) > 20
    forms = {url for entries in add_forms.values() for url, *_ in entries}
    assert len(forms) > 8
    edits = {url for entries in edit_forms.values() for url, *_ in entries}
    assert any("/pages/" in url for url in edits)
    assert any("/snippets/" in url for url in edits)
    assert "/admin/partners/company/" in {url.rsplit("edit/", 1)[0] for url in edits}


def test_every_listing_ignores_odd_values_of_every_parameter(world, listings):
    """Deterministic sweep: each listing, each parameter, one of the nastiest
    values in turn, as the first role that opens it."""
    sweep = ("abc", str(2**64), "2019-13-45", "\x00")
    failures, seen, turn = [], set(), 0
    for role, entries in listings.items():
        client = client_of(world, role)
        for url, keys in entries:
            if url in seen:
                continue
            seen.add(url)
            for key in keys:
                value, turn = sweep[turn % len(sweep)], turn + 1
                code = client.get(url, {key: value}).status_code
                if code not in NOT_A_500:
                    failures.append(f"{role} {url}?{key}={value!r}: {code}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("role", STAFF)
def test_admin_listings_never_fail_on_odd_parameters(world, listings, role):
    entries = listings[role]
    client = client_of(world, role)
    before = rows()

    @fuzz_settings(max_examples=8)
    @given(data=st.data())
    def fuzz(data):
        counted(f"listes admin ({role})")
        url, keys = data.draw(st.sampled_from(entries))
        chosen = data.draw(st.lists(st.sampled_from(keys), min_size=1, max_size=4))
        query = {key: data.draw(odd_values) for key in chosen}
        response = client.get(url, query)
        assert response.status_code in NOT_A_500, (url, query)

    fuzz()
    assert rows() == before


@pytest.mark.parametrize("role", STAFF)
def test_admin_add_forms_refuse_odd_related_ids_and_write_nothing(
    world, add_forms, role
):
    entries = add_forms[role]
    if not entries:
        pytest.skip(f"{role} opens no add form")
    client = client_of(world, role)

    @fuzz_settings(max_examples=6)
    @given(data=st.data())
    def fuzz(data):
        counted(f"formulaires admin ({role})")
        url, related, other = data.draw(st.sampled_from(entries))
        odd = data.draw(st.sampled_from(ODD[:7]))
        post = {**other, **dict.fromkeys(related, odd)}
        post.pop("csrfmiddlewaretoken", None)
        before = rows()
        response = client.post(url, post)
        assert response.status_code in (200, 400, 403, 404), (url, odd)
        assert rows() == before, (url, odd)

    fuzz()


@pytest.mark.parametrize("role", STAFF)
def test_admin_edit_forms_refuse_odd_related_ids_and_write_nothing(
    world, edit_forms, role
):
    entries = edit_forms[role]
    if not entries:
        pytest.skip(f"{role} opens no edit form with related fields")
    client = client_of(world, role)

    @fuzz_settings(max_examples=6)
    @given(data=st.data())
    def fuzz(data):
        counted(f"formulaires d’édition admin ({role})")
        url, related, real = data.draw(st.sampled_from(entries))
        chosen = data.draw(st.lists(st.sampled_from(related), min_size=1, max_size=3))
        odd = data.draw(st.sampled_from(ODD[:7]))
        post = {**real, **dict.fromkeys(chosen, odd)}
        before = rows()
        response = client.post(url, post)
        assert response.status_code in (200, 400, 403, 404), (url, chosen, odd)
        assert rows() == before, (url, chosen, odd)

    fuzz()
