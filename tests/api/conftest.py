"""The API's tests: the small world with the records the API exchanges, and tokens."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from jetpm.api import scopes
from jetpm.api.services import issue_token
from jetpm.core.models import User
from tests.world import World, add_integration_records

INSIDE_REQUESTS_WINDOW = "2026-12-01 10:00:00+09:00"  # the requests of intake 2027: 2026-10-01..2027-02-28


@pytest.fixture
def records(world: World) -> dict[str, Any]:
    return add_integration_records(world)


@pytest.fixture
def bearer() -> Callable[..., dict[str, str]]:
    """``bearer(user, scopes)``: the headers of a new token of ``user`` (every scope by default), working
    for a year (the longest lifetime), so that tests that travel in time keep it."""

    def make(user: User, token_scopes: list[str] | tuple[str, ...] = scopes.ALL) -> dict[str, str]:
        _row, plain = issue_token(
            actor=None, user=user, name="test", scopes=list(token_scopes), lifetime_days=365
        )
        return {"Authorization": f"Bearer {plain}"}

    return make
