import pytest

from measures.models import MeasurePage, ProgrammePage

pytestmark = pytest.mark.django_db


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_page_is_the_national_dashboard(client):
    html = get(client, "/")
    assert '<html lang="fr"' in html
    assert "République<br>française" in html
    assert 'href="#contenu"' in html  # skip links
    # Key figures, live from indicators, with their date and source.
    assert "1\u202f514" in html
    assert "Quartiers prioritaires de la politique de la ville" in html
    assert "190\u202f000" in html and "près de" in html
    assert "Valeur au 22 janvier 2019" in html
    assert "Source&nbsp;: Circulaire n° 6057/SG du 22 janvier 2019" in html
    # Programme cards with measures counted by status.
    for title in ["Sécurité", "Éducation", "Emploi", "Logement", "Lien social"]:
        assert title in html
    assert "En cours de déploiement&nbsp;: 5 (83&nbsp;%)" in html  # emploi
    assert "18 mesures publiées sur les 40 de la feuille de route" in html
    # Latest news and the footer's required links.
    assert "Le Premier ministre signe le pacte de Dijon" in html
    assert "Accessibilité : non conforme — audit à venir" in html
    assert "Mentions légales" in html and "Données personnelles" in html
    assert "Plan du site" in html


def test_roadmap_says_plainly_which_measures_are_missing(client):
    html = get(client, "/feuille-de-route/")
    assert "18 mesures publiées sur 40" in html
    assert "les 22 autres seront publiées à mesure" in html
    assert "rédacteurs" not in html
    assert html.count('class="fr-card fr-enlarge-link fr-card--sm"') == 18


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        (
            "status=achieved",
            ["Crédits spécifiques de la politique de la ville"],
            ["Emplois francs"],
        ),
        ("programme=logement", ["Plan initiative copropriétés"], ["Emplois francs"]),
        ("programme=emploi&status=to_launch", ["Clauses sociales"], ["Emplois francs"]),
    ],
)
def test_roadmap_listing_filters(client, query, expected, absent):
    html = get(client, f"/feuille-de-route/?{query}")
    for text in expected:
        assert text in html
    for text in absent:
        assert f">{text}</a>" not in html


def test_roadmap_listing_filters_by_lead_ministry(client):
    from measures.models import Ministry

    travail = Ministry.objects.get(name="Travail")
    html = get(client, f"/feuille-de-route/?ministry={travail.pk}")
    assert "3 mesures affichées" in html
    assert "Emplois francs" in html
    assert "Dédoublement des classes" not in html


def test_an_unknown_filter_value_shows_every_measure_with_the_form_error(client):
    html = get(client, "/feuille-de-route/?status=inconnu")
    assert "18 mesures affichées" in html


def test_programme_page_rolls_up_its_measures(client):
    programme = ProgrammePage.objects.get(slug="lien-social")
    html = get(client, programme.url)
    assert "5 mesures publiées dans ce programme" in html
    assert "Atteinte : 1" in html
    assert "En cours de déploiement : 3" in html
    assert "À lancer : 1" in html
    assert "760 postes FONJEP supplémentaires" in html


def test_measure_page_shows_status_leads_indicators_and_sources(client):
    measure = MeasurePage.objects.get(reference="L1")
    html = get(client, measure.url)
    assert measure.title in html
    assert "En cours de déploiement" in html
    assert "ANRU" in html and "Cohésion des territoires" in html
    assert "Projets NPNRU validés par l’ANRU depuis mai 2018" in html
    assert ">251\u00a0projets<" in html  # the latest value (June 2019)
    assert "plus\u00a0de\u00a013\u00a0Md€" in html
    assert "Historique national de l’indicateur" in html
    assert "Circulaire n° 6057/SG du 22 janvier 2019" in html
    assert "Pas encore chiffrée : aucune source publique ne la mesure" in html


def test_measure_page_draws_a_chart_once_there_is_a_history(client):
    import datetime

    from measures.models import Indicator, IndicatorValue, Territory

    indicator = Indicator.objects.get(code="EMPLOIS-FRANCS")
    IndicatorValue.objects.create(
        indicator=indicator,
        territory=Territory.national(),
        date=datetime.date(2019, 6, 30),
        value=12000,
    )
    html = get(client, MeasurePage.objects.get(reference="J1").url)
    assert '<svg class="q-chart"' in html
    assert "12\u202f000" in html


def test_the_mesure_18_is_numbered(client):
    html = get(client, MeasurePage.objects.get(reference="E2").url)
    assert "Mesure n° 18" in html


def test_news_listing_article_and_rss(client):
    html = get(client, "/actualites/")
    assert html.count('class="fr-card fr-enlarge-link"') == 3
    article = get(client, "/actualites/signature-pacte-de-dijon/")
    assert "10 juillet 2018" in article
    response = client.get("/actualites/rss/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    rss = response.content.decode()
    assert rss.count("<item>") == 3
    assert "http://testserver/actualites/circulaire-22-janvier-2019/" in rss


def test_circular_page_and_annexes(client):
    html = get(client, "/circulaire/")
    assert "N° 6057/SG" in html
    assert "Annexe 2 - Modalités de déploiement du PAQTE" in html
    annex = get(client, "/circulaire/annexe-2/")
    assert "sensibiliser les plus jeunes au monde de l’entreprise" in annex


def test_required_state_pages(client):
    assert "non conforme" in get(client, "/accessibilite/")
    assert "aucun audit n’a encore été réalisé" in get(client, "/accessibilite/")
    assert "sera indiquée ici avant l’ouverture" in get(client, "/mentions-legales/")
    assert "aucun cookie de mesure d’audience" in get(client, "/donnees-personnelles/")
    sitemap = get(client, "/plan-du-site/")
    assert "Emplois francs" in sitemap and "Mentions légales" in sitemap


def test_breadcrumb_on_inner_pages(client):
    html = get(client, MeasurePage.objects.get(reference="J1").url)
    assert 'class="fr-breadcrumb"' in html
    assert ">La feuille de route du 18 juillet 2018</a>" in html
    assert ">Emploi</a>" in html


def test_sitemap_xml_and_robots(client):
    sitemap = get(client, "/sitemap.xml")
    assert "/feuille-de-route/emploi/emplois-francs/" in sitemap
    robots = get(client, "/robots.txt")
    assert "Disallow: /admin/" in robots
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_unknown_page_is_a_french_404(client):
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert "Page non trouvée" in response.content.decode()


def test_draft_measures_stay_hidden(client):
    measure = MeasurePage.objects.get(reference="J1")
    measure.unpublish()
    assert client.get(measure.url_path.replace("/accueil", "")).status_code == 404
    assert "Emplois francs</a>" not in get(client, "/feuille-de-route/")


def test_home_page_links_the_mobilisation_days(client):
    html = get(client, "/")
    assert "Les journées de mobilisation du PAQTE" in html
    assert "Aucune prochaine journée n’est encore annoncée." in html
    assert 'href="/paqte/journees/"' in html


def test_home_page_lists_an_announced_day(client):
    import datetime

    from partners.models import MobilisationDayPage

    day = MobilisationDayPage.objects.get(city="Marseille")
    day.date = datetime.date.today() + datetime.timedelta(days=30)
    day.year = day.date.year
    day.save_revision().publish()
    html = get(client, "/")
    assert day.title in html
    assert day.date.strftime("%Y") in html
