"""Reads of the fairness view: the panels' stage results of a year and of the year before, and the Council's
selection lists with the panel of each candidate — each one query. National bodies only."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from jetpm.core.scoping import scope_of, visible_to
from jetpm.evaluation.fairness.stats import Listed, Scored, SelectionList
from jetpm.evaluation.outcomes.selectors import DECIDED_LISTS, panel_key
from jetpm.evaluation.permissions import can_see_outcomes
from jetpm.screening.models import StageResult
from jetpm.selection.models import SelectionEntry


def scored(user: Any, *, fiscal_year: int) -> list[Scored]:
    """Every scored stage result of the intake year's applications on a panel: one query.

    Calibration is recorded on the result itself: ``mean`` (or the chair's ``resolved`` score) is the score
    before calibration, ``z_score`` (within the panel and stage) the score after it."""
    if not can_see_outcomes(scope_of(user)):
        return []
    rows = (
        visible_to(user, StageResult.objects.all())
        .filter(
            application__intake_year=fiscal_year,
            mean__isnull=False,
            application__assignment__isnull=False,
        )
        .order_by()
        .values_list(
            "application__assignment__panel__mission__code",
            "application__assignment__panel__name",
            "application__assignment__panel__disagreement_threshold",
            "stage",
            "mean",
            "resolved",
            "z_score",
            "spread",
        )
    )
    return [
        Scored(
            panel=panel_key(mission, name),
            stage=stage,
            raw=float(resolved if resolved is not None else mean or 0),  # mean: not null (filtered)
            z=z,
            spread=None if spread is None else float(spread),
            threshold=float(threshold),
        )
        for mission, name, threshold, stage, mean, resolved, z, spread in rows
    ]


def selection_lists(user: Any, *, fiscal_year: int) -> list[SelectionList]:
    """The Council's lists (approved or published) of the intake year with their candidates: one query."""
    if not can_see_outcomes(scope_of(user)):
        return []
    rows = (
        visible_to(user, SelectionEntry.objects.all())
        .filter(selection__intake_year=fiscal_year, selection__status__in=DECIDED_LISTS)
        .order_by("selection_id", "pk")
        .values_list(
            "selection_id",
            "selection__country__code",
            "selection__job_type",
            "selection__seats",
            "application_id",
            "application__assignment__panel__mission__code",
            "application__assignment__panel__name",
            "score",
            "z_score",
        )
    )
    lists: dict[int, tuple[str, int]] = {}
    candidates: dict[int, list[Listed]] = defaultdict(list)
    for list_id, country, job, seats, app_id, mission, name, score, z in rows:
        lists[list_id] = (f"{country}/{job}", seats)
        candidates[list_id].append(Listed(app_id, panel_key(mission, name), score or Decimal(0), z))
    return [SelectionList(key, seats, candidates[pk]) for pk, (key, seats) in lists.items()]
