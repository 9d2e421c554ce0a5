"""Texts of the pages the loader creates. Facts come from the circular n° 6057/SG;
where the information is unknown, the page says so and leaves it to editors."""

CIRCULAR_URL_NOTE = "Circulaire n° 6057/SG du 22 janvier 2019"

HOME_SUMMARY = (
    "Le Président de la République a appelé le 14 novembre 2017 à Tourcoing à une "
    "mobilisation nationale pour les quartiers prioritaires et a précisé le 22 mai 2018 "
    "les objectifs : garantir les mêmes droits ; favoriser l’émancipation ; refaire "
    "République. Ce site publie la feuille de route et en suit la mise en œuvre."
)

ROADMAP_SUMMARY = (
    "À l’issue d’une concertation avec l’ensemble des acteurs au cours du premier "
    "semestre 2018, le conseil des ministres du 18 juillet 2018 a adopté une feuille de "
    "route en 5 programmes (sécurité ; éducation ; emploi ; logement ; lien social) et "
    "40 mesures."
)

PROGRAMMES = [
    ("securite", "Sécurité"),
    ("education", "Éducation"),
    ("emploi", "Emploi"),
    ("logement", "Logement"),
    ("lien_social", "Lien social"),
]

NEWS_SUMMARY = (
    "Les actualités de la mobilisation nationale pour les habitants des quartiers."
)

NEWS = [
    {
        "slug": "adoption-feuille-de-route",
        "date": "2018-07-18",
        "title": "Le conseil des ministres adopte la feuille de route : 5 programmes et "
        "40 mesures",
        "summary": "Le conseil des ministres du 18 juillet 2018 a adopté une feuille de "
        "route en 5 programmes (sécurité ; éducation ; emploi ; logement ; lien social) "
        "et 40 mesures.",
        "body": "<p>« À l’issue d’une concertation avec l’ensemble des acteurs au cours du "
        "premier semestre 2018, le conseil des ministres du 18 juillet a adopté une "
        "feuille de route en 5 programmes (sécurité ; éducation ; emploi ; logement ; "
        "lien social) et 40 mesures. » (circulaire n° 6057/SG du 22 janvier 2019)</p>",
    },
    {
        "slug": "signature-pacte-de-dijon",
        "date": "2018-07-10",
        "title": "Le Premier ministre signe le pacte de Dijon avec l’AdCF et France urbaine",
        "summary": "Le pacte de Dijon fixe les engagements respectifs et réciproques de "
        "l’État et des agglomérations et métropoles en matière de cohésion urbaine et "
        "sociale.",
        "body": "<p>« Le pacte de Dijon a été élaboré à l’initiative de l’assemblée des "
        "communautés de France (ADCF) et de France urbaine et signé par le Premier "
        "ministre le 10 juillet. Il vise à donner une nouvelle impulsion à la politique "
        "de cohésion urbaine et sociale et fixe les engagements respectifs et "
        "réciproques de l’État et des collectivités en la matière. » (annexe 1 de la "
        "circulaire n° 6057/SG)</p>",
    },
    {
        "slug": "circulaire-22-janvier-2019",
        "date": "2019-01-22",
        "title": "Circulaire du Premier ministre sur la mise en œuvre de la mobilisation "
        "nationale pour les habitants des quartiers",
        "summary": "L’année 2019 doit être celle de la déclinaison territoriale des "
        "mesures dans les contrats de ville, rénovés avant fin juillet 2019, et du "
        "déploiement du PAQTE.",
        "body": "<p>« Au total, 26 des 40 mesures sont atteintes ou en cours de "
        "déploiement. L’année 2019 doit être celle de la déclinaison territoriale des "
        "mesures dans les contrats de ville et de l’accélération de leur déploiement "
        "avec, en appui des crédits de droit commun, l’augmentation sans précédent de "
        "près de 20 % des crédits spécifiques de la politique de la ville votée en loi "
        "de finances. »</p><p>La circulaire demande aux préfets de rénover les contrats "
        "de ville par un protocole d’engagements renforcés et réciproques avant fin "
        "juillet 2019, de décliner le PAQTE dans leurs territoires et de transmettre "
        "d’ici au 15 mars une synthèse de cinq pages.</p>",
    },
]

