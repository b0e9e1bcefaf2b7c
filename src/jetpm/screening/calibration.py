"""Calibration of panel scores (pure: no Django). A panel's members may score generously or harshly; the
z-score of each application's final score within its panel-stage puts panels on one scale."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction


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
    """z = (x − mean) / sd over the given scores (population standard deviation); sd 0 → z 0.

    The mean and the variance are computed exactly (fractions of the floats), so equal scores have a spread
    of exactly zero: in floating point 3.7 + 3.7 + 3.7 ≠ 3 × 3.7, and the rounding error divided by itself
    gave z = ±1 for everyone."""
    if not scores:
        return []
    n = len(scores)
    exact = [Fraction(s.value) for s in scores]
    mean = sum(exact, Fraction(0)) / n
    variance = sum(((x - mean) ** 2 for x in exact), Fraction(0)) / n
    if variance == 0:
        return [Calibrated(key=s.key, value=s.value, z=0.0) for s in scores]
    # z² = (x − mean)² / variance is exact; only its square root is floating point (no underflow either
    # where the scores differ by less than the smallest float's square root).
    return [
        Calibrated(key=s.key, value=s.value, z=math.copysign(math.sqrt((x - mean) ** 2 / variance), x - mean))
        for s, x in zip(scores, exact, strict=True)
    ]


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
