"""PAQTE mobilisation days: the four of 2018, upcoming and past, iCal feed."""

import datetime

import pytest

from partners.ical import build_calendar
from partners.models import MobilisationDayIndexPage, MobilisationDayPage

from .factories import ConventionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def index():
    return MobilisationDayIndexPage.objects.get()


def add_day(index, city, date, **fields):
    day = MobilisationDayPage(
        title=f"Journée PAQTE à {city}",
        slug=f"journee-{city.lower()}",
        city=city,
        date=date,
        **fields,
    )
    index.add_child(instance=day)
    day.save_revision().publish()
    return day


def test_the_four_days_of_2018_exist_with_no_invented_detail(index):
    days = {day.city: day for day in MobilisationDayPage.objects.child_of(index)}
    assert set(days) == {"Marseille", "Nantes", "Lyon", "Amiens"}
    for day in days.values():
        assert day.live
        assert day.year == 2018
        assert day.date is None
        assert day.venue == ""
        assert day.organisers == ""
        assert not day.programme
        assert not day.report
        assert not day.photos


def test_a_2018_day_shows_what_is_known_without_editors_notes(client):
    html = client.get("/paqte/journees/nantes-2018/").content.decode()
    assert "<dt>Date</dt><dd>2018</dd>" in html
    assert "<dt>Lieu</dt>" not in html
    assert "à préciser" not in html and "rédacteurs" not in html
    assert "Le programme et le compte rendu de cette journée seront publiés ici" in html
    assert "Quatre d’entre elles se sont tenues en 2018" in html


def test_days_are_split_into_upcoming_and_past(client, index):
    future = datetime.date.today() + datetime.timedelta(days=30)
    add_day(index, "Roubaix", future, venue="Salle de test")
    response = client.get("/paqte/journees/")
    assert [d.city for d in response.context["upcoming"]] == ["Roubaix"]
    assert {d.city for d in response.context["past"]} == {
        "Marseille",
        "Nantes",
        "Lyon",
        "Amiens",
    }


def test_a_day_lists_the_conventions_signed_there(client, index):
    day = add_day(index, "Dijon", datetime.date(2019, 5, 2))
    ConventionFactory(company__name="Signataire du jour", mobilisation_day=day)
    ConventionFactory(
        company__name="Encore en préparation",
        mobilisation_day=day,
        status="preparation",
    )
    html = client.get(day.url).content.decode()
    assert "Signataire du jour" in html
    assert "Encore en préparation" not in html


def test_ical_feed_lists_upcoming_dated_days(client, index):
    future = datetime.date.today() + datetime.timedelta(days=10)
    add_day(
        index,
        "Lille",
        future,
        venue="Hôtel de région; salle A, niveau 2",
        summary="Rencontre des entreprises signataires, des clubs et des associations "
        "du département autour des quatre axes du PAQTE.",
    )
    add_day(index, "Reims", datetime.date(2019, 1, 10))
    response = client.get("/paqte/journees/ical/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    assert body.endswith("END:VCALENDAR\r\n")
    assert body.count("BEGIN:VEVENT") == 1
    assert f"DTSTART;VALUE=DATE:{future:%Y%m%d}\r\n" in body
    assert "LOCATION:Hôtel de région\\; salle A\\, niveau 2" in body
    assert "Reims" not in body
    assert "\n" not in body.replace("\r\n", "")
    for line in body.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75


def test_ical_escaping_and_folding(rf, index):
    # Escaping and folding are the icalendar library's: checked on the feed.
    day = add_day(index, "Lille", datetime.date(2030, 1, 10), summary="a;b,c\\d\ne")
    day.title = "é" * 60
    body = build_calendar([day], rf.get("/"), "Journées")
    assert "DESCRIPTION:a\\;b\\,c\\\\d\\ne\r\n" in body
    all_lines = body.split("\r\n")
    first = next(i for i, line in enumerate(all_lines) if line.startswith("SUMMARY:"))
    end = first + 1
    while all_lines[end].startswith(" "):
        end += 1
    lines = all_lines[first:end]
    assert len(lines) > 1
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    assert all(line.startswith(" ") for line in lines[1:])
    assert "".join(line[1:] if i else line for i, line in enumerate(lines)) == (
        "SUMMARY:" + "é" * 60
    )


def test_ical_of_no_day_is_a_valid_empty_calendar(rf, index):
    body = build_calendar([], rf.get("/"), "Journées")
    assert body == (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "PRODID:-//Quartiers//Journees de mobilisation PAQTE//FR\r\n"
        "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nX-WR-CALNAME:Journées\r\n"
        "END:VCALENDAR\r\n"
    )


def test_draft_days_stay_hidden(client, index):
    day = MobilisationDayPage(
        title="Journée en projet", slug="en-projet", city="Brest", live=False
    )
    index.add_child(instance=day)
    assert client.get("/paqte/journees/en-projet/").status_code == 404
    assert "Journée en projet" not in client.get("/paqte/journees/").content.decode()
