"""Allow-list HTML sanitiser for the rich text that partners type.

Only a few tags survive (paragraphs, emphasis, lists, links to http(s) or mailto);
every attribute other than a link's ``href`` goes; the content of ``script`` and
``style`` is dropped; everything else is escaped text.
"""

from html import escape
from html.parser import HTMLParser

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a"}
VOID_TAGS = {"br"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "svg"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
RENAME = {"strong": "b", "em": "i"}


class _Sanitiser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = []
        self.open = []
        self.dropping = 0

    def handle_starttag(self, tag, attrs):
        if tag in DROP_CONTENT:
            self.dropping += 1
            return
        if self.dropping or tag not in ALLOWED_TAGS:
            return
        tag = RENAME.get(tag, tag)
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            compact = "".join(href.split()).lower()
            if not compact.startswith(SAFE_SCHEMES):
                self.open.append(None)
                return
            self.out.append(f'<a href="{escape(href, quote=True)}">')
        else:
            self.out.append(f"<{tag}>")
        if tag not in VOID_TAGS:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in ALLOWED_TAGS and tag in VOID_TAGS and not self.dropping:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag):
        if tag in DROP_CONTENT:
            self.dropping = max(0, self.dropping - 1)
            return
        if self.dropping or tag not in ALLOWED_TAGS or tag in VOID_TAGS:
            return
        tag = RENAME.get(tag, tag)
        if tag in self.open or (tag == "a" and None in self.open):
            while self.open:
                current = self.open.pop()
                if current is not None:
                    self.out.append(f"</{current}>")
                if current == tag or (tag == "a" and current is None):
                    break

    def handle_data(self, data):
        if not self.dropping:
            self.out.append(escape(data, quote=False))

    def result(self):
        self.close()
        while self.open:
            current = self.open.pop()
            if current is not None:
                self.out.append(f"</{current}>")
        return "".join(self.out)


def sanitise_html(value):
    parser = _Sanitiser()
    parser.feed(value or "")
    return parser.result()


BLOCK_STARTS = ("<p>", "<ul>", "<ol>", "<li>", "</ul>", "</ol>", "</li>")


def rich_text_from_plain(value):
    """Clean partner input and keep its paragraphs as typed.

    Each line of the text (one line break or several, ``\r\n`` or ``\n``) becomes
    a ``<p>``, except lines that already hold a paragraph or a list. The result is
    sanitised again, so a tag left open across a line break is closed inside its
    paragraph: the output stays well formed and holds only the allowed tags.
    """
    cleaned = sanitise_html(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        return ""
    parts = []
    for line in cleaned.split("\n"):
        line = line.strip()
        if not line:
            continue
        parts.append(line if line.startswith(BLOCK_STARTS) else f"<p>{line}</p>")
    return sanitise_html("".join(parts))
