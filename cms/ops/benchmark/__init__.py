"""Measure the site against the physical limit of this machine.

``python manage.py benchmark --scale 1`` builds a separate database (PostgreSQL
when ``DATABASE_URL`` says so, else ``bench.sqlite3``) with the reference content
and ``generate_volume_data``, serves it with gunicorn on 127.0.0.1, and measures
each public page type: server time (median, p95) at concurrency 1 and 8, SQL
queries per request, HTML size, throughput against the same HTML served as a
static file by nginx, and through Varnish when installed; then the xlsx export of
100,000 values and a 10,000-row import. It prints a table and writes JSON.
Not part of the test suite: it measures, it does not assert.

``manage.py benchmark`` (``cms/ops/management/commands/benchmark.py``) builds the
database and runs the servers; ``inner.py`` runs in the benchmark database's own
process (queries per page, search writes, export and import); ``load.py`` sends the
requests; ``report.py`` prints the table and the targets.
"""
