"""A submitted review lists its scores by the names of the criteria in the reader's language, not by code."""

from __future__ import annotations

import re

import pytest

from jetpm.planning.models import Criterion
from tests.screening.support import ready

pytestmark = pytest.mark.django_db


def test_scores_are_shown_by_criterion_name(world, client):
    s = ready(world)
    client.force_login(world.users["panelist_a"])
    url = f"/screening/applications/{s.app.pk}/"
    data = {"score_motivation": "4", "score_experience": "3", "comment": "fine", "submit": "1"}
    assert client.post(url, data).status_code == 302
    page = client.get(url).content.decode()
    locked = page[page.index('data-testid="review-locked"') :]
    items = re.findall(r"<li>([^<]+)</li>", locked[: locked.index("</ul>")])
    motivation = Criterion.objects.filter(code="motivation").first()
    assert motivation is not None
    assert f"{motivation.name_en}: 4" in items
    assert not any(item.startswith(("motivation:", "experience:")) for item in items)
