"""A small cache-based rate limit (sign-ups, submissions)."""

import logging

from django.conf import settings
from django.core.cache import cache

from cms.client_address import client_address

logger = logging.getLogger(__name__)


def client_ip(request):
    """The visitor's address, behind trusted proxies (see cms/client_address.py)."""
    return client_address(request)


def hit(scope, key):
    """Count one attempt; True when the limit is exceeded."""
    limit, window = settings.QUARTIERS_RATE_LIMIT
    cache_key = f"ratelimit:{scope}:{key}"
    cache.add(cache_key, 0, window)
    try:
        count = cache.incr(cache_key)
    except ValueError:
        cache.set(cache_key, 1, window)
        count = 1
    if count is None:
        # The cache is down (Redis errors are ignored: incr answers None). The
        # attempt cannot be counted; let it through rather than fail the request.
        logger.warning("Limite de débit non vérifiée : cache indisponible (%s)", scope)
        return False
    return count > limit


RATE_LIMIT_MESSAGE = (
    "Trop de demandes en peu de temps : pour protéger le site, réessayez dans une "
    "heure. Ce que vous avez saisi est conservé ci-dessous."
)
