"""Load and faults: does the site hold, and does it lose nothing?

``python manage.py resilience`` (``--users 50 --duration 60``) builds an isolated
environment — its own PostgreSQL cluster (Debian's ``pg_createcluster``, on a free
port), its own ``redis-server`` (free port, no persistence) and gunicorn
(production settings, 4 workers, 127.0.0.1 on a free port) — with the reference
content and partner accounts. It then runs locust headless against it (visitors,
searches, partners proposing good practices) and, during that load, stops Redis,
then restarts PostgreSQL while an indicator import is writing. It prints requests,
failures, p50/p95/p99, the recovery time after the database returns, and what was
acknowledged against what the database holds; writes ``resilience.json``; and
exits non-zero when a requirement is broken (rules in ``judge.py``).
Everything it started is torn down at the end, on failure and on Ctrl-C too.

Not part of the test suite. Needs ``postgresql`` (server 15 or later, with
``postgresql-common``) and ``redis-server`` from Debian, run as root (or as a user
who may run ``pg_createcluster``).

``manage.py resilience`` (``cms/ops/management/commands/resilience.py``) runs the
steps; ``environment.py`` starts and stops the servers; ``faults.py`` loads the site
(``locustfile.py``) and breaks Redis and PostgreSQL; ``phases.py`` runs inside the
isolated environment (accounts, import batches, what the database holds);
``verification.py`` compares and reports; ``judge.py`` holds the rules.
"""
