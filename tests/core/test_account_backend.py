"""The account backend loads, with the user of a signed-in request, what the scope and the second-factor
check would otherwise ask in three more queries (issue 15) — and the answers are the same."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from jetpm.core.auth_backend import AccountBackend
from jetpm.core.models import User
from jetpm.core.scoping import scope_of
from jetpm.core.second_factor import had_confirmed_device

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    """The same account read without the backend (as a service or a command reads it)."""
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize(
    "username", ["applicant_a", "alumnus_a", "mission_a.staff", "co_a.coordinator", "superuser"]
)
def test_the_scope_from_the_loaded_user_is_the_scope_from_queries(world, username):
    loaded = AccountBackend().get_user(world.users[username].pk)
    assert loaded is not None
    assert scope_of(loaded) == scope_of(fresh(world.users[username]))


def test_an_applicant_s_scope_and_second_factor_cost_no_query_after_the_user(world):
    loaded = AccountBackend().get_user(world.users["applicant_a"].pk)
    with CaptureQueriesContext(connection) as queries:
        scope = scope_of(loaded)
        has_device = had_confirmed_device(loaded)
    assert len(queries) == 0
    assert scope.person_id == world.persons["applicant_a"].pk and scope.roles == frozenset()
    assert has_device is False


def test_staff_still_read_their_memberships(world):
    loaded = AccountBackend().get_user(world.users["mission_a.staff"].pk)
    with CaptureQueriesContext(connection) as queries:
        scope = scope_of(loaded)
    assert len(queries) == 1  # the memberships; the person (none) came with the user
    assert world.orgs["mission_a"].pk in scope.mission_ids


def test_a_user_loaded_otherwise_is_still_asked(world):
    user = fresh(world.users["applicant_a"])
    with CaptureQueriesContext(connection) as queries:
        scope_of(user)
        had_confirmed_device(user)
    assert len(queries) == 3  # memberships, person, second factor


def test_a_confirmed_device_is_known_with_the_user(world):
    user = world.users["co_a.coordinator"]
    TOTPDevice.objects.create(user=user, name="JETPM", confirmed=True)
    assert had_confirmed_device(AccountBackend().get_user(user.pk)) is True


def test_an_inactive_account_is_not_loaded(world):
    user = world.users["applicant_a"]
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert AccountBackend().get_user(user.pk) is None


def test_a_signed_in_applicant_s_page_pays_two_queries_before_the_view(world, client):
    client.force_login(world.users["applicant_a"])
    client.get(reverse("applications:portal"))  # warm: the language chosen at sign-in is saved once
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("applications:portal"))
    assert response.status_code == 200
    sqls = [q["sql"] for q in queries.captured_queries]
    users = [s for s in sqls if s.startswith('SELECT "core_user"')]
    assert len(users) == 1 and 'FROM "core_person"' not in users[0]  # the person is a join, not a query
    others = [s for s in sqls if s not in users]
    assert not any('FROM "core_membership"' in s or 'FROM "otp_totp_totpdevice"' in s for s in others)
    assert not any(s.startswith('SELECT "core_person"."id" AS "id", "core_person"."kind"') for s in others)
