"""MOFA's support of JETAA through the API (``GET /api/alumni/jetaa-support?fy=``, scope ``alumni:read``): the
rows of ``jetpm stats jetaa-support`` as the token's user may see them; a bad year is 422, a token without the
scope 403."""

from __future__ import annotations

from typing import Any

import pytest

from jetpm.api.services import issue_token
from jetpm.core.models import User
from jetpm.jetaa import services
from tests.jetaa.helpers import approved_year, link_chapters, submitted_to_hq, this_year
from tests.world import World

pytestmark = pytest.mark.django_db


def _headers(user: User, scopes: list[str]) -> dict[str, str]:
    _row, plain = issue_token(actor=None, user=user, name="test", scopes=scopes, lifetime_days=365)
    return {"Authorization": f"Bearer {plain}"}


def _get(client: Any, user: User, fy: Any, scopes: list[str] | None = None) -> Any:
    return client.get(
        "/api/alumni/jetaa-support", {"fy": fy}, headers=_headers(user, scopes or ["alumni:read"])
    )


def test_the_years_support_by_mission_as_each_user_may_see_it(world: World, client: Any) -> None:
    link_chapters(world)
    approved_year(world)
    line_a = submitted_to_hq(world, "a")
    submitted_to_hq(world, "b")
    services.assess_line(actor=world.users["mofa.staff"], line_id=line_a.pk, decision="approve")
    fy = this_year()

    hq = _get(client, world.users["mofa.staff"], fy)
    assert hq.status_code == 200
    body = hq.json()
    codes = [row["mission"] for row in body["missions"]]
    assert codes == sorted([world.orgs["mission_a"].code, world.orgs["mission_b"].code])
    assert body["fiscal_year"] == fy
    total = body["total"]
    assert total["mission"] == "total" and total["chapters"] == 2 and total["projects"] == 2
    assert total["requested_yen"] == sum(r["requested_yen"] for r in body["missions"]) > 0
    assert total["approved_yen"] == line_a.requested_yen

    # a mission sees its own row only
    mine = _get(client, world.users["mission_a.staff"], fy).json()
    assert [row["mission"] for row in mine["missions"]] == [world.orgs["mission_a"].code]

    # a bad year, and a token without the scope
    assert _get(client, world.users["mofa.staff"], 1900).status_code == 422
    assert _get(client, world.users["mofa.staff"], "x").status_code == 422
    assert _get(client, world.users["mofa.staff"], fy, scopes=["planning:read"]).status_code == 403
