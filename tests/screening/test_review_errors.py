"""The review form reports every refused score at once (issue 10, D17), and the mission's decision select
starts on “— choose —” (A2)."""

from __future__ import annotations

import pytest

from jetpm.core.errors import FieldErrors
from jetpm.screening.forms.review import DecisionForm
from jetpm.screening.models import Review
from jetpm.screening.services import reviews
from tests.screening.support import ready

pytestmark = pytest.mark.django_db


def test_every_refused_score_is_reported(world):
    s = ready(world)
    with pytest.raises(FieldErrors) as exc:
        reviews.save_review(
            actor=world.users["panelist_a"],
            application_id=s.app.pk,
            stage="documents",
            scores={"motivation": 9},
            submit=True,
        )
    assert {f for f, _m in exc.value.errors} == {"score_motivation", "score_experience"}
    assert not Review.objects.exists()


def test_the_review_page_shows_every_error_together(world, client):
    s = ready(world)
    client.force_login(world.users["panelist_a"])
    bad = client.post(f"/screening/applications/{s.app.pk}/", {"score_motivation": "7", "submit": "1"})
    assert bad.status_code == 400
    assert set(bad.context["form"].errors) == {"score_motivation", "score_experience"}
    worse = client.post(
        f"/screening/applications/{s.app.pk}/",
        {"score_motivation": "x", "score_experience": "9", "submit": "1"},
    )
    assert set(worse.context["form"].errors) == {"score_motivation", "score_experience"}
    assert "between" in " ".join(worse.context["form"].errors["score_experience"])


def test_the_decision_select_starts_on_choose():
    form = DecisionForm(initial={"stage": "documents"})
    html = str(form["passed"])
    assert html.index('value=""') < html.index('value="1"')
    assert 'value="1" selected' not in html and 'value="0" selected' not in html
    assert not DecisionForm({"stage": "documents", "passed": ""}).is_valid()
