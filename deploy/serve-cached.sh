#!/usr/bin/env bash
# The production profile on one machine: gunicorn on 127.0.0.1:8001 behind Varnish
# on 127.0.0.1:8000, Wagtail purging Varnish on publication.
# Needs Debian's varnish package (apt-get install -y varnish) and `make setup`.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v varnishd >/dev/null || { echo "varnishd absent : apt-get install -y varnish"; exit 1; }

export DJANGO_SETTINGS_MODULE=cms.settings.production
export SECRET_KEY="${SECRET_KEY:-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(50))')}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export FRONTEND_CACHE_URL="${FRONTEND_CACHE_URL:-http://127.0.0.1:8000}"
export TRUSTED_PROXIES="${TRUSTED_PROXIES:-127.0.0.1}"  # Varnish, on this machine
export SECURE_COOKIES="${SECURE_COOKIES:-0}"  # local HTTP trial

.venv/bin/python manage.py collectstatic --noinput -v0
VARNISH_DIR="$(mktemp -d /tmp/varnish-quartiers-XXXX)"
chmod 755 "$VARNISH_DIR"
varnishd -a 127.0.0.1:8000 -f "$PWD/deploy/varnish/default.vcl" -s malloc,256m -n "$VARNISH_DIR"
trap 'pkill -f "varnishd.*$VARNISH_DIR" || true; rm -rf "$VARNISH_DIR"' EXIT
echo "Varnish : http://127.0.0.1:8000/ → gunicorn 127.0.0.1:8001"
exec .venv/bin/gunicorn cms.wsgi -w "${WORKERS:-2}" -b 127.0.0.1:8001 --access-logfile -
