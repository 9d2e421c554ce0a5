"""The visitor's address, behind the proxies the site trusts (``TRUSTED_PROXIES``).

Rate limits (partners/ratelimit.py) and login lock-outs (django-axes,
``AXES_CLIENT_IP_CALLABLE``) count attempts per address: behind Varnish or a load
balancer, the connection's address (``REMOTE_ADDR``) is the proxy's, shared by
every visitor. ``X-Forwarded-For`` says who the proxy served, but anybody can
send that header: it is read only when the connection comes from a trusted proxy.

``TRUSTED_PROXIES`` lists the proxies from the outermost to the one that talks to
the application (each an address or a CIDR network, e.g.
``203.0.113.0/24,127.0.0.1``). The connection's address is appended to the
``X-Forwarded-For`` chain and python-ipware checks that the chain ends with
exactly these proxies; the hop before them is the client. Otherwise (no trusted
proxy configured, a direct connection, a chain that does not match) the
connection's address is the client's.
"""

from functools import lru_cache

from python_ipware import IpWare

from django.conf import settings

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"


@lru_cache(maxsize=4)
def resolver(proxies):
    return IpWare(precedence=(FORWARDED_FOR,), proxy_list=list(proxies))


def client_address(request):
    """The client's address as a string ("" when unknown)."""
    peer = request.META.get("REMOTE_ADDR", "") or ""
    proxies = tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ())
    forwarded = request.META.get(FORWARDED_FOR, "")
    if not proxies or not peer or not forwarded:
        return peer
    chain = {FORWARDED_FOR: f"{forwarded}, {peer}"}
    address, trusted = resolver(proxies).get_client_ip(chain, strict=False)
    if address is None or not trusted:
        return peer
    return str(address)
