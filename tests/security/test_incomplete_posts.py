"""A POST lacking a key its view reads: 400 with a clear message, nothing written.

The real form of each view is read from its page (every field with its value, as
a browser would send it), then sent without one key: a StreamField's ``-count``
(which Wagtail reads with ``request.POST[...]``) or any other field. The answer is
a 400 saying the form is incomplete, or the form again with its errors; never a
500, and the rows and revisions are unchanged.
"""

from html.parser import HTMLParser

import pytest

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from wagtail.models import Page, Revision

from cms.middleware import IncompleteFormMiddleware
from measures.models import Indicator

pytestmark = pytest.mark.django_db

MESSAGE = "Le formulaire envoyé est incomplet"


class FormData(HTMLParser):
    """What a browser sends for the page's main POST form (the last one)."""

    def __init__(self):
        super().__init__()
        self.data, self.select, self.textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") not in ("checkbox", "radio") or "checked" in attrs:
                self.data[name] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self.textarea, self.data[name] = name, ""
        elif tag == "select" and name:
            self.select = name
        elif (
            tag == "option"
            and self.select
            and ("selected" in attrs or self.select not in self.data)
        ):
            self.data[self.select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea] += data


def form_data(client, url, streams=()):
    """The form's data; a StreamField's count is written by the admin's script
    (the stream's blocks are in a JSON attribute), here an empty stream."""
    return form_data_of(client.get(url).content.decode(), streams)


def form_data_of(html, streams=()):
    parser = FormData()
    parser.feed(html)
    parser.data.pop("csrfmiddlewaretoken", None)
    return {**parser.data, **{f"{name}-count": "0" for name in streams}}


def rows():
    return (Page.objects.count(), Revision.objects.count(), Indicator.objects.count())


@pytest.fixture
def admin_client(world):
    client = Client(raise_request_exception=False)
    client.force_login(
        get_user_model().objects.create_superuser("incomplet", "i@exemple.fr", "x")
    )
    return client


def admin_forms(world):
    standard = world.standard
    return {
        "édition de page": reverse("wagtailadmin_pages:edit", args=[standard.pk]),
        "création de page": reverse(
            "wagtailadmin_pages:add",
            args=["home", "standardpage", standard.get_parent().pk],
        ),
        "édition d’extrait": reverse(
            "wagtailsnippets_measures_indicator:edit", args=[world.indicator.pk]
        ),
    }


@pytest.mark.parametrize(
    "form", ["édition de page", "création de page", "édition d’extrait"]
)
def test_an_admin_form_without_one_of_its_keys_writes_nothing(
    world, admin_client, form
):
    url = admin_forms(world)[form]
    streams = () if form == "édition d’extrait" else ("body",)
    data = form_data(admin_client, url, streams)
    assert data, url
    counts = [key for key in data if key.endswith("-count")]
    if form != "édition d’extrait":
        assert "body-count" in counts
    before, refused = rows(), 0
    for key in sorted(data):
        sent = {k: v for k, v in data.items() if k != key}
        response = admin_client.post(url, sent)
        assert response.status_code in (200, 302, 400), (key, response.status_code)
        if response.status_code == 400:
            refused += 1
            assert MESSAGE in response.content.decode()
        if response.status_code != 302:
            assert rows() == before, key
        before = rows()
    if counts:
        assert refused >= 1


def test_the_page_editor_without_its_stream_count_answers_400(world, admin_client):
    url = admin_forms(world)["édition de page"]
    data = form_data(admin_client, url, ("body",))
    del data["body-count"]
    before = rows()
    response = admin_client.post(url, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert "« body-count » manque ; rechargez la page et recommencez." in content
    assert "w-h1" in content  # the admin's own layout
    assert rows() == before


def test_a_public_form_without_one_of_its_keys_writes_nothing(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["partner"])
    url = reverse("partners_propose")
    data = form_data(client, url)
    assert "title" in data or len(data) > 3
    before = rows()
    for key in sorted(data):
        sent = {k: v for k, v in data.items() if k != key}
        caches["default"].clear()  # the proposals' rate limit
        response = client.post(url, sent)
        assert response.status_code in (200, 400), key
        assert rows() == before, key


def test_the_public_site_answers_with_its_own_layout():
    def view(request):
        Indicator.objects.all().delete()  # rolled back
        return HttpResponse(request.POST["absent"])

    count = Indicator.objects.count()
    request = RequestFactory().post("/bonnes-pratiques/proposer/", {"autre": "1"})
    middleware = IncompleteFormMiddleware(lambda request: None)
    response = middleware.process_view(request, view, (), {})
    response.render()
    assert response.status_code == 400
    content = response.content.decode()
    assert MESSAGE in content and "« absent » manque" in content
    assert "fr-container" in content
    assert Indicator.objects.count() == count


def test_only_a_missing_key_on_post_is_caught():
    def view(request):
        raise KeyError("autre")

    request = RequestFactory().post("/", {})
    with pytest.raises(KeyError):
        IncompleteFormMiddleware(lambda r: None).process_view(request, view, (), {})
    get = RequestFactory().get("/")
    assert (
        IncompleteFormMiddleware(lambda r: None).process_view(get, view, (), {}) is None
    )


@pytest.mark.parametrize("forged", ["0", "abc", "[]"])
def test_a_forged_rich_text_answers_400(world, admin_client, forged):
    """Draftail sends a JSON object; anything else is refused, not a 500."""
    url = reverse("wagtailadmin_pages:edit", args=[world.contract_a.pk])
    data = form_data(admin_client, url)
    rich = [key for key, value in data.items() if value.startswith("{")]
    assert rich, url
    before = rows()
    response = admin_client.post(url, {**data, rich[0]: forged})
    assert response.status_code == 400
    assert rows() == before
