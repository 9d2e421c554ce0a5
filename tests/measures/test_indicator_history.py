"""Indicators are series: indicator-history.csv is loaded with each value's own
source, once, without touching what editors changed."""

import datetime
import re
from decimal import Decimal

import pytest

from django.core.management import call_command

from cms.templatetags.cms_tags import figure
from home import reference_pages as texts
from home.models import HomePage
from measures.models import (
    Indicator,
    IndicatorValue,
    MeasureIndicator,
    MeasurePage,
)
from measures.reference import (
    CIRCULAR_SOURCE,
    HISTORY_INDICATORS,
    measure_rows,
    read_csv,
)
from partners.models import Axis

pytestmark = pytest.mark.django_db

ZEPROS = (
    "https://territorial.zepros.fr/"
    "quartiers-prioritaires-le-gouvernement-satisfait-de-son-bilan--85625"
)
NEW_INDICATORS = {
    "DEDOUBLEMENT-ENFANTS-CUMUL",
    "CITES-EDUCATIVES",
    "FDR-MESURES-PART",
    "TESTS-DISCRIMINATION",
    "ENTREPRISES-PAQTE",
    "PAQTE-SENSIBILISER-JEUNES",
    "PAQTE-FORMER-JEUNES",
    "PAQTE-RECRUTER-SALARIES",
}


def value_of(code, date):
    return IndicatorValue.objects.get(
        indicator__code=code,
        territory__kind="national",
        date=datetime.date.fromisoformat(date),
    )


def snapshot():
    """Every value with what a visitor reads of it, and the indicators' links."""
    values = sorted(
        IndicatorValue.objects.values_list(
            "indicator__code",
            "territory__code",
            "date",
            "value",
            "approximation",
            "source",
            "source_url",
            "source_quote",
            "comment",
        )
    )
    indicators = sorted(
        Indicator.objects.values_list("code", "name", "unit", "periodicity")
    )
    links = sorted(MeasureIndicator.objects.values_list("page__id", "indicator__code"))
    axes = sorted(
        Axis.key_indicators.through.objects.values_list("axis_id", "indicator_id")
    )
    return values, indicators, links, axes


def test_the_history_creates_the_indicators_it_names_with_their_wording():
    created = Indicator.objects.filter(code__in=NEW_INDICATORS)
    assert set(created.values_list("code", flat=True)) == NEW_INDICATORS
    emplois = Indicator.objects.get(code="ENTREPRISES-PAQTE")
    assert emplois.name == "Entreprises signataires du PAQTE"
    assert emplois.unit == "entreprises"
    # What the sources do not give stays empty.
    assert set(created.values_list("periodicity", flat=True)) == {""}
    assert not created.exclude(national_target=None).exists()
    assert not created.exclude(producer=None).exists()


def test_new_indicators_follow_their_measure_or_their_paqte_axis():
    def codes_of(ref):
        page = MeasurePage.objects.get(reference=ref)
        return {link.indicator.code for link in page.measure_indicators.all()}

    assert "DEDOUBLEMENT-ENFANTS-CUMUL" in codes_of("E1")
    assert "CITES-EDUCATIVES" in codes_of("E3")
    assert "ENTREPRISES-PAQTE" in codes_of("J6")
    key_indicators = {
        axis.code: {i.code for i in axis.key_indicators.all()}
        for axis in Axis.objects.all()
    }
    assert key_indicators["sensibiliser"] == {"PAQTE-SENSIBILISER-JEUNES"}
    assert key_indicators["former"] == {"PAQTE-FORMER-JEUNES"}
    assert key_indicators["recruter"] == {"PAQTE-RECRUTER-SALARIES"}
    assert key_indicators["acheter"] == set()


