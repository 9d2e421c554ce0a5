"""Allow-list HTML sanitiser for the rich text that partners type, on ``nh3``
(the Rust ``ammonia`` sanitiser, an HTML5 parser).

Only a few tags survive (paragraphs, emphasis, lists, links to http(s) or mailto);
every attribute other than a link's ``href`` goes; the content of ``script``,
``style`` and other active elements is dropped; everything else is escaped text.
``strong`` and ``em`` are written ``b`` and ``i`` as the rich text editor does.
"""

import re

import nh3

ALLOWED_TAGS = {"p", "br", "b", "strong", "i", "em", "ul", "ol", "li", "a"}
DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "svg"}
SAFE_SCHEMES = ("http://", "https://", "mailto:")
RENAME = {"<strong>": "<b>", "</strong>": "</b>", "<em>": "<i>", "</em>": "</i>"}
# A link whose address was refused keeps its text only. nh3 writes it ``<a>``;
# links never nest in HTML, so the first ``</a>`` closes it.
BARE_LINK = re.compile(r"<a>(.*?)</a>", re.S)


def _safe_href(tag, attribute, value):
    if tag == "a" and attribute == "href":
        compact = "".join(value.split()).lower()
        return value.strip() if compact.startswith(SAFE_SCHEMES) else None
    return value


def sanitise_html(value):
    # nh3 reads UTF-8: a lone surrogate (never sent by a browser) becomes « ? ».
    text = (value or "").encode("utf-8", "replace").decode("utf-8")
    cleaned = nh3.clean(
        text,
        tags=ALLOWED_TAGS,
        clean_content_tags=DROP_CONTENT,
        attributes={"a": {"href"}},
        attribute_filter=_safe_href,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
    )
    for old, new in RENAME.items():  # tags without attributes: exact strings
        cleaned = cleaned.replace(old, new)
    # The HTML5 serialiser writes the no-break space of French typography as an
    # entity: keep the character, as typed.
    cleaned = cleaned.replace("&nbsp;", "\u00a0")
    return BARE_LINK.sub(r"\1", cleaned)


BLOCK_STARTS = ("<p>", "<ul>", "<ol>", "<li>", "</ul>", "</ol>", "</li>")


def rich_text_from_plain(value):
    """Clean partner input and keep its paragraphs as typed.

    Each line of the text (one line break or several, ``\r\n`` or ``\n``) becomes
    a ``<p>``, except lines that already hold a paragraph or a list. A line made a
    paragraph is sanitised on its own, so a tag left open across a line break is
    closed inside its paragraph; the whole is sanitised again: the output stays
    well formed and holds only the allowed tags.
    """
    cleaned = sanitise_html(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not cleaned:
        return ""
    parts = []
    for line in cleaned.split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.startswith(BLOCK_STARTS):
            parts.append(line)
        else:
            parts.append(f"<p>{sanitise_html(line)}</p>")
    return sanitise_html("".join(parts))
