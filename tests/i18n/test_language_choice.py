"""The language a person picks on the language switch applies to them: stored on their account, used on the
next requests and at the next logins; picked on the login page, it is the one they get once signed in."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from jetpm.core.models import User
from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def _login(client: Client, username: str) -> None:
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:300]


def _lang(client: Client) -> str:
    page = client.get(reverse("home"))
    assert page.status_code == 200
    return page.headers["Content-Language"]


def test_the_switch_is_stored_and_applies_to_the_next_requests_and_logins(world):
    client = Client()
    _login(client, "mic.staff")
    assert _lang(client) == "en"
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    assert _lang(client) == "ja" and User.objects.get(username="mic.staff").language == "ja"
    client.post(reverse("logout"))
    other = Client()  # another browser: no cookie, the account's choice
    _login(other, "mic.staff")
    assert _lang(other) == "ja"
    other.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert _lang(other) == "en"


def test_the_language_picked_on_the_login_page_becomes_the_users(world):
    user = User.objects.get(username="co_a.coordinator")
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    assert client.get(reverse("login")).status_code == 200
    client.post(reverse("set_language"), {"language": "ja", "next": reverse("login")})
    assert '<html lang="ja">' in client.get(reverse("login")).content.decode()
    _login(client, "co_a.coordinator")
    assert _lang(client) == "ja"
    assert User.objects.get(username="co_a.coordinator").language == "ja"
    client.post(reverse("logout"))
    again = Client()
    _login(again, "co_a.coordinator")
    assert _lang(again) == "ja"