LEGAL_NOTICE = """
<h2>Éditeur</h2>
<p>Ce site publie et suit la mobilisation nationale pour les habitants des quartiers
prioritaires, selon la circulaire n° 6057/SG du 22 janvier 2019.</p>
<p>L’identité de l’éditeur, du directeur de la publication et de l’hébergeur sera
indiquée ici avant l’ouverture du site au public.</p>
<h2>Réutilisation des contenus</h2>
<p>Sauf mention contraire, les textes et les données publiés sur ce site sont
réutilisables dans les conditions de la licence ouverte Etalab 2.0, en citant leur
source. Les données sont aussi disponibles par l’API ouverte du site (/api/v2/).</p>
<h2>Origine des données</h2>
<p>Les chiffres proviennent des indicateurs que publient les ministères producteurs ;
chacun indique sa date et sa source. Les régions et départements proviennent du Code
officiel géographique de l’INSEE (geo.api.gouv.fr, licence ouverte).</p>
"""

PRIVACY = """
<h2>Ce que ce site collecte</h2>
<p>Les visiteurs peuvent consulter tout le site sans compte. Ce site ne dépose aucun
cookie de mesure d’audience ni de publicité.</p>
<p>Les comptes des agents et des partenaires (nom, adresse électronique, rattachement)
servent uniquement à la gestion des contenus et au suivi de la mobilisation. Un cookie
de session et un cookie de sécurité (protection contre la falsification de requêtes)
sont déposés seulement quand une personne se connecte ; ils sont nécessaires au
service et ne demandent pas de consentement.</p>
<h2>Responsable du traitement et exercice des droits</h2>
<p>Le responsable du traitement et le contact du délégué à la protection des données
seront indiqués ici avant l’ouverture du site au public. Vous disposez d’un droit
d’accès, de rectification et d’effacement des données vous concernant, et pouvez
adresser une réclamation à la CNIL (cnil.fr).</p>
"""

ACCESSIBILITY = """
<h2>État de conformité</h2>
<p>Ce site est <strong>non conforme</strong> au référentiel général d’amélioration de
l’accessibilité (RGAA) : <strong>aucun audit n’a encore été réalisé</strong>. Un audit
est à venir ; cette déclaration sera mise à jour avec ses résultats.</p>
<p>Le site est construit avec le système de design de l’État (DSFR), conçu pour
faciliter le respect du RGAA.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter
le responsable du site pour être orienté vers une alternative accessible ou obtenir le
contenu sous une autre forme. Son adresse sera indiquée ici avant l’ouverture du site
au public ; en attendant, le Défenseur des droits peut vous orienter (voir
ci-dessous).</p>
<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu
ou à une fonctionnalité du site, que vous nous le signalez et que vous ne parvenez pas
à obtenir une réponse de notre part, vous êtes en droit de faire parvenir vos doléances
ou une demande de saisine au Défenseur des droits.</p>
"""

# Earlier versions of the reference texts above. ``load_reference_content`` replaces a
# page's text by the current version only while it still equals one of these, word for
# word: a text an editor has changed is never touched.
PREVIOUS_VERSIONS = {
    "mentions-legales": [
        """
<h2>Éditeur</h2>
<p>Ce site publie et suit la mobilisation nationale pour les habitants des quartiers
prioritaires, selon la circulaire n° 6057/SG du 22 janvier 2019.</p>
<p>L’identité de l’éditeur, du directeur de la publication et de l’hébergeur n’est pas
encore renseignée : un administrateur national doit compléter cette page avant
l’ouverture du site au public.</p>
<h2>Réutilisation des contenus</h2>
<p>Sauf mention contraire, les textes et les données publiés sur ce site sont
réutilisables dans les conditions de la licence ouverte Etalab 2.0, en citant leur
source. Les données sont aussi disponibles par l’API ouverte du site (/api/v2/).</p>
<h2>Origine des données</h2>
<p>Les chiffres proviennent des indicateurs saisis ou importés par les ministères
producteurs ; chacun indique sa date et sa source. Les régions et départements
proviennent du Code officiel géographique de l’INSEE (geo.api.gouv.fr, licence
ouverte).</p>
""",
    ],
    "donnees-personnelles": [
        """
<h2>Ce que ce site collecte</h2>
<p>Les visiteurs peuvent consulter tout le site sans compte. Ce site ne dépose aucun
cookie de mesure d’audience ni de publicité.</p>
<p>Les comptes des agents et des partenaires (nom, adresse électronique, rattachement)
servent uniquement à la gestion des contenus et au suivi de la mobilisation. Un cookie
de session et un cookie de sécurité (protection contre la falsification de requêtes)
sont déposés seulement quand une personne se connecte ; ils sont nécessaires au
service et ne demandent pas de consentement.</p>
<h2>Responsable du traitement et exercice des droits</h2>
<p>Le responsable du traitement et le contact du délégué à la protection des données
ne sont pas encore renseignés : un administrateur national doit les compléter. Vous
disposez d’un droit d’accès, de rectification et d’effacement des données vous
concernant, et pouvez adresser une réclamation à la CNIL.</p>
""",
    ],
    "accessibilite": [
        """
<h2>État de conformité</h2>
<p>Ce site est <strong>non conforme</strong> au référentiel général d’amélioration de
l’accessibilité (RGAA) : <strong>aucun audit n’a encore été réalisé</strong>. Un audit
est à venir ; cette déclaration sera mise à jour avec ses résultats.</p>
<p>Le site est construit avec le système de design de l’État (DSFR), conçu pour
faciliter le respect du RGAA.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter
le responsable du site pour être orienté vers une alternative accessible ou obtenir le
contenu sous une autre forme. Le contact est à renseigner par un administrateur
national.</p>
<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d’accessibilité vous empêchant d’accéder à un contenu
ou à une fonctionnalité du site, que vous nous le signalez et que vous ne parvenez pas
à obtenir une réponse de notre part, vous êtes en droit de faire parvenir vos doléances
ou une demande de saisine au Défenseur des droits.</p>
""",
    ],
}

