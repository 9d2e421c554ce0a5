"""An iCalendar (RFC 5545) feed of mobilisation days, written by hand.

Lines end with CRLF, text values are escaped (backslash, semicolon, comma,
newline) and lines longer than 75 octets are folded (CRLF + one space) without
cutting a UTF-8 character.
"""

import datetime

from django.http import HttpResponse
from django.utils import timezone

PRODID = "-//Quartiers//Journees de mobilisation PAQTE//FR"


def escape_text(value):
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )


def fold(line, limit=75):
    """Split ``line`` into chunks of at most ``limit`` octets (continuations: 74)."""
    chunks, current, size = [], "", 0
    budget = limit
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > budget:
            chunks.append(current)
            current, size, budget = "", 0, limit - 1
        current += char
        size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def content_line(name, value, escape=True):
    return fold(f"{name}:{escape_text(value) if escape else value}")


def build_calendar(days, request, name):
    stamp = timezone.now().astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")
    host = request.get_host().split(":")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        content_line("PRODID", PRODID, escape=False),
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        content_line("X-WR-CALNAME", name),
    ]
    for day in days:
        location = ", ".join(part for part in (day.venue, day.city) if part)
        lines += [
            "BEGIN:VEVENT",
            content_line("UID", f"journee-paqte-{day.pk}@{host}", escape=False),
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{day.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day.date + datetime.timedelta(days=1):%Y%m%d}",
            content_line("SUMMARY", day.title),
        ]
        if location:
            lines.append(content_line("LOCATION", location))
        if day.summary:
            lines.append(content_line("DESCRIPTION", day.summary))
        lines.append(
            content_line(
                "URL", request.build_absolute_uri(day.get_url(request)), escape=False
            )
        )
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def calendar_response(request, index_page, days):
    body = build_calendar(days, request, index_page.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="journees-paqte.ics"'
    return response
