from __future__ import annotations

from typing import Any

import pytest

from jetpm.selection.models import Offer
from tests.selection.support import Candidates, approve_plan, recommend
from tests.world import World


@pytest.fixture
def gb(world: World) -> Candidates:
    """An approved plan with 2 ALT seats for the UK and 1 for Ireland; five recommended UK candidates (one of
    them Japanese-speaking) and one Irish candidate."""
    Offer.objects.all().delete()  # the world's sample offer (on a submitted application) is not needed here
    approve_plan({("GB", "ALT"): 2, ("IE", "ALT"): 1})
    cands = recommend(
        world,
        "mission_a",
        [
            ("ann", 0.2, "80"),
            ("ben", 1.4, "70"),
            ("cat", None, "95"),
            ("dan", 0.9, "60"),
            ("eve", -0.5, "85"),
        ],
        languages={"ben": "ja"},
    )
    recommend(world, "mission_b", [("fay", 0.0, "75")])
    return cands


def post(client: Any, user: Any, url: str, data: dict[str, Any] | None = None) -> Any:
    client.force_login(user)
    return client.post(url, data or {})
