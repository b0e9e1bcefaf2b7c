"""Every figure of the evaluation is computed in a bounded number of queries at the full demo scale (about
10,000 applications an intake): the command, the pages and the downloads."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from jetpm.core.models import User
from jetpm.demo.world.core import PUBLISHED_YEAR, SCREENING_YEAR

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_bounded_queries_at_full_scale(full_world: None, django_assert_max_num_queries: Any) -> None:
    from jetpm.applications.models import Application

    assert Application.objects.filter(intake_year=PUBLISHED_YEAR).count() > 8000
    for by in ("country", "gender", "age_band", "mission", "panel"):
        with django_assert_max_num_queries(3):
            out = io.StringIO()
            call_command(
                "stats", "outcomes", "--fy", str(PUBLISHED_YEAR), "--by", by, "--format", "csv", stdout=out
            )
        assert out.getvalue().count("\n") > 2
    client = Client()
    client.force_login(User.objects.get(username="mofa.staff"))
    # the compact FY2025 intake, the finished one and the one in screening
    assert Application.objects.filter(intake_year=PUBLISHED_YEAR - 1).count() > 8000
    for year in (PUBLISHED_YEAR - 1, PUBLISHED_YEAR, SCREENING_YEAR):
        for path, params in (
            ("/evaluation/outcomes/", {"by": "panel"}),
            ("/evaluation/outcomes/", {"by": "country", "format": "csv"}),
            ("/evaluation/outcomes/", {"format": "xlsx"}),
            ("/evaluation/fairness/", {"by": "country"}),
        ):
            with django_assert_max_num_queries(25):
                response = client.get(path, {"fy": str(year), **params})
            assert response.status_code == 200
    severe = [
        line
        for line in client.get("/evaluation/fairness/", {"fy": str(PUBLISHED_YEAR)})
        .content.decode()
        .splitlines()
        if 'data-testid="fairness-flagged"' in line
    ]
    assert severe
