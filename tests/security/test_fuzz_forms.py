"""Fuzzing of every public form and query string: sign-up, logins, password
reset, practice submission (text, rich text, files), search, autocomplete,
filters of the listings, iCal, feeds, exports and the open data API. Never a 500;
a refused form writes nothing (rows counted before and after)."""

import io
from urllib.parse import quote, urljoin, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from measures.models import Territory
from partners.models import Axis, PartnerProfile

from .fuzzing import counted, fuzz_settings, hostile_text, huge_text, printable
from .world import PASSWORD, make_partner

pytestmark = pytest.mark.django_db

User = get_user_model()


def rows():
    return (
        User.objects.count(),
        PartnerProfile.objects.count(),
        Page.objects.count(),
        get_image_model().objects.count(),
        get_document_model().objects.count(),
    )


def fresh_client():
    cache.clear()  # rate limits would otherwise hide the form's own checks
    return Client(raise_request_exception=False)


form_text = st.one_of(hostile_text, huge_text, printable, st.just(""))
emails = st.one_of(
    st.emails(),
    hostile_text,
    st.sampled_from(
        ["a@b", "x@exemple.fr", "partenaire-1@example.org", "@", "a@@b.fr", "é@ü.fr"]
    ),
)


@fuzz_settings(max_examples=25)
@given(
    name=form_text,
    organisation=form_text,
    email=emails,
    password=st.one_of(form_text, st.just("mot-de-passe-tres-solide-2026")),
    website=st.one_of(st.just(""), hostile_text),
)
def test_sign_up_never_fails_and_a_refused_form_creates_nothing(
    name, organisation, email, password, website
):
    counted("inscription")
    before = rows()
    response = fresh_client().post(
        reverse("partners_signup"),
        {
            "name": name,
            "organisation": organisation,
            "email": email,
            "password": password,
            "website": website,
        },
    )
    assert response.status_code in (200, 302)
    if response.status_code == 200 or website:
        assert rows() == before
    else:
        assert rows()[:2] == (before[0] + 1, before[1] + 1)


@fuzz_settings(max_examples=25)
@given(
    login=st.sampled_from(["/mon-espace/connexion/", "/admin/login/"]),
    username=st.one_of(form_text, st.just("partenaire-fuzz")),
    password=st.one_of(form_text, st.just(PASSWORD)),
    next_url=st.one_of(
        st.just(""),
        st.sampled_from(
            ["//exemple.invalid", "https://exemple.invalid/", "/admin/", "javascript:x"]
        ),
        hostile_text,
    ),
)
def test_logins_never_fail_and_never_redirect_elsewhere(
    partner_user, login, username, password, next_url
):
    counted("connexion")
    response = fresh_client().post(
        login, {"username": username, "password": password, "next": next_url}
    )
    assert response.status_code in (200, 302)
    if response.status_code == 302:  # to this site only, never elsewhere
        target = urlsplit(urljoin(f"http://testserver{login}", response["Location"]))
        assert target.netloc == "testserver", response["Location"]


@pytest.fixture
def partner_user(db):
    return make_partner("partenaire-fuzz", "Association de test")


@fuzz_settings(max_examples=12)
@given(email=emails)
def test_password_reset_never_fails(email):
    counted("mot de passe oublié")
    before = rows()
    response = fresh_client().post(reverse("partners_password_reset"), {"email": email})
    assert response.status_code in (200, 302)
    assert rows() == before


@fuzz_settings(max_examples=15)
@given(
    uid=st.one_of(printable, st.just("MQ")),
    token=st.one_of(printable, st.just("set-password")),
    signup_token=printable,
)
def test_links_from_emails_never_fail(uid, token, signup_token):
    counted("liens des courriels")
    client = fresh_client()
    uid, token, signup_token = (
        quote(value, safe="") or "x" for value in (uid, token, signup_token)
    )
    for path in (
        f"/mon-espace/mot-de-passe/{uid}/{token}/",
        f"/admin/password_reset/confirm/{uid}/{token}/",
        f"/mon-espace/confirmer/{signup_token}/",
    ):
        response = client.get(path)
        assert response.status_code < 500, path


# --- practice submission -------------------------------------------------------------


