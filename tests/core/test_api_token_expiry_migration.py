"""The migration that gave API tokens their expiry: a token made before it expires a year after it was made,
but no sooner than 30 days after the upgrade (its system is not cut off on the day)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from jetpm.core.models import ApiToken

BEFORE = ("core", "0009_membership_role_counsellor")
AFTER = ("core", "0010_api_token_expiry")


# Migrations run outside a test's transaction (SQLite alters a table only so); the rows the database was
# created with (reference data) are restored afterwards.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_tokens_expire_a_year_after_creation_and_not_on_the_day_of_the_upgrade():
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_apps = executor.loader.project_state([BEFORE]).apps
    user = old_apps.get_model("core", "User").objects.create(username="integrator")
    tokens = old_apps.get_model("core", "ApiToken").objects
    now = timezone.now()
    made = {
        "recent": now - timedelta(days=10),
        "older": now - timedelta(days=350),
        "old": now - timedelta(days=400),
    }
    for n, (name, when) in enumerate(made.items()):
        row = tokens.create(user=user, name=name, digest=f"{n:064d}", prefix=f"{n:08d}", scopes=["core:read"])
        tokens.filter(pk=row.pk).update(created_at=when)

    executor = MigrationExecutor(connection)  # the graph as it is now (0009 applied)
    executor.migrate([AFTER])
    after = timezone.now()
    expires = dict(ApiToken.objects.values_list("name", "expires_at"))
    assert expires["recent"] == made["recent"] + timedelta(days=365)
    # 15 days left of its year would be less than the 30 days' notice: it gets the 30 days
    assert now + timedelta(days=30) <= expires["older"] <= after + timedelta(days=30)
    assert now + timedelta(days=30) <= expires["old"] <= after + timedelta(days=30)

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # back to the latest schema for the other tests
