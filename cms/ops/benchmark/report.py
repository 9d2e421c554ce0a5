"""The benchmark's report: a table per page, then the targets, met or not."""

from cms.ops.figures import fmt_load

TARGETS = {
    "home_queries": 15,
    "measure_queries": 10,
    "search_p95_ms": 50,
    "varnish_ratio": 0.8,
    "export_seconds": 10,
    "export_mb": 100,
    "import_seconds": 5,
    "static_ratio": 0.003,
    "first_after_publish_ms": 100,
}


def report(r, out):
    """Print the results ``r`` with ``out``; adds the targets, met or not, to ``r``."""
    out(f"\nMachine : {r['machine']}")
    out(
        f"Base : {r['database']} — échelle {r['scale']} "
        f"(préparation {r.get('setup_seconds')} s)"
    )
    out(
        "Charge de la machine (uptime, 1/5/15 min) : avant "
        f"{fmt_load(r['load_average_before'])}, après "
        f"{fmt_load(r['load_average_after'])} ; durée totale "
        f"{r['total_seconds']} s"
    )
    out(
        f"Générateur de charge : {r.get('load_generator')} ; statique : "
        f"{r.get('static_server')} ; Varnish : {r.get('varnish')} ; cache "
        f"partagé : {r.get('shared_cache')}\n"
    )
    out("« 1re » : première requête après une publication (ms) ; « /stat » : débit")
    out("rapporté à celui du même HTML servi par nginx dans la même série.\n")
    header = (
        f"{'page':<30}{'req.':>5}{'Ko':>7}{'1re':>7}{'méd c1':>8}{'p95 c1':>8}"
        f"{'méd c8':>8}{'p95 c8':>8}{'req/s':>8}{'/stat':>7}{'varnish':>9}"
        f"{'/stat':>7}"
    )
    out(header)
    out("-" * len(header))
    for p in r["pages"]:
        out(
            f"{p['label'][:29]:<30}{p['queries']:>5}{p['html_kb']:>7}"
            f"{first_ms(p):>7}"
            f"{p['c1_median_ms']:>8}{p['c1_p95_ms']:>8}{p['c8_median_ms']:>8}"
            f"{p['c8_p95_ms']:>8}{p.get('rps', '—'):>8}"
            f"{p.get('ratio_static', '—'):>7}{p.get('varnish_rps', '—'):>9}"
            f"{p.get('varnish_ratio_static', '—'):>7}"
        )
    if r.get("compared_with"):
        compare(r, out)
    out("\nCibles (atteinte ou non) :")
    by_label = {p["label"]: p for p in r["pages"]}
    searches = [p for p in r["pages"] if p["label"].startswith("recherche")]
    checks = [
        (
            "accueil ≤ 15 requêtes SQL",
            by_label["accueil"]["queries"],
            by_label["accueil"]["queries"] <= TARGETS["home_queries"],
        ),
        (
            "mesure ≤ 10 requêtes SQL",
            by_label.get("mesure", {}).get("queries"),
            by_label.get("mesure", {}).get("queries", 99) <= TARGETS["measure_queries"],
        ),
        (
            "recherche p95 ≤ 50 ms (c=1 ; résultats retenus jusqu’au prochain "
            "changement de contenu ; première requête, sans rien de retenu : "
            f"{max(p['first_ms'] for p in searches)} ms au pire)",
            max(p["c1_p95_ms"] for p in searches),
            max(p["c1_p95_ms"] for p in searches) <= TARGETS["search_p95_ms"],
        ),
        (
            "aucune écriture SQL avant la réponse de recherche",
            r["search_writes_before_response"],
            r["search_writes_before_response"] == 0,
        ),
        (
            "export 100 000 lignes ≤ 10 s (temps CPU du processus : "
            f"{r.get('export_cpu_seconds')} s)",
            r["export_seconds"],
            r["export_seconds"] <= TARGETS["export_seconds"],
        ),
        (
            "export 100 000 lignes ≤ 100 Mo",
            r["export_peak_mb"],
            r["export_peak_mb"] <= TARGETS["export_mb"],
        ),
        (
            "import 10 000 lignes ≤ 5 s (temps CPU du processus : "
            f"{r.get('import_cpu_seconds')} s)",
            r["import_seconds"],
            r["import_seconds"] <= TARGETS["import_seconds"],
        ),
    ]
    ratios = [
        p["varnish_ratio_static"] for p in r["pages"] if p.get("varnish_ratio_static")
    ]
    if ratios:
        checks.append(
            (
                "pages en cache Varnish ≥ 0,8 × statique",
                min(ratios),
                min(ratios) >= TARGETS["varnish_ratio"],
            )
        )
    if "publish_to_fresh" in r:
        fresh = r["publish_to_fresh"]
        checks.append(
            (
                "publication visible dès la requête suivante",
                fresh["seconds_from_publish_call"],
                fresh["visible_on_next_request"],
            )
        )
    ratios = [(p.get("ratio_static") or 0, p["label"]) for p in r["pages"]]
    if r.get("static_server") == "nginx":
        lowest = min(ratios)
        checks.append(
            (
                "chaque page ≥ 0,3 % du débit statique (nginx), sans Varnish",
                f"{lowest[0]} ({lowest[1]})",
                lowest[0] >= TARGETS["static_ratio"],
            )
        )
    firsts = [
        (p["first_after_publish_ms"], p["label"])
        for p in r["pages"]
        if "first_after_publish_ms" in p
    ]
    if firsts:
        slowest = max(firsts)
        checks.append(
            (
                "première requête après une publication ≤ 100 ms",
                f"{slowest[0]} ms ({slowest[1]})",
                slowest[0] <= TARGETS["first_after_publish_ms"],
            )
        )
    for label, value, ok in checks:
        out(f"  [{'OK' if ok else 'NON'}] {label} : {value}")
    r["targets"] = [
        {"target": label, "value": value, "met": ok} for label, value, ok in checks
    ]


def first_ms(page):
    """First request after a publication, else the first request of the run."""
    return page.get("first_after_publish_ms", page.get("first_ms", "—"))


def compare(r, out):
    """Per page: ratio to static, throughput, median and queries at both scales."""
    before = r["compared_with"]
    scales = f"{before['scale']:g} → {r['scale']:g}"
    out(f"\nÉvolution d’une échelle à l’autre ({scales}) :")
    header = (
        f"{'page':<30}{'/stat':>14}{'req/s':>12}{'méd c1':>14}{'1re':>14}"
        f"{'req.':>9}{'Ko':>14}"
    )
    out(header)
    out("-" * len(header))
    for p in r["pages"]:
        old = before["pages"].get(p["label"])
        if not old:
            continue

        def pair(key, page=p, old=old):
            return f"{old.get(key, '—')}→{page.get(key, '—')}"

        out(
            f"{p['label'][:29]:<30}{pair('ratio_static'):>14}{pair('rps'):>12}"
            f"{pair('c1_median_ms'):>14}{f'{first_ms(old)}→{first_ms(p)}':>14}"
            f"{pair('queries'):>9}{pair('html_kb'):>14}"
        )