def png(size=(4, 4)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


FILES = {
    "png": png(),
    "pdf": b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    "pdf-js": b"%PDF-1.4\n1 0 obj<</S/JavaScript/JS(app.alert(1))>>endobj\n%%EOF\n",
    "html-as-png": b"<html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "empty": b"",
    "zip": b"PK\x03\x04" + b"\0" * 40,
    "truncated-png": png()[:30],
    "exe": b"MZ\x90\x00" + b"\0" * 60,
}
file_names = st.one_of(
    st.sampled_from(
        [
            "photo.png",
            "photo.PNG",
            "bilan.pdf",
            "../../etc/passwd.png",
            "photo.png.exe",
            "photo.php",
            ".htaccess",
            "é" * 200 + ".pdf",
            "a\u202egnp.exe",
        ]
    ),
    printable.map(lambda t: (t or "x") + ".png"),
)
uploads = st.lists(
    st.tuples(st.sampled_from(sorted(FILES)), file_names).map(
        lambda pair: SimpleUploadedFile(
            pair[1][:250] or "x",
            FILES[pair[0]],
            content_type="application/octet-stream",
        )
    ),
    max_size=4,
)
rich_text = st.one_of(
    form_text,
    st.sampled_from(
        [
            "<p>Texte <b>gras</b> et <a href='https://exemple.fr'>lien</a></p>",
            "<script>alert(1)</script><p>x</p>",
            "<a href='javascript:alert(1)'>clic</a>",
            "<img src=x onerror=alert(1)>",
            "<p><p><p><ul><li>" * 50,
            "<svg><script>alert(1)</script></svg>",
            "&lt;&#x3C;&#60;script&gt;",
            '<a href="data:text/html,<script>alert(1)</script>">x</a>',
        ]
    ),
)


@fuzz_settings(max_examples=20)
@given(
    title=form_text,
    summary=form_text,
    description=rich_text,
    department=st.one_of(st.none(), st.integers(-5, 10**12), hostile_text),
    qpv=st.one_of(st.just(""), hostile_text, st.integers(-1, 10**6)),
    axes=st.lists(st.one_of(st.integers(-1, 10**6), hostile_text), max_size=3),
    organisation_type=st.one_of(st.just("association"), hostile_text),
    contact_email=emails,
    images=uploads,
    pdfs=uploads,
    submit=st.booleans(),
    website=st.one_of(st.just(""), st.just("http://robot.example")),
)
def test_practice_submission_never_fails_and_a_refused_one_writes_nothing(
    partner_user,
    title,
    summary,
    description,
    department,
    qpv,
    axes,
    organisation_type,
    contact_email,
    images,
    pdfs,
    submit,
    website,
):
    counted("proposition de bonne pratique")
    valid_department = Territory.objects.get(kind="department", code="31").pk
    client = fresh_client()
    client.force_login(partner_user)
    data = {
        "title": title,
        "summary": summary,
        "description": description,
        "department": valid_department if department is None else department,
        "qpv": qpv,
        "axes": axes or [Axis.objects.order_by("number").first().pk],
        "organisation": "Association de test",
        "organisation_type": organisation_type,
        "contact_name": "Camille",
        "contact_email": contact_email,
        "website": website,
        "images": images,
        "pdfs": pdfs,
    }
    if submit:
        data["submit"] = "1"
    before = rows()
    response = client.post(reverse("partners_propose"), data)
    assert response.status_code in (302, 400, 403)
    if response.status_code != 302:
        assert rows() == before
    else:
        assert rows()[2] == before[2] + 1


# --- query strings of the public pages --------------------------------------------

PARAMETERS = {
    "/recherche/": ["q", "type", "programme", "departement", "page"],
    "/recherche/suggestions/": ["q"],
    "/feuille-de-route/": ["programme", "status", "ministry", "page"],
    "/reseau/": ["kind", "department", "axis", "size", "club", "q", "page"],
    "/reseau/telecharger/csv/": ["kind", "department", "axis", "size", "club", "q"],
    "/bonnes-pratiques/": [
        "department",
        "axis",
        "programme",
        "organisation_type",
        "page",
    ],
    "/actualites/": ["page"],
    "/actualites/rss/": ["page"],
    "/paqte/journees/": ["page", "annee"],
    "/paqte/journees/ical/": ["page"],
    "/territoires/": ["region", "page", "measure"],
    "/territoires/renovation/": ["departement", "statut", "page"],
    "/api/v2/pages/": [
        "type",
        "fields",
        "limit",
        "offset",
        "order",
        "search",
        "child_of",
        "slug",
    ],
    "/api/v2/images/": ["limit", "offset", "search", "fields"],
    "/sitemap.xml": ["p"],
}
query_values = st.one_of(
    hostile_text,
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(
        [
            "0",
            "-1",
            "1",
            "2",
            "*",
            "-id",
            "title",
            "x" * 3000,
            "31",
            "emploi",
            "\x00",
            "%",
            "'",
            "\\",
            "a:b",
            "NEAR",
            '"emploi',
            "emploi*",
        ]
    ),
)


@fuzz_settings(max_examples=90)
@given(
    path=st.sampled_from(sorted(PARAMETERS)),
    data=st.data(),
)
def test_query_strings_never_make_a_public_page_fail(client, path, data):
    counted("paramètres d’URL publics")
    names = data.draw(st.lists(st.sampled_from(PARAMETERS[path]), max_size=4))
    params = {name: data.draw(query_values) for name in names}
    response = client.get(path, params)
    assert response.status_code < 500, (path, params)


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/reseau/", {"department": "9223372036854775808"}),
        ("/reseau/telecharger/csv/", {"club": "1" * 40}),
        ("/bonnes-pratiques/", {"axis": "99999999999999999999", "programme": "-1"}),
        ("/feuille-de-route/", {"ministry": "１２"}),
        ("/recherche/suggestions/", {"q": '=HYPERLINK("http://exemple.invalid")'}),
        ("/recherche/suggestions/", {"q": '"emploi'}),
    ],
)
def test_inputs_that_once_made_a_page_fail(client, path, params):
    """Found by the fuzzing above: ids too large for the database, and quotes that
    broke the search engine's query syntax (SQLite FTS5) in the suggestions."""
    response = client.get(path, params)
    assert response.status_code == 200
