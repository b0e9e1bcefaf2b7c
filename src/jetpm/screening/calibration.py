"""Calibration of panel scores (pure: no Django). A panel's members may score generously or harshly; the
z-score of each application's final score within its panel-stage puts panels on one scale."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Score:
    key: int  # the application (or any identifier)
    value: float


@dataclass(frozen=True)
class Calibrated:
    key: int
    value: float
    z: float


@dataclass(frozen=True)
class Summary:
    mean: float
    spread: float  # highest − lowest


def z_scores(scores: Sequence[Score]) -> list[Calibrated]:
    """z = (x − mean) / sd over the given scores (population standard deviation); sd 0 → z 0."""
    if not scores:
        return []
    n = len(scores)
    mean = sum(s.value for s in scores) / n
    sd = math.sqrt(sum((s.value - mean) ** 2 for s in scores) / n)
    return [Calibrated(key=s.key, value=s.value, z=0.0 if sd == 0 else (s.value - mean) / sd) for s in scores]


def summarise(values: Sequence[float]) -> Summary | None:
    """The mean and the spread of the members' weighted scores; None without any."""
    if not values:
        return None
    return Summary(mean=sum(values) / len(values), spread=max(values) - min(values))


def weighted(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """Σ wᵢ·sᵢ / Σ wᵢ over the criteria (every criterion of ``weights`` must be scored)."""
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("the weights sum to zero")
    return sum(weights[c] * scores[c] for c in weights) / total


def disagrees(spread: float | None, threshold: float) -> bool:
    return spread is not None and spread > threshold
