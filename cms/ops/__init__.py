"""Operations tooling, apart from the content apps: measuring and stressing the site.

- ``manage.py benchmark`` (``cms/ops/benchmark/``): the public pages, the export and
  the import, measured on a separate database against the machine's limit.
- ``manage.py resilience`` (``cms/ops/resilience/``): load and faults (Redis down,
  PostgreSQL restarted) on an isolated environment; the rules that judge a run are
  in ``resilience/judge.py``, the load in ``resilience/locustfile.py``.
- ``manage.py generate_volume_data`` (``volume.py``): a realistic volume of content.
  Each app keeps the knowledge of its own data: it registers its generators with the
  ``register_volume_data`` hook and the pages to measure with
  ``register_benchmark_pages`` (``VOLUME_DATA_HOOK`` and ``BENCHMARK_PAGES_HOOK``).
- ``net.py`` (free ports, HTTP probes) and ``figures.py`` (percentile, machine,
  JSON): the helpers these commands, and the browser tests, share.

None of it is part of the test suite: these commands measure, they do not assert.
"""
