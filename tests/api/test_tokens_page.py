"""The API tokens page: a person who acts for an organisation creates tokens (shown once), sees them and
revokes them after a confirmation; everything is audited; nobody sees another person's tokens."""

from __future__ import annotations

import re

import pytest

from jetpm.api.services import MAX_ACTIVE_TOKENS, issue_token, revoke_token
from jetpm.core.errors import DomainError, PermissionDenied
from jetpm.core.models import ApiToken, AuditEvent

pytestmark = pytest.mark.django_db

URL = "/accounts/api-tokens/"


def test_create_shows_the_token_once_and_it_works(world, records, client):
    user = world.users["co_a.coordinator"]
    client.force_login(user)
    page = client.get(URL)
    assert page.status_code == 200
    assert "Requests and country plans: write" in page.content.decode()
    response = client.post(
        URL,
        {"name": "Personnel system", "scopes": ["planning:read", "planning:write"], "lifetime_days": "90"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    plain = re.search(r'data-testid="plain-token">(jetpm_[\w-]+)<', html)
    assert plain is not None
    row = ApiToken.objects.get(user=user)
    assert row.name == "Personnel system" and row.scopes == ["planning:read", "planning:write"]
    assert plain.group(1) not in row.digest and row.prefix in plain.group(1)
    # shown once: the list shows only the beginning
    again = client.get(URL).content.decode()
    assert plain.group(1) not in again and f"{row.prefix}…" in again
    client.logout()
    headers = {"Authorization": f"Bearer {plain.group(1)}"}
    assert client.get(f"/api/planning/requests/{records['request_a'].pk}", headers=headers).status_code == 200
    assert client.get("/api/people", headers=headers).status_code == 403
    event = AuditEvent.objects.get(action="api_token.create", object_id=str(row.pk))
    assert event.actor_id == user.pk


def test_the_form_reports_every_error_at_once(world, client):
    client.force_login(world.users["mission_a.staff"])
    response = client.post(URL, {"name": "", "scopes": ["nonsense"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert html.count('class="error"') == 3  # the name, the scopes and the lifetime
    assert "Choose how long the token will work." in html
    assert not ApiToken.objects.exists()


def test_revoke_asks_first_then_the_token_stops_working(world, client, bearer):
    user = world.users["mission_a.staff"]
    headers = bearer(user, ["core:read"])
    row = ApiToken.objects.get(user=user)
    client.force_login(user)
    asked = client.post(f"{URL}{row.pk}/revoke/")
    assert asked.status_code == 200 and 'data-testid="confirm"' in asked.content.decode()
    assert "the token is not valid" in asked.content.decode() and "401" not in asked.content.decode()
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None
    done = client.post(f"{URL}{row.pk}/revoke/", {"confirmed": "yes"})
    assert done.status_code == 302
    assert ApiToken.objects.get(pk=row.pk).revoked_at is not None
    assert AuditEvent.objects.filter(action="api_token.revoke", object_id=str(row.pk), actor=user).exists()
    client.logout()
    assert client.get("/api/organisations", headers=headers).status_code == 401


def test_nobody_sees_or_revokes_another_persons_token(world, client, bearer):
    bearer(world.users["mission_a.staff"], ["core:read"])
    row = ApiToken.objects.get(user=world.users["mission_a.staff"])
    for other in ("mission_a.admin", "mic.staff", "superuser"):
        client.force_login(world.users[other])
        assert f"token-{row.pk}" not in client.get(URL).content.decode()
        assert client.post(f"{URL}{row.pk}/revoke/", {"confirmed": "yes"}).status_code == 404
    assert ApiToken.objects.get(pk=row.pk).revoked_at is None
    with pytest.raises(DomainError):
        revoke_token(actor=world.users["mic.staff"], token_id=row.pk)


def test_applicants_and_panelists_have_no_tokens(world, client):
    for key in ("applicant_a", "panelist_a"):
        client.force_login(world.users[key])
        assert client.get(URL).status_code == 404
        assert 'href="/accounts/api-tokens/"' not in client.get("/").content.decode()
        with pytest.raises(PermissionDenied):
            issue_token(
                actor=world.users[key],
                user=world.users[key],
                name="x",
                scopes=["core:read"],
                lifetime_days=30,
            )
    client.force_login(world.users["chapter_a.officer"])
    assert 'href="/accounts/api-tokens/"' in client.get("/").content.decode()


def test_a_person_holds_a_bounded_number_of_active_tokens(world):
    user = world.users["mic.staff"]
    for n in range(MAX_ACTIVE_TOKENS):
        issue_token(actor=user, user=user, name=f"t{n}", scopes=["core:read"], lifetime_days=30)
    with pytest.raises(DomainError):
        issue_token(actor=user, user=user, name="one more", scopes=["core:read"], lifetime_days=30)
    with pytest.raises(PermissionDenied):
        issue_token(
            actor=user,
            user=world.users["mofa.staff"],
            name="for another",
            scopes=["core:read"],
            lifetime_days=30,
        )


def test_the_page_is_in_japanese(world, client):
    user = world.users["co_a.coordinator"]
    user.language = "ja"
    user.save(update_fields=["language"])
    client.force_login(user)
    html = client.get(URL).content.decode()
    assert "APIトークン" in html and "配置要望と国別招致計画: 書き込み" in html


def test_each_group_of_choices_is_a_fieldset_named_by_its_legend(world, client):
    """The scopes' checkboxes and the lifetimes' radio buttons are groups: each is a fieldset whose legend
    names it (a <label for> cannot name a group of inputs); the inputs keep their names."""
    client.force_login(world.users["co_a.coordinator"])
    html = client.get(URL).content.decode()
    groups = re.findall(r"<fieldset\b[^>]*>\s*<legend>([^<]+)</legend>(.*?)</fieldset>", html, re.S)
    legends = {legend.strip(): body for legend, body in groups}
    assert set(legends) == {"What the token may do", "How long it works"}
    assert 'type="checkbox" name="scopes"' in legends["What the token may do"]
    assert 'type="radio" name="lifetime_days"' in legends["How long it works"]
    assert 'for="id_scopes"' not in html and 'for="id_lifetime_days"' not in html
    assert '<label for="id_name">' in html  # a single field keeps its label
