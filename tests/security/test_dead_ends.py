"""No dead ends: what the admin offers a role, the role may open.

Each staff role of the permission matrix's world (``world.py``: communication,
moderator, the referent of one department, the referent of another, producer,
national administrator) signs in and follows every link of its dashboard and of
its sidebar menu (read from the menu's JSON props), then, on each page the menu
leads to (listings, reports, forms), every admin link it shows: row links, header
buttons, filters, exports, and its bulk actions with the page's rows selected. Any
refusal (a 403, Wagtail's redirect to the dashboard, a "Désolé, vous n'avez pas…"
page, a bulk action the user may do on none of the rows, row checkboxes with no
bulk action to use them for), any 404 and any 500 fails.

Links of one shape (the same path with other numbers, the same query keys) are
followed twice at most per role, so the crawl stays small.
"""

import json
import os
import re
from collections import Counter
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import pytest

from django.test import Client

from .world import STAFF

pytestmark = pytest.mark.django_db

# Refusals as the admin words them (Wagtail's French, and ours).
REFUSAL_TEXTS = (
    "Désolé, vous n",
    "Accès refusé",
    "pas l’autorisation",
    "pas l'autorisation",
    "pas la permission",
    "pas les autorisations",
)
# Links not to follow: they end the session, or leave the admin.
SKIPPED = re.compile(r"/logout/|^/admin/login/")
PER_SHAPE = 2
BULK_CONFIRMATION = re.compile(r'<form action="[^"]*" method="POST">')
SIDEBAR_PROPS = re.compile(
    r'<script id="wagtail-sidebar-props" type="application/json">(.*?)</script>',
    re.S,
)


class Links(HTMLParser):
    """The admin links of a page, its bulk action links and its rows' ids."""

    def __init__(self):
        super().__init__()
        self.links, self.bulk_links, self.row_ids = [], [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            if "data-bulk-action-button" in attrs:
                self.bulk_links.append(attrs["href"])
            else:
                self.links.append(attrs["href"])
        elif tag == "input" and attrs.get("data-object-id"):
            self.row_ids.append(attrs["data-object-id"])


def parse(url, html):
    parser = Links()
    parser.feed(html)
    links = [urljoin(url, href) for href in parser.links]
    if parser.row_ids:
        for href in parser.bulk_links:
            bulk = urlsplit(urljoin(url, href))
            query = parse_qsl(bulk.query) + [("id", pk) for pk in parser.row_ids]
            links.append(f"{bulk.path}?{urlencode(query)}")
    return [link for link in links if admin_path(link)]


def admin_path(link):
    parts = urlsplit(link)
    if parts.scheme and parts.scheme not in ("http", "https"):
        return False
    if parts.netloc and parts.netloc not in ("testserver", "localhost"):
        return False
    return parts.path.startswith("/admin/") and not SKIPPED.search(parts.path)


def relative(link):
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}" if parts.query else parts.path


def shape(link):
    parts = urlsplit(link)
    keys = sorted({key for key, _value in parse_qsl(parts.query)} - {"next"})
    return re.sub(r"\d+", "N", parts.path) + "?" + "&".join(keys)


def menu_urls(html):
    """The URLs of the sidebar menu (Wagtail renders it as JSON props)."""
    match = SIDEBAR_PROPS.search(html)
    assert match, "no sidebar menu on the dashboard"
    urls = []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "url" and isinstance(value, str):
                    urls.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(json.loads(match.group(1)))
    return [url for url in urls if admin_path(url)]


def visit(client, link):
    """(problem or None, html or None) for a GET of ``link``, redirects followed."""
    url = relative(link)
    for _hop in range(5):
        response = client.get(url)
        if response.status_code not in (301, 302, 303):
            break
        location = urlsplit(response["Location"]).path
        if location == "/admin/":
            return "refused (sent back to the dashboard)", None
        if not location.startswith("/admin/"):
            return None, None
        url = relative(urljoin(url, response["Location"]))
    code = response.status_code
    if code != 200:
        return f"answered {code}", None
    if "text/html" not in response.get("Content-Type", ""):
        return None, None
    html = response.content.decode()
    if urlsplit(url).path.startswith("/admin/bulk/"):
        # A bulk action asked for every row of the page: a dead end when the user
        # may do it on none of them (no confirmation form, only "Go back").
        if not BULK_CONFIRMATION.search(html):
            return "a bulk action allowed on none of the rows", None
        return None, None
    main = html.split("</aside>", 1)[-1]
    refusal = next((text for text in REFUSAL_TEXTS if text in main), None)
    if refusal:
        return f"shows a refusal ({refusal!r})", None
    if 'class="bulk-action-checkbox"' in main and "data-bulk-action-button" not in main:
        return "row checkboxes without any bulk action", None
    return None, html


def crawl(user):
    client = Client(raise_request_exception=False)
    client.force_login(user)
    problems, seen, shapes = [], set(), Counter()

    def follow(link, origin):
        key = relative(link)
        if key in seen or shapes[shape(link)] >= PER_SHAPE:
            return None
        seen.add(key)
        shapes[shape(link)] += 1
        problem, html = visit(client, link)
        if problem:
            problems.append(f"{key} (from {origin}): {problem}")
        return html

    dashboard = client.get("/admin/")
    assert dashboard.status_code == 200
    html = dashboard.content.decode()
    seen.add("/admin/")
    for link in parse("/admin/", html):
        follow(link, "dashboard")
    for url in menu_urls(html):
        page = follow(url, "menu")
        if page is None:
            continue
        for link in parse(url, page):
            follow(link, url)
    return problems, sorted(seen)


@pytest.mark.parametrize("role", STAFF)
def test_every_link_offered_to_a_role_opens(world, role):
    problems, visited = crawl(world.users[role])
    if os.environ.get("QUARTIERS_DEAD_END_REPORT"):
        with open(os.environ["QUARTIERS_DEAD_END_REPORT"], "a") as report:
            report.write(f"== {role}: {len(visited)} links\n")
            report.write("\n".join([*visited, *problems, ""]))
    assert not problems, f"{role}: {len(problems)} dead ends:\n" + "\n".join(problems)
