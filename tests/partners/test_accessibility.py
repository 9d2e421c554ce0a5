"""Public PAQTE pages: headings in order, one h1, every form field labelled."""

import re
from html.parser import HTMLParser

import pytest

from .factories import ConventionFactory, axis

pytestmark = pytest.mark.django_db

URLS = [
    "/paqte/",
    "/paqte/journees/",
    "/paqte/journees/lyon-2018/",
    "/reseau/",
    "/reseau/?size=geante",
    "/reseau/crepi/",
]


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.fields, self.labels = [], [], set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
        ):
            self.fields.append(attrs.get("id"))
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])


@pytest.mark.parametrize("url", URLS)
def test_headings_are_in_order_and_fields_labelled(client, url):
    ConventionFactory(axes=[axis("former")])
    outline = Outline()
    outline.feed(client.get(url).content.decode())
    assert outline.headings.count(1) == 1
    assert outline.headings[0] == 1
    for previous, current in zip(outline.headings, outline.headings[1:], strict=False):
        assert current <= previous + 1, outline.headings
    assert all(field in outline.labels for field in outline.fields), outline.fields
