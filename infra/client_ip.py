"""The address of the client that sent a request, for rate limits, the login lockout and logs.

Behind a proxy every request comes from the proxy's address (nginx on 127.0.0.1 for gunicorn), so the client is
read from X-Forwarded-For, but only as far as the proxies that wrote it are trusted: DJANGO_TRUSTED_PROXIES
(settings.TRUSTED_PROXIES) lists their addresses or CIDR ranges. The client is the right-most X-Forwarded-For
address that is not a trusted proxy, and only when REMOTE_ADDR (the peer) is a trusted proxy; otherwise
REMOTE_ADDR itself. Everything left of the first untrusted hop was written by the client, so a forged header
changes nothing: each trusted proxy appends the address it was connected from ($proxy_add_x_forwarded_for).

python-ipware parses the header (ports, brackets, IPv4-mapped IPv6, RFC 7239 tokens, malformed entries); the
walk is ours, because ipware's own proxy_list trusts a fixed number of hops, one entry per hop.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from python_ipware.modern.parsers import parse_ip, split_proxy_chain

UNKNOWN = "unknown"


def client_ip(request) -> str:
    """The client's address as text ("unknown" when there is none, e.g. a unix socket without a proxy)."""
    peer = parse_ip(request.META.get("REMOTE_ADDR"))
    if peer is None:
        return request.META.get("REMOTE_ADDR") or UNKNOWN
    if not _trusted(peer):
        return str(peer)
    client = peer
    # Entries that are no address are skipped: only the part left of the first untrusted hop, which the client
    # wrote, can hold them.
    for hop in reversed(split_proxy_chain(request.META.get("HTTP_X_FORWARDED_FOR", ""))):
        client = hop
        if not _trusted(hop):
            break
    # Trusted proxies all the way (or no header): the left-most of them is as near the client as anyone can tell.
    return str(client)


def _trusted(address) -> bool:
    return any(address.version == network.version and address in network for network in trusted_proxies())


@functools.cache
def trusted_proxies() -> tuple:
    """settings.TRUSTED_PROXIES as networks; an entry that is neither an address nor a CIDR range stops the site."""
    networks = []
    for entry in getattr(settings, "TRUSTED_PROXIES", []):
        try:
            network = ipaddress.ip_network(entry.strip(), strict=False)
        except ValueError as exc:
            raise ImproperlyConfigured(f"DJANGO_TRUSTED_PROXIES: {entry!r} is not an address or CIDR range") from exc
        if network.version == 6 and network.prefixlen >= 96 and (mapped := network.network_address.ipv4_mapped):
            network = ipaddress.ip_network(f"{mapped}/{network.prefixlen - 96}")  # hops are unmapped by ipware
        networks.append(network)
    return tuple(networks)


def forget_trusted_proxies(setting, **kwargs):
    if setting == "TRUSTED_PROXIES":
        trusted_proxies.cache_clear()


