"""Volume data for the benchmark (``generate_volume_data``): companies, conventions,
good practices.

At scale 1: 500 companies and 1,000 signed conventions (two per company), spread
over the departments, sizes and axes; 2,000 live good practices. Generated companies
are named « Entreprise de volume N » with a valid, generated SIREN, generated
practices end with « (n° N) » and have ``volume-N`` slugs; nothing here is presented
as real.
"""

import datetime
import random

from django.utils import timezone

from cms.ops.volume import bulk_add_children, index_pages
from measures.models import ProgrammePage, Territory

from .models import (
    Axis,
    Company,
    CompanySize,
    Convention,
    GoodPracticeIndexPage,
    GoodPracticePage,
)
from .models.paqte import add_years

COMPANIES_PER_SCALE = 500
CONVENTIONS_PER_SCALE = 1000


def luhn_siren(number):
    """A 9-digit SIREN built from an 8-digit number, with its Luhn check digit."""
    digits = [int(d) for d in f"{number:08d}"]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 0:
            digit *= 2
            digit = digit - 9 if digit > 9 else digit
        total += digit
    return f"{number:08d}{(10 - total % 10) % 10}"


def generate_companies(scale, progress):
    target = int(COMPANIES_PER_SCALE * scale)
    existing = Company.objects.count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    rng = random.Random(7)  # noqa: S311 (not for security)
    departments = list(Territory.objects.filter(kind=Territory.Kind.DEPARTMENT))
    taken = set(Company.objects.values_list("siren", flat=True))
    companies, number = [], 90_000_000
    while len(companies) < missing:
        number += 1
        siren = luhn_siren(number)
        if siren in taken:
            continue
        companies.append(
            Company(
                name=f"Entreprise de volume {existing + len(companies)}",
                siren=siren,
                size=rng.choice(CompanySize.values),
                department=rng.choice(departments),
                sector="Secteur de volume",
            )
        )
    Company.objects.bulk_create(companies, batch_size=1000)
    progress(missing, missing)
    return missing


def generate_conventions(scale, progress):
    target = int(CONVENTIONS_PER_SCALE * scale)
    existing = Convention.objects.count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    rng = random.Random(11)  # noqa: S311 (not for security)
    companies = list(Company.objects.order_by("pk").values_list("pk", flat=True))
    axes = list(Axis.objects.all())
    conventions = []
    for number in range(missing):
        start = datetime.date(2019, 1, 1) + datetime.timedelta(days=rng.randint(0, 700))
        conventions.append(
            Convention(
                company_id=companies[number % len(companies)],
                status="signed",
                signed_on=start,
                start_date=start,
                end_date=add_years(start, 3),
            )
        )
    created = Convention.objects.bulk_create(conventions, batch_size=1000)
    through = Convention._meta.get_field("axes").remote_field.through
    links = [
        through(convention_id=convention.pk, axis_id=axis.pk)
        for convention in created
        for axis in rng.sample(axes, k=rng.randint(1, len(axes)))
    ]
    through.objects.bulk_create(links, batch_size=2000)
    progress(missing, missing)
    return missing


# --- good practices ------------------------------------------------------------

PRACTICES_PER_SCALE = 2000