# The main menu (slug of a page under the home page, short label): each label holds
# on one line from 390 px to 1440 px wide.
MAIN_MENU = [
    ("circulaire", "La circulaire"),
    ("feuille-de-route", "Feuille de route"),
    ("actualites", "Actualités"),
    ("territoires", "Territoires"),
    ("paqte", "Le PAQTE"),
    ("reseau", "Partenaires"),
    ("bonnes-pratiques", "Bonnes pratiques"),
]

KEY_FIGURES = [
    "FDR-MESURES-PART",
    "EMPLOIS-FRANCS",
    "STAGES3-OFFRES",
    "NPNRU-PROJETS-VALIDES",
    "DEDOUBLEMENT-ELEVES",
    "ENTREPRISES-PAQTE",
    "QPV-NOMBRE",
    "ADULTES-RELAIS-POSTES",
    "CREDITS-SPECIFIQUES-HAUSSE",
]
"""The home's key figures: those with a history first (they show their trend)."""

FORMER_KEY_FIGURES = [
    "FDR-MESURES-ENGAGEES",
    "QPV-NOMBRE",
    "NPNRU-PROJETS-VALIDES",
    "DEDOUBLEMENT-ELEVES",
    "STAGES3-OFFRES",
    "EMPLOIS-FRANCS",
    "ADULTES-RELAIS-POSTES",
    "CREDITS-SPECIFIQUES-HAUSSE",
]
"""The list loaded before the indicators had a history: a home page that still
shows exactly this list is moved to ``KEY_FIGURES``."""

MEASURE_SUMMARIES = {
    "S1": "1 300 policiers et gendarmes supplémentaires d’ici 2020 dans 60 quartiers "
    "de reconquête républicaine (QRR), renforcés par vagues successives depuis "
    "septembre 2018.",
    "E1": "Les classes de CP et de CE1 des écoles REP et REP+ sont dédoublées, pour "
    "des effectifs proches de douze élèves par classe.",
    "E2": "Des offres de stages de qualité pour les élèves de 3e, publiées sur le "
    "portail monstagedetroisieme.fr, dont une part déposée par les services de "
    "l’État ; numérotée « mesure 18 » par la préfecture du Nord.",
    "J1": "Le dispositif des emplois francs, lancé le 1er avril 2018 dans des "
    "territoires d’expérimentation, monte en charge.",
    "J6": "Les premières signatures nationales du PAQTE ont eu lieu en juillet 2018 ; "
    "un premier bilan national a été publié le 20 février 2019.",
    "L1": "La rénovation urbaine est relancée : budget du NPNRU doublé, démolitions "
    "prises en charge à 80 % voire 100 % pour accélérer les projets que valide "
    "l’ANRU.",
    "L2": "Le plan Initiative copropriétés, lancé à Marseille le 10 octobre 2018, "
    "mobilise des crédits sur dix ans pour traiter des copropriétés dégradées.",
}
"""Undated prose for the measures whose source facts restate a figure that one of
their indicators holds (the page shows the indicator's latest value instead). The
others keep the facts of ``measures-confirmed.csv``."""
