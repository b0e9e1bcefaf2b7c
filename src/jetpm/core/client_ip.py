"""The client's address, for the login lockout (django-axes' ``AXES_CLIENT_IP_CALLABLE``) and the mail
throttles. Behind the documented reverse proxy every request comes from the proxy's address, so the
client's address is read from ``X-Forwarded-For``, but only when the request comes from a proxy listed in
``JETPM_TRUSTED_PROXIES`` (addresses or networks): the header is walked from the right, past the trusted
proxies, and the first other address is the client. Anything to its left was written by the client and is
ignored. Without trusted proxies the header is ignored entirely (anyone can send it)."""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(p.strip(), strict=False) for p in proxies if p.strip())


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    remote = request.META.get("REMOTE_ADDR") or ""
    trusted = _networks(tuple(getattr(settings, "JETPM_TRUSTED_PROXIES", ()) or ()))
    remote_address = _address(remote)
    if not trusted or remote_address is None or not any(remote_address in n for n in trusted):
        return remote
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(hop)
        if address is None:
            break  # a malformed entry: trust nothing further to the left
        if not any(address in n for n in trusted):
            return str(address)
    return remote
