"""System checks of the deploy checklist that Django does not know about."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def secret_key_from_environment(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if getattr(settings, "DEV_SECRET_KEY", None) == settings.SECRET_KEY:
        return [
            Warning("SECRET_KEY is the development key: set JETPM_SECRET_KEY in production.", id="jetpm.W001")
        ]
    return []


@register(Tags.security, deploy=True)
def second_factor_required(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if not getattr(settings, "JETPM_REQUIRE_TOTP_FOR_STAFF", False):
        return [
            Warning(
                "Staff roles may sign in without a second factor: set JETPM_REQUIRE_TOTP_FOR_STAFF=1.",
                id="jetpm.W002",
            )
        ]
    return []


@register(Tags.security)
def trusted_proxies_are_addresses(app_configs: Any, **kwargs: Any) -> list[Error]:
    import ipaddress

    bad = []
    for entry in getattr(settings, "JETPM_TRUSTED_PROXIES", []):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            bad.append(entry)
    if bad:
        return [
            Error(
                f"JETPM_TRUSTED_PROXIES: not an address or network: {', '.join(bad)}.",
                hint="List the reverse proxies' addresses, e.g. 127.0.0.1 or 10.0.0.0/24.",
                id="jetpm.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def base_url_is_public_https(app_configs: Any, **kwargs: Any) -> list[Warning]:
    """Every e-mail's links start with JETPM_BASE_URL (core/mail.py): in production it is the public https
    address, not the development default."""
    from urllib.parse import urlsplit

    parts = urlsplit(str(getattr(settings, "JETPM_BASE_URL", "")))
    if parts.scheme != "https" or parts.hostname in (None, "", "127.0.0.1", "localhost"):
        return [
            Warning(
                "JETPM_BASE_URL is not the site's public https address: the links in e-mails would not "
                "reach it. Set JETPM_BASE_URL (e.g. https://jetpm.example.go.jp).",
                id="jetpm.W003",
            )
        ]
    return []
