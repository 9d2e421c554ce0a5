"""The iCalendar (RFC 5545) feed of mobilisation days, written by ``icalendar``.

A mobilisation day is a whole day (``DTSTART;VALUE=DATE``, ``DTEND`` the next day),
so it needs no time zone; the stamp is UTC. The library escapes text values and
folds long lines (75 octets, never inside a UTF-8 character).
"""

import datetime

from icalendar import Calendar, Event

from django.http import HttpResponse
from django.utils import timezone

PRODID = "-//Quartiers//Journees de mobilisation PAQTE//FR"


def build_calendar(days, request, name):
    calendar = Calendar()
    calendar.add("version", "2.0")
    calendar.add("prodid", PRODID)
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    host = request.get_host().split(":")[0]
    for day in days:
        event = Event()
        event.add("uid", f"journee-paqte-{day.pk}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day.date)
        event.add("dtend", day.date + datetime.timedelta(days=1))
        event.add("summary", day.title)
        location = ", ".join(part for part in (day.venue, day.city) if part)
        if location:
            event.add("location", location)
        if day.summary:
            event.add("description", day.summary)
        event.add("url", request.build_absolute_uri(day.get_url(request)))
        calendar.add_component(event)
    return calendar.to_ical().decode("utf-8")


def calendar_response(request, index_page, days):
    body = build_calendar(days, request, index_page.title)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="journees-paqte.ics"'
    return response
