"""Login lockout behind the documented reverse proxy: the client's address comes from X-Forwarded-For only
when the proxy is trusted (JETPM_TRUSTED_PROXIES); a lockout is per username and address, and one address that
fails for many usernames (password spraying) is throttled as a whole."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from jetpm.core.client_ip import client_ip
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db
PROXY = "127.0.0.1"  # the test client's REMOTE_ADDR


def login(client: Client, username: str, password: str, forwarded: str | None = None):  # type: ignore[no-untyped-def]
    headers = {"Accept-Language": "en"}
    if forwarded:
        headers["X-Forwarded-For"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, headers=headers)


@override_settings(JETPM_TRUSTED_PROXIES=[PROXY])
def test_behind_the_proxy_a_locked_client_does_not_lock_another(world):
    attacker, colleague = Client(), Client()
    for _ in range(5):
        login(attacker, "co_a.coordinator", "wrong-password", forwarded="203.0.113.7")
    refused = login(attacker, "co_a.coordinator", PASSWORD, forwarded="203.0.113.7")
    assert (
        refused.status_code != 302 and "The username or password is not correct" in refused.content.decode()
    )
    # the same user from another address behind the same proxy still logs in
    assert login(colleague, "co_a.coordinator", PASSWORD, forwarded="198.51.100.20").status_code == 302


@override_settings(JETPM_TRUSTED_PROXIES=[PROXY], JETPM_LOGIN_ADDRESS_USERNAME_LIMIT=10)
def test_password_spraying_from_one_address_is_throttled(world):
    sprayer, other = Client(), Client()
    for n in range(10):  # one guess each for ten usernames: no single username reaches its limit
        login(sprayer, f"someone{n}", "Spring2026!", forwarded="203.0.113.9")
    refused = login(sprayer, "co_b.coordinator", PASSWORD, forwarded="203.0.113.9")
    assert refused.status_code != 302
    assert login(other, "co_b.coordinator", PASSWORD, forwarded="198.51.100.30").status_code == 302


def test_forwarded_header_is_ignored_without_a_trusted_proxy(world, rf):
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "192.0.2.1"
    # so changing the header does not escape a lockout
    client = Client()
    for n in range(5):
        login(client, "co_a.coordinator", "wrong-password", forwarded=f"203.0.113.{n}")
    assert login(client, "co_a.coordinator", PASSWORD, forwarded="203.0.113.99").status_code != 302


@override_settings(JETPM_TRUSTED_PROXIES=["10.0.0.0/8", "192.0.2.1"])
def test_client_ip_takes_the_first_untrusted_address_from_the_right(rf):
    chain = "198.51.100.1, 203.0.113.5, 10.1.2.3"  # client-spoofed, the real client, an inner proxy
    request = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR=chain)
    assert client_ip(request) == "203.0.113.5"
    garbage = rf.get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="not-an-address")
    assert client_ip(garbage) == "192.0.2.1"


@override_settings(JETPM_TRUSTED_PROXIES=["127.0.0.1", "proxy.internal"])
def test_a_trusted_proxy_that_is_not_an_address_is_a_system_check_error():
    from jetpm.core.checks import trusted_proxies_are_addresses

    errors = trusted_proxies_are_addresses(None)
    assert [e.id for e in errors] == ["jetpm.E001"] and "proxy.internal" in errors[0].msg
