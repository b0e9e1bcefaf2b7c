"""Login, lockout, language remembered per user, password change and reset."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("login"), {"username": username, "password": password}, headers={"Accept-Language": "en"}
    )


def test_login_and_logout(world, client):
    response = login(client, "mission_a.staff", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


def test_wrong_password_gets_a_generic_error(world, client):
    response = login(client, "mission_a.staff", "wrong-password")
    assert response.status_code == 200
    text = response.content.decode()
    assert "The username or password is not correct" in text
    # an unknown user gets exactly the same message
    assert "The username or password is not correct" in login(client, "nobody", "x").content.decode()


def test_repeated_failures_lock_the_account(world, client):
    for _ in range(5):
        login(client, "co_a.coordinator", "wrong-password")
    response = login(client, "co_a.coordinator", PASSWORD)
    assert response.status_code in (200, 403, 429)
    assert "The username or password is not correct" in response.content.decode()
    assert client.get(reverse("home")).status_code == 302  # not logged in
    # another user is not locked by it
    assert login(client, "co_b.coordinator", PASSWORD).status_code == 302


def test_language_choice_is_remembered_on_the_user(world, client):
    user = world.users["mic.staff"]
    client.force_login(user)
    assert client.get(reverse("home")).headers["Content-Language"] == "en"
    response = client.post(reverse("set_language"), {"language": "ja", "next": "/organisations/"})
    assert response.status_code == 302 and response["Location"] == "/organisations/"
    user.refresh_from_db()
    assert user.language == "ja"
    client.cookies.clear()
    client.force_login(user)
    page = client.get(reverse("home"))
    assert page.headers["Content-Language"] == "ja"
    assert '<html lang="ja">' in page.content.decode()


def test_language_switch_refuses_foreign_redirects_and_unknown_languages(world, client):
    client.force_login(world.users["mic.staff"])
    response = client.post(reverse("set_language"), {"language": "ja", "next": "https://evil.example/"})
    assert response["Location"] == "/"
    client.post(reverse("set_language"), {"language": "xx"})
    world.users["mic.staff"].refresh_from_db()
    assert world.users["mic.staff"].language == "ja"  # unchanged by the unknown code


def test_password_change(world, client):
    client.force_login(world.users["chapter_a.officer"])
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-42",
            "new_password2": "a-new-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    client.logout()
    assert login(client, "chapter_a.officer", "a-new-long-passphrase-42").status_code == 302


def test_password_reset_sends_a_link(world, client):
    response = client.post(reverse("password_reset"), {"email": "co_a.coordinator@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body
    # an unknown address gets the same answer and no mail
    client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 1


def test_passwords_are_hashed_with_argon2(world):
    assert world.users["mic.staff"].password.startswith("argon2")


def test_security_headers(world, client):
    client.force_login(world.users["mic.staff"])
    response = client.get(reverse("home"))
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "csrfmiddlewaretoken" in response.content.decode()


@pytest.mark.django_db
def test_passwords_use_argon2id_at_owasp_baseline_and_old_hashes_are_upgraded():
    from django.contrib.auth.hashers import Argon2PasswordHasher, make_password

    from jetpm.core.models import User

    encoded = make_password("a long passphrase 42")
    assert encoded.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    old = Argon2PasswordHasher().encode("a long passphrase 42", Argon2PasswordHasher().salt())
    assert "m=102400,t=2,p=8" in old
    user = User.objects.create(username="old.hash", password=old)
    assert user.check_password("a long passphrase 42")  # verifies with the stored parameters…
    user.refresh_from_db()
    assert "m=19456,t=2,p=1" in user.password  # …and is re-hashed with the new ones


def test_password_reset_mail_is_throttled_per_email_and_per_address(world, client, settings):
    settings.JETPM_MAIL_LIMIT_PER_EMAIL = 2
    settings.JETPM_MAIL_LIMIT_PER_ADDRESS = 3
    url, headers = reverse("password_reset"), {"Accept-Language": "en"}
    for _ in range(2):
        assert client.post(url, {"email": "co_a.coordinator@example.org"}, headers=headers).status_code == 302
    response = client.post(url, {"email": "co_a.coordinator@example.org"}, headers=headers)
    assert response.status_code == 429
    assert "Too many e-mails have been asked for this e-mail address" in response.content.decode()
    assert len(mail.outbox) == 2
    # an unknown address counts the same (the answer never tells whether an account exists)
    assert client.post(url, {"email": "nobody@example.org"}, headers=headers).status_code == 302
    response = client.post(url, {"email": "co_b.coordinator@example.org"}, headers=headers)
    assert response.status_code == 429
    assert "Too many e-mails have been asked from your network address" in response.content.decode()
    assert len(mail.outbox) == 2