# (theme, axis codes, programme slugs, title patterns, sentences)
PRACTICE_THEMES = [
    (
        "stages de troisième",
        ["sensibiliser"],
        ["education"],
        [
            "Stages de troisième pour les collégiens de {qpv}",
            "Cent stages de 3e ouverts aux élèves de REP+ à {city}",
            "Une bourse aux stages de troisième à {city}",
        ],
        [
            "Les élèves de troisième des collèges de REP+ trouvent un stage "
            "d’observation dans une entreprise du bassin de {city}.",
            "Les tuteurs sont formés à l’accueil de collégiens qui n’ont souvent "
            "aucun contact avec le monde de l’entreprise.",
            "Une demi-journée de préparation au collège précède chaque stage.",
        ],
    ),
    (
        "alternance",
        ["former"],
        ["emploi"],
        [
            "Forum de l’alternance pour les jeunes de {qpv}",
            "Des contrats d’apprentissage signés au pied des immeubles à {city}",
            "Un parcours vers l’alternance pour les décrocheurs de {city}",
        ],
        [
            "Des entreprises de {city} proposent des contrats d’apprentissage et "
            "de professionnalisation aux jeunes des quartiers prioritaires.",
            "Un accompagnement avant l’embauche prépare les apprentis aux codes "
            "de l’entreprise.",
            "Les centres de formation d’apprentis reçoivent les candidats "
            "directement dans le quartier.",
        ],
    ),
    (
        "recrutement sans discrimination",
        ["recruter"],
        ["emploi"],
        [
            "Recruter sans CV : l’expérience de {organisation}",
            "Des entretiens d’embauche anonymes à {city}",
            "Job dating dans le quartier {qpv}",
        ],
        [
            "Les recruteurs de {organisation} ont été formés à la prévention des "
            "discriminations à l’embauche.",
            "Les candidatures sont examinées sans nom ni adresse, pour que "
            "l’origine ou le lieu de résidence ne pèse pas.",
            "Les habitants des quartiers prioritaires représentent désormais une "
            "part croissante des recrutements.",
        ],
    ),
    (
        "emplois francs",
        ["recruter"],
        ["emploi"],
        [
            "Emplois francs : {organisation} embauche à {city}",
            "Cinquante emplois francs signés dans le quartier {qpv}",
        ],
        [
            "Grâce à l’aide de l’État pour les emplois francs, l’entreprise a "
            "recruté en contrat à durée indéterminée des demandeurs d’emploi "
            "résidant en QPV.",
            "Pôle emploi présélectionne les candidats et informe les employeurs "
            "du montant de l’aide.",
        ],
    ),
    (
        "achats responsables",
        ["acheter"],
        ["emploi"],
        [
            "Des achats inclusifs auprès des entreprises de {qpv}",
            "Clauses sociales dans les marchés de {organisation}",
            "Un salon des fournisseurs des quartiers à {city}",
        ],
        [
            "{organisation} réserve une part de ses achats aux entreprises "
            "installées dans les quartiers prioritaires et aux structures "
            "d’insertion.",
            "Les clauses d’insertion des marchés publics de {city} ont permis "
            "des milliers d’heures de travail pour les habitants.",
            "Un annuaire des fournisseurs locaux facilite la sous-traitance.",
        ],
    ),
    (
        "mentorat",
        ["sensibiliser", "former"],
        ["education", "emploi"],
        [
            "Parrainage de lycéens par des cadres de {organisation}",
            "Du mentorat pour les étudiants du quartier {qpv}",
        ],
        [
            "Des salariés bénévoles parrainent des jeunes pendant une année "
            "scolaire et les aident à construire leur orientation.",
            "Le réseau professionnel du parrain ouvre des portes que la famille "
            "ne connaît pas.",
        ],
    ),
    (
        "rénovation urbaine",
        ["recruter", "acheter"],
        ["logement"],
        [
            "Chantier de rénovation urbaine et insertion à {qpv}",
            "Les habitants de {qpv} associés à la rénovation de leur quartier",
        ],
        [
            "Le chantier de renouvellement urbain de {city} emploie des habitants "
            "du quartier grâce aux clauses d’insertion.",
            "Les conseils citoyens ont participé à la conception des espaces "
            "publics rénovés.",
            "La démolition et la reconstruction des logements sociaux "
            "s’accompagnent d’un relogement suivi au cas par cas.",
        ],
    ),
    (
        "création d’entreprise",
        ["former", "acheter"],
        ["emploi"],
        [
            "Une couveuse d’entreprises au cœur de {qpv}",
            "Accompagner les créateurs d’entreprise de {city}",
        ],
        [
            "Les porteurs de projet du quartier bénéficient d’un accompagnement "
            "gratuit, d’un local et d’un micro-crédit.",
            "Bpifrance et les réseaux d’entrepreneurs suivent les jeunes "
            "entreprises pendant trois ans.",
        ],
    ),
    (
        "numérique",
        ["former"],
        ["education", "lien-social"],
        [
            "Une école du numérique pour les habitants de {qpv}",
            "Ateliers de médiation numérique à {city}",
        ],
        [
            "Des formations au code et aux métiers du numérique sont ouvertes "
            "aux jeunes sans diplôme.",
            "Les habitants éloignés du numérique sont accompagnés dans leurs "
            "démarches administratives en ligne.",
        ],
    ),
    (
        "sport et citoyenneté",
        ["sensibiliser"],
        ["lien-social", "securite"],
        [
            "Le sport comme passerelle vers l’emploi à {city}",
            "Tournoi de quartier et rencontres avec les entreprises à {qpv}",
        ],
        [
            "Les clubs sportifs du quartier organisent des rencontres entre "
            "jeunes licenciés et chefs d’entreprise.",
            "Les éducateurs sportifs repèrent les jeunes qui ne sont ni en "
            "emploi, ni en études, ni en formation.",
        ],
    ),
    (
        "mobilité",
        ["recruter"],
        ["emploi", "lien-social"],
        [
            "Un garage solidaire pour aller travailler depuis {qpv}",
            "Passer le permis de conduire pour accéder à l’emploi à {city}",
        ],
        [
            "L’absence de véhicule ou de permis freine l’accès à l’emploi des "
            "habitants des quartiers prioritaires.",
            "Une plateforme de mobilité prête des véhicules et finance une "
            "partie du permis de conduire.",
        ],
    ),
    (
        "tranquillité publique",
        ["sensibiliser"],
        ["securite"],
        [
            "Médiation sociale de nuit dans le quartier {qpv}",
            "La police de sécurité du quotidien rencontre les commerçants de {city}",
        ],
        [
            "Des médiateurs sont présents en soirée pour prévenir les conflits "
            "et orienter les habitants.",
            "Les commerçants et les bailleurs participent à une cellule de "
            "veille sur la tranquillité publique.",
        ],
    ),
]
PRACTICE_CITIES = [
    "Marseille",
    "Lyon",
    "Toulouse",
    "Nantes",
    "Lille",
    "Amiens",
    "Montpellier",
    "Strasbourg",
    "Bordeaux",
    "Rennes",
    "Grenoble",
    "Nîmes",
    "Perpignan",
    "Saint-Denis",
    "Roubaix",
    "Mulhouse",
    "Besançon",
    "Limoges",
    "Béziers",
    "Clermont-Ferrand",
    "Dijon",
    "Le Havre",
    "Reims",
    "Toulon",
    "Avignon",
]
PRACTICE_ORGANISATIONS = [
    ("Club FACE {city}", "club"),
    ("Association Ensemble à {city}", "association"),
    ("Mission locale de {city}", "public"),
    ("Entreprise Bâtir {city}", "entreprise"),
    ("Groupe Transports de {city}", "entreprise"),
    ("Régie de quartier de {city}", "association"),
    ("Ville de {city}", "public"),
    ("Coopérative Avenir {city}", "autre"),
]
PRACTICE_CLOSINGS = [
    "L’action est reconduite chaque année et s’étend à d’autres quartiers.",
    "Un bilan est présenté au comité de pilotage départemental du PAQTE.",
    "Les partenaires souhaitent partager leur méthode avec d’autres territoires.",
    "Plusieurs participants ont depuis trouvé un emploi durable.",
    "Le financement associe l’État, la collectivité et les entreprises.",
]