def test_each_value_is_credited_to_its_own_source_and_words():
    emplois_francs = value_of("EMPLOIS-FRANCS", "2020-02-26")
    assert emplois_francs.value == Decimal("20000")
    assert emplois_francs.source_url == ZEPROS
    assert "26 février 2020" in emplois_francs.source
    assert emplois_francs.source_quote == (
        "emplois francs dont 20 000 contrats ont déjà été signés"
    )
    stages = value_of("STAGES3-OFFRES", "2019-06-13")
    assert stages.approximation == "more_than"
    assert "1 an après" in stages.source
    assert value_of("DEDOUBLEMENT-ENFANTS-CUMUL", "2020-02-26").approximation == (
        "more_than"
    )
    computed = value_of("FDR-MESURES-PART", "2019-01-22")
    assert computed.value == 65
    assert computed.source == CIRCULAR_SOURCE
    assert computed.comment == "Calculé : 26 mesures sur 40."


def test_the_14_new_rows_are_loaded_and_the_circulars_are_not_repeated():
    rows = read_csv("indicator-history.csv")
    assert len(rows) == 18
    for row in rows:
        code = HISTORY_INDICATORS[row["indicator"]]["code"]
        values = IndicatorValue.objects.filter(
            indicator__code=code, territory__kind="national", date=row["date"]
        )
        assert values.count() == 1, row
        assert values.get().value == Decimal(row["value"])
    for code in ("DEDOUBLEMENT-ELEVES", "STAGES3-OFFRES", "EMPLOIS-FRANCS"):
        circular = value_of(code, "2019-01-22")
        assert circular.source == CIRCULAR_SOURCE
        assert circular.source_url == ""
    assert (
        IndicatorValue.objects.filter(
            indicator__code="EMPLOIS-FRANCS", territory__kind="national"
        ).count()
        == 2
    )


def test_no_value_from_elsewhere_is_credited_to_the_circular():
    circular = IndicatorValue.objects.filter(source=CIRCULAR_SOURCE)
    assert set(circular.values_list("date", flat=True)) == {datetime.date(2019, 1, 22)}
    assert not circular.exclude(source_url="").exists()
    elsewhere = IndicatorValue.objects.exclude(source_url="")
    assert elsewhere.count() == 13
    assert not elsewhere.filter(source__icontains="circulaire").exists()


def test_loading_twice_changes_nothing():
    before = snapshot()
    call_command("load_reference_content", verbosity=0)
    assert snapshot() == before


def test_loading_keeps_a_value_and_a_link_that_editors_changed():
    value = value_of("EMPLOIS-FRANCS", "2020-02-26")
    value.value = Decimal("20500")
    value.source_quote = ""
    value.save()
    axis = Axis.objects.get(code="former")
    axis.key_indicators.clear()
    axis.save()
    call_command("load_reference_content", verbosity=0)
    value.refresh_from_db()
    assert value.value == Decimal("20500")
    assert value.source_quote == ""
    assert not Axis.objects.get(code="former").key_indicators.exists()


def test_an_existing_database_gets_the_history_without_losing_edits(home_page):
    """A database loaded before the history: the new indicators are created and
    attached to the live measures; texts still the old reference are updated, an
    editor's text is kept."""
    from django.utils.text import capfirst

    # The state before: no new indicator, no later value, the old texts.
    for ref in ("E1", "E3", "J6", "J1"):
        page = MeasurePage.objects.get(reference=ref)
        page.measure_indicators = [
            link
            for link in page.measure_indicators.all()
            if link.indicator.code not in NEW_INDICATORS
        ]
        facts = next(row["facts"] for row in measure_rows() if row["ref"] == ref)
        page.summary = capfirst(facts)
        if ref == "J1":
            page.summary = "Texte revu par la rédaction."
        page.save_revision().publish()
    Indicator.objects.filter(code__in=NEW_INDICATORS).delete()
    IndicatorValue.objects.exclude(source=CIRCULAR_SOURCE).delete()
    indicators = Indicator.objects.in_bulk(texts.FORMER_KEY_FIGURES, field_name="code")
    home_page.key_figures = [
        ("key_figure", {"indicator": indicators[code], "label": ""})
        for code in texts.FORMER_KEY_FIGURES
    ]
    home_page.save_revision().publish()

    call_command("load_reference_content", verbosity=0)

    assert Indicator.objects.filter(code__in=NEW_INDICATORS).count() == 8
    assert IndicatorValue.objects.exclude(source=CIRCULAR_SOURCE).count() == 13
    assert value_of("FDR-MESURES-PART", "2019-01-22").value == 65
    e1 = MeasurePage.objects.get(reference="E1")
    assert "DEDOUBLEMENT-ENFANTS-CUMUL" in {
        link.indicator.code for link in e1.measure_indicators.all()
    }
    assert not e1.has_unpublished_changes
    assert e1.summary == texts.MEASURE_SUMMARIES["E1"]
    assert MeasurePage.objects.get(reference="J1").summary == (
        "Texte revu par la rédaction."
    )
    home = HomePage.objects.get()
    assert [b.value["indicator"].code for b in home.key_figures] == texts.KEY_FIGURES


