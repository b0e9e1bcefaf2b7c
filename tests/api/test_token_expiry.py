"""API tokens expire: a person chooses a lifetime from a short list capped by the site's maximum, the API
refuses a token from the moment of its expiry with a 401 that says so, the page shows each token's expiry and
marks the expired and the soon expiring, and a token is renewed by creating its replacement."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.test import override_settings

from jetpm.api import expiry
from jetpm.api.services import MAX_ACTIVE_TOKENS, issue_token, revoke_token
from jetpm.core.errors import DomainError, FieldErrors
from jetpm.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db

URL = "/accounts/api-tokens/"
ISSUED = datetime(2026, 12, 1, 1, 0, 0, tzinfo=UTC)  # 10:00 in Tokyo


def _issue(user, days: int = 30) -> tuple[ApiToken, dict[str, str]]:
    row, plain = issue_token(
        actor=user, user=user, name="Personnel system", scopes=["core:read"], lifetime_days=days
    )
    return row, {"Authorization": f"Bearer {plain}"}


def test_a_token_works_until_the_moment_it_expires_and_is_refused_from_then_on(world, client):
    user = world.users["mission_a.staff"]
    with time_machine.travel(ISSUED, tick=False):
        row, headers = _issue(user, 30)
    assert row.expires_at == ISSUED + timedelta(days=30)
    with time_machine.travel(row.expires_at - timedelta(seconds=1), tick=False):
        assert client.get("/api/organisations", headers=headers).status_code == 200
    used = ApiToken.objects.get(pk=row.pk).last_used_at
    with time_machine.travel(row.expires_at, tick=False):
        response = client.get("/api/organisations", headers=headers)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer error="invalid_token"'
    body = response.json()
    assert list(body) == ["detail"]  # the shape of every other 401
    assert body["detail"].startswith("This token expired on 31 December 2026, 10:00 (2026-12-31T01:00:00Z).")
    assert ApiToken.objects.get(pk=row.pk).last_used_at == used  # a refused request is not a use
    with time_machine.travel(row.expires_at + timedelta(days=400), tick=False):
        assert client.get("/api/organisations", headers=headers).status_code == 401


def test_the_refusal_speaks_the_tokens_persons_language(world, client):
    user = world.users["mission_a.staff"]
    user.language = "ja"
    user.save(update_fields=["language"])
    with time_machine.travel(ISSUED, tick=False):
        row, headers = _issue(user, 30)
    with time_machine.travel(row.expires_at, tick=False):
        detail = client.get("/api/organisations", headers=headers).json()["detail"]
        english = client.get("/api/organisations", headers={**headers, "Accept-Language": "en"}).json()[
            "detail"
        ]
    assert "2026年12月31日" in detail and "有効期限" in detail and "2026-12-31T01:00:00Z" in detail
    assert english.startswith("This token expired on")


def test_a_revoked_token_is_refused_saying_so_even_before_its_expiry(world, client):
    user = world.users["mission_a.staff"]
    with time_machine.travel(ISSUED, tick=False):
        row, headers = _issue(user, 365)
        revoke_token(actor=user, token_id=row.pk)
        response = client.get("/api/organisations", headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "This token was revoked on 1 December 2026, 10:00 (2026-12-01T01:00:00Z). Its person can "
        "create a new one on the API tokens page."
    }
    # an unknown token is refused as before, without saying anything about tokens that exist
    unknown = client.get("/api/organisations", headers={"Authorization": "Bearer jetpm_nothing"})
    assert unknown.status_code == 401 and "expired" not in unknown.json()["detail"]


def test_issuing_takes_a_lifetime_within_the_sites_maximum(world):
    user = world.users["mic.staff"]
    for bad in (None, 0, -5, 366):
        with pytest.raises(DomainError) as refused:
            issue_token(actor=user, user=user, name="x", scopes=["core:read"], lifetime_days=bad)
        assert refused.value.field == "lifetime_days"
    with pytest.raises(FieldErrors) as both:
        issue_token(actor=user, user=user, name="", scopes=["core:read"], lifetime_days=None)
    assert {field for field, _message in both.value.errors} == {"name", "lifetime_days"}
    assert not ApiToken.objects.exists()
    with override_settings(JETPM_API_TOKEN_MAX_DAYS=60):
        with pytest.raises(DomainError, match="at most 60 days"):
            issue_token(actor=user, user=user, name="x", scopes=["core:read"], lifetime_days=90)
        row, _plain = issue_token(actor=user, user=user, name="x", scopes=["core:read"], lifetime_days=60)
    assert row.expires_at - row.created_at == pytest.approx(timedelta(days=60), abs=timedelta(seconds=5))


def test_the_offered_lifetimes_follow_the_sites_maximum():
    assert expiry.offered() == [30, 90, 365]
    with override_settings(JETPM_API_TOKEN_MAX_DAYS=60):
        assert expiry.offered() == [30, 60]
    with override_settings(JETPM_API_TOKEN_MAX_DAYS=7):
        assert expiry.offered() == [7]


def test_the_issue_is_audited_with_its_expiry(world):
    user = world.users["mission_a.staff"]
    with time_machine.travel(ISSUED, tick=False):
        row, _headers = _issue(user, 90)
    event = AuditEvent.objects.get(action="api_token.create", object_id=str(row.pk))
    assert event.actor_id == user.pk
    assert event.changes["expires_at"][1].startswith("2027-03-01T01:00:00")


def test_expired_tokens_do_not_count_against_the_limit(world):
    user = world.users["mic.staff"]
    with time_machine.travel(ISSUED, tick=False):
        for n in range(MAX_ACTIVE_TOKENS):
            issue_token(actor=user, user=user, name=f"t{n}", scopes=["core:read"], lifetime_days=30)
        with pytest.raises(DomainError, match="active tokens"):
            _issue(user, 30)
    with time_machine.travel(ISSUED + timedelta(days=31), tick=False):
        _issue(user, 30)


# --- the page ---------------------------------------------------------------------------------------------


def test_the_form_offers_lifetimes_without_choosing_one(world, client):
    client.force_login(world.users["co_a.coordinator"])
    with time_machine.travel(ISSUED, tick=False):
        html = client.get(URL).content.decode()
    radios = re.findall(r'<input type="radio" name="lifetime_days" value="(\d+)"[^>]*>', html)
    assert [int(v) for v in radios] == [30, 90, 365]
    assert "checked" not in " ".join(re.findall(r'<input type="radio" name="lifetime_days"[^>]*>', html))
    assert "30 days (until 31 December 2026)" in html
    assert "cannot be extended" in html


@pytest.mark.parametrize(
    ("lifetime", "message"),
    [
        (None, "Choose how long the token will work."),
        ("", "Choose how long the token will work."),
        ("400", "Choose one of the lifetimes offered: a token works for at most 365 days."),
        ("45", "Choose one of the lifetimes offered: a token works for at most 365 days."),
        ("ninety", "Choose one of the lifetimes offered: a token works for at most 365 days."),
    ],
)
def test_the_form_refuses_a_missing_or_unoffered_lifetime(world, client, lifetime, message):
    client.force_login(world.users["co_a.coordinator"])
    data = {"name": "Personnel system", "scopes": ["core:read"]}
    if lifetime is not None:
        data["lifetime_days"] = lifetime
    response = client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and html.count('class="error"') == 1
    assert not ApiToken.objects.exists()


def test_the_form_follows_a_lower_maximum(world, client):
    client.force_login(world.users["co_a.coordinator"])
    with override_settings(JETPM_API_TOKEN_MAX_DAYS=60):
        refused = client.post(URL, {"name": "Sync", "scopes": ["core:read"], "lifetime_days": "90"})
        assert refused.status_code == 400
        assert "a token works for at most 60 days" in refused.content.decode()
        with time_machine.travel(ISSUED, tick=False):
            made = client.post(URL, {"name": "Sync", "scopes": ["core:read"], "lifetime_days": "60"})
    assert made.status_code == 200
    assert ApiToken.objects.get().expires_at == ISSUED + timedelta(days=60)
    assert "It works until 30 January 2027, 10:00." in made.content.decode()
    assert "10:00.." not in made.content.decode()  # one full stop ends the sentence


def test_the_list_shows_each_expiry_and_marks_the_expired_and_the_soon_expiring(world, client):
    user = world.users["co_a.coordinator"]
    with time_machine.travel(ISSUED, tick=False):
        soon, _h = _issue(user, 30)
        later, _h = _issue(user, 365)
        gone, _h = _issue(user, 30)
    ApiToken.objects.filter(pk=gone.pk).update(expires_at=ISSUED + timedelta(days=20))
    with time_machine.travel(ISSUED + timedelta(days=20), tick=False):
        client.force_login(user)  # a session lasts hours: signed in on the day
        html = client.get(URL).content.decode()

    def cell(token: ApiToken) -> str:
        found = re.search(rf'data-testid="expires-{token.pk}">(.*?)</td>', html, re.S)
        assert found is not None
        return " ".join(found.group(1).split())

    assert cell(soon).startswith("31 Dec 2026, 10:00") and "expires in 10 days" in cell(soon)
    assert "expires" not in cell(later) and "expired" not in cell(later)
    assert "expired" in cell(gone)
    assert f'data-testid="revoke-{gone.pk}"' not in html  # nothing to revoke
    assert f'data-testid="revoke-{soon.pk}"' in html and f'data-testid="replace-{soon.pk}"' in html


def test_the_list_in_japanese(world, client):
    user = world.users["co_a.coordinator"]
    user.language = "ja"
    user.save(update_fields=["language"])
    with time_machine.travel(ISSUED, tick=False):
        _issue(user, 30)
    with time_machine.travel(ISSUED + timedelta(days=29), tick=False):
        client.force_login(user)
        html = client.get(URL).content.decode()
        assert "有効期限" in html and "あと1日で失効" in html and "30日間（2027年1月29日まで）" in html
    with time_machine.travel(ISSUED + timedelta(days=30), tick=False):
        client.force_login(user)
        assert "失効済み" in client.get(URL).content.decode()


def test_a_replacement_starts_from_the_old_tokens_name_and_scopes(world, client):
    user = world.users["co_a.coordinator"]
    row, _plain = issue_token(
        actor=user,
        user=user,
        name="Personnel system",
        scopes=["planning:read", "core:read"],
        lifetime_days=30,
    )
    client.force_login(user)
    html = client.get(URL, {"replace": row.pk}).content.decode()
    assert 'data-testid="replacing"' in html
    assert 'value="Personnel system"' in html
    checked = re.findall(r'<input type="checkbox" name="scopes" value="([\w:]+)"[^>]*checked', html)
    assert sorted(checked) == ["core:read", "planning:read"]
    # the old token's lifetime is chosen too, so the replacement is created on the first submit
    radios = re.findall(r'<input type="radio" name="lifetime_days"[^>]*>', html)
    assert [r for r in radios if "checked" in r] == [r for r in radios if 'value="30"' in r] != []
    made = client.post(URL, {"name": "Personnel system", "scopes": ["core:read"], "lifetime_days": "30"})
    assert made.status_code == 200 and ApiToken.objects.filter(user=user).count() == 2
    # a lifetime no longer offered is not chosen: the person chooses
    with override_settings(JETPM_API_TOKEN_MAX_DAYS=20):
        html = client.get(URL, {"replace": row.pk}).content.decode()
    assert "checked" not in " ".join(re.findall(r'<input type="radio" name="lifetime_days"[^>]*>', html))
    # another person's token, or no token at all: not found
    other, _plain = issue_token(
        actor=None, user=world.users["co_b.coordinator"], name="B", scopes=["core:read"], lifetime_days=30
    )
    for value in (other.pk, "abc", "99999999999999999999", ""):
        assert client.get(URL, {"replace": value}).status_code == 404


def test_the_api_documentation_says_tokens_expire(client):
    schema = client.get("/api/openapi.json").json()
    scheme = schema["components"]["securitySchemes"]["TokenAuth"]
    assert scheme["type"] == "http" and scheme["scheme"] == "bearer"
    assert "expiry" in scheme["description"] and "401" in scheme["description"]
    assert "expired or revoked token answers 401" in schema["info"]["description"]


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})  # the daily task books
def test_the_person_is_told_once_by_mail_two_weeks_before_a_token_expires(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    from jetpm.core.services_retention import remind_expiring_tokens
    from jetpm.core.tasks import daily_purge

    user = world.users["mission_a.staff"]
    user.language = "ja"
    user.save(update_fields=["language"])
    with time_machine.travel(ISSUED, tick=False):
        soon, _h = _issue(user, 30)  # expires 31 December, 10:00 Tokyo
        _issue(user, 90)  # a later one
        revoked, _h = _issue(user, 30)
        revoke_token(actor=user, token_id=revoked.pk)
    # 20 days before: nothing yet
    with (
        time_machine.travel(soon.expires_at - timedelta(days=20), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert remind_expiring_tokens() == 0
    assert mailoutbox == []
    # 10 days before: the soon one, not the later nor the revoked one; in the person's language
    with (
        time_machine.travel(soon.expires_at - timedelta(days=10), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        assert remind_expiring_tokens() == 1
    [mail] = mailoutbox
    assert mail.to == [user.email]
    assert mail.subject == "JETPM：APIトークン「Personnel system」は 2026年12月31日10:00 に使えなくなります"
    assert "/accounts/api-tokens/" in mail.body and "無効化" in mail.body
    assert ApiToken.objects.get(pk=soon.pk).expiry_notice_sent_at is not None
    event = AuditEvent.objects.get(action="api_token.expiry_notice")
    assert event.object_id == str(soon.pk) and event.actor_id is None
    # once: the next day's run (the daily task) sends nothing more
    with (
        time_machine.travel(soon.expires_at - timedelta(days=9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        daily_purge.call((soon.expires_at - timedelta(days=9)).date().isoformat())
    assert len(mailoutbox) == 1
    client.force_login(user)
    assert 'data-testid="expiry-notice-said"' in client.get(URL).content.decode()
