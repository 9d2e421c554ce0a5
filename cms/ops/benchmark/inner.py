"""The benchmark's inner phase, run in the benchmark database's own process
(``manage.py benchmark --phase inner``): SQL queries and HTML size per page, SQL
writes before a search's response, the export of 100,000 values and the import of
10,000 rows (both rolled back)."""

import time
from urllib.parse import quote

from cms.ops.volume import benchmark_pages

SEARCHES = ["emploi", "rénovation urbaine", "quartiers prioritaires"]


def inner_results():
    """``{"pages": [...], "data": {...}}``: what only the database's process sees."""
    pages = [{"label": label, "path": path} for label, path in benchmark_pages()]
    pages += [
        {"label": f"recherche « {q} »", "path": f"/recherche/?q={quote(q)}"}
        for q in SEARCHES
    ]
    for page in pages:
        page.update(count_queries(page["path"]))
    data = {"search_writes_before_response": search_writes(SEARCHES[0])}
    data.update(measure_exports())
    return {"pages": pages, "data": data}


def count_queries(path):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    return {"queries": len(queries), "html_kb": round(len(response.content) / 1024, 1)}


def search_writes(query):
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import RequestFactory
    from django.test.utils import CaptureQueriesContext

    from search.views import search

    request = RequestFactory(HTTP_HOST="127.0.0.1").get("/recherche/", {"q": query})
    request.user = AnonymousUser()
    with CaptureQueriesContext(connection) as queries:
        search(request).render()
    return sum(
        1 for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
    )


def measure_exports():
    """Export of 100,000 values and import of 10,000 rows, both rolled back."""
    import datetime
    import io
    import tracemalloc
    from decimal import Decimal

    from openpyxl import Workbook

    from django.db import transaction

    from measures.exports import export_values
    from measures.imports import TEMPLATE_HEADERS, apply_import, parse_workbook
    from measures.models import Indicator, IndicatorValue, Territory

    results = {}
    indicators = list(Indicator.objects.all()[:20])
    departments = list(Territory.objects.filter(kind="department"))
    with transaction.atomic():
        IndicatorValue.objects.all().delete()
        rows, day = [], 0
        while len(rows) < 100_000:
            date = datetime.date(2000, 1, 1) + datetime.timedelta(days=day)
            for indicator in indicators:
                for department in departments:
                    rows.append(
                        IndicatorValue(
                            indicator=indicator,
                            territory=department,
                            date=date,
                            value=Decimal(len(rows)),
                        )
                    )
            day += 1
        IndicatorValue.objects.bulk_create(rows[:100_000], batch_size=5000)
        started, cpu = time.monotonic(), time.process_time()
        content = export_values()
        results["export_seconds"] = round(time.monotonic() - started, 2)
        # The process's own CPU time: what the export costs, whatever the load
        # that other programs put on the machine (SQL time is the server's).
        results["export_cpu_seconds"] = round(time.process_time() - cpu, 2)
        # Memory in a second, traced run (tracing slows Python down 4×).
        tracemalloc.start()
        export_values()
        results["export_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
        results["export_rows"] = 100_000
        results["export_kb"] = round(len(content) / 1024)
        transaction.set_rollback(True)

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("valeurs")
    sheet.append(TEMPLATE_HEADERS)
    count, day = 0, 0
    while count < 10_000:
        date = datetime.date(2030, 1, 1) + datetime.timedelta(days=day)
        for indicator in indicators[:10]:
            for department in departments:
                if count < 10_000:
                    sheet.append(
                        [
                            indicator.code,
                            "departement",
                            department.code,
                            date,
                            count,
                            "",
                            "",
                        ]
                    )
                    count += 1
        day += 1
    buffer = io.BytesIO()
    workbook.save(buffer)
    with transaction.atomic():
        started, cpu = time.monotonic(), time.process_time()
        result = parse_workbook(buffer.getvalue())
        counts = apply_import(result) if not result.errors else None
        results["import_seconds"] = round(time.monotonic() - started, 2)
        results["import_cpu_seconds"] = round(time.process_time() - cpu, 2)
        results["import_rows"] = 10_000
        results["import_errors"] = len(result.errors)
        results["import_created"] = counts.created if counts else 0
        transaction.set_rollback(True)
    return results