def test_the_home_keeps_the_key_figures_an_editor_chose(home_page):
    indicator = Indicator.objects.get(code="QPV-NOMBRE")
    home_page.key_figures = [("key_figure", {"indicator": indicator, "label": ""})]
    home_page.save_revision().publish()
    call_command("load_reference_content", verbosity=0)
    home = HomePage.objects.get()
    assert [b.value["indicator"].code for b in home.key_figures] == ["QPV-NOMBRE"]


def mentions(text, value):
    number = re.escape(figure(value))
    return re.search(rf"(?<![\d\u202f ]){number}(?![\d\u202f,])", text) is not None


def test_no_measure_summary_restates_a_figure_its_indicators_hold():
    for page in MeasurePage.objects.live().prefetch_related(
        "measure_indicators__indicator__values"
    ):
        for link in page.measure_indicators.all():
            for value in link.indicator.values.all():
                assert not mentions(page.summary, value.value), (
                    page.reference,
                    page.summary,
                    value.value,
                )


def test_a_measure_with_two_values_shows_its_chart(client):
    page = client.get(MeasurePage.objects.get(reference="E1").url).content.decode()
    assert page.count('<svg class="q-chart"') == 1  # only the pupils have two values
    assert "1 an après" in page and "Cumul sur deux ans et demi" in page


def test_a_measure_whose_indicators_have_one_value_shows_no_chart(client):
    page = client.get(MeasurePage.objects.get(reference="LS1").url).content.decode()
    assert '<svg class="q-chart"' not in page


def test_the_measure_page_credits_each_value_to_its_source(client):
    page = client.get(MeasurePage.objects.get(reference="J1").url).content.decode()
    assert (
        "Dernière valeur au 26 février 2020 · Source&nbsp;: "
        f'<a href="{ZEPROS}" rel="noopener">Bilan présenté au Conseil des ministres'
    ) in page
    assert '<q class="fr-text--sm">emplois francs dont 20 000 contrats' in page
    assert "3 600" not in MeasurePage.objects.get(reference="J1").summary


def test_a_measure_with_a_draft_gets_the_new_indicator_and_keeps_the_draft():
    page = MeasurePage.objects.get(reference="E3")
    page.measure_indicators = [
        link
        for link in page.measure_indicators.all()
        if link.indicator.code != "CITES-EDUCATIVES"
    ]
    page.save_revision().publish()
    Indicator.objects.filter(code="CITES-EDUCATIVES").delete()
    draft = MeasurePage.objects.get(pk=page.pk)
    draft.title = "Cités éducatives (brouillon de la rédaction)"
    draft.save_revision()

    call_command("load_reference_content", verbosity=0)

    page = MeasurePage.objects.get(pk=page.pk)
    assert page.has_unpublished_changes
    assert page.title == "Cités éducatives"
    assert "CITES-EDUCATIVES" in {
        link.indicator.code for link in page.measure_indicators.all()
    }
    latest = page.get_latest_revision_as_object()
    assert latest.title == "Cités éducatives (brouillon de la rédaction)"
    assert "CITES-EDUCATIVES" in {
        link.indicator.code for link in latest.measure_indicators.all()
    }