def practice_content(rng, number, qpv_names):
    """Title, summary, description and organisation of generated practice ``number``."""
    theme, axes, programmes, titles, sentences = PRACTICE_THEMES[
        number % len(PRACTICE_THEMES)
    ]
    city = rng.choice(PRACTICE_CITIES)
    organisation, kind = rng.choice(PRACTICE_ORGANISATIONS)
    organisation = organisation.format(city=city)
    words = {"city": city, "qpv": rng.choice(qpv_names), "organisation": organisation}
    title = rng.choice(titles).format(**words)
    picked = rng.sample(sentences, k=min(len(sentences), rng.randint(2, 3)))
    paragraphs = [sentence.format(**words) for sentence in picked]
    paragraphs.append(rng.choice(PRACTICE_CLOSINGS))
    summary = (
        f"Une pratique de {organisation} sur le thème « {theme} », dans les "
        f"quartiers prioritaires de {city}."
    )
    description = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return {
        "title": f"{title} (n° {number})",
        "summary": summary,
        "description": description,
        "organisation": organisation,
        "organisation_type": kind,
        "axes": axes,
        "programmes": programmes,
    }


def generate_good_practices(scale, progress, batch_size=1000):
    """2,000 × scale live good practices under /bonnes-pratiques/, indexed.

    Inserted in batches by ``cms.ops.volume.bulk_add_children`` (no revision).
    """
    target = int(PRACTICES_PER_SCALE * scale)
    index_page = GoodPracticeIndexPage.objects.first()
    if index_page is None:
        return 0
    existing = GoodPracticePage.objects.count()
    missing = max(target - existing, 0)
    if not missing:
        return 0
    rng = random.Random(13 + existing)  # noqa: S311 (not for security)
    departments = list(Territory.objects.filter(kind=Territory.Kind.DEPARTMENT))
    qpvs = list(Territory.objects.filter(kind=Territory.Kind.QPV))
    qpv_names = [qpv.name for qpv in qpvs] or ["des Grands Ensembles"]
    axes = dict(Axis.objects.values_list("code", "pk"))
    programmes = dict(ProgrammePage.objects.values_list("slug", "pk"))
    axes_through = GoodPracticePage.axes.through
    programmes_through = GoodPracticePage.programmes.through
    now = timezone.now()
    done = 0
    while done < missing:
        pages, links = [], []
        for offset in range(min(batch_size, missing - done)):
            number = existing + done + offset
            content = practice_content(rng, number, qpv_names)
            qpv = rng.choice(qpvs) if qpvs and rng.random() < 0.5 else None
            department = (
                qpv.parent
                if qpv is not None and qpv.parent_id
                else rng.choice(departments)
            )
            pages.append(
                GoodPracticePage(
                    title=content["title"],
                    slug=f"volume-{number}",
                    first_published_at=now - datetime.timedelta(minutes=number),
                    summary=content["summary"],
                    description=content["description"],
                    organisation=content["organisation"],
                    organisation_type=content["organisation_type"],
                    department=department,
                    qpv=qpv,
                )
            )
            links.append(content)
        bulk_add_children(index_page, pages)
        axes_through.objects.bulk_create(
            axes_through(goodpracticepage_id=page.pk, axis_id=axes[code])
            for page, content in zip(pages, links, strict=True)
            for code in content["axes"]
            if code in axes
        )
        programmes_through.objects.bulk_create(
            programmes_through(goodpracticepage_id=page.pk, programmepage_id=pk)
            for page, content in zip(pages, links, strict=True)
            for slug in content["programmes"]
            if (pk := programmes.get(slug))
        )
        index_pages(GoodPracticePage, pages)
        done += len(pages)
        progress(done, missing)
    return missing
