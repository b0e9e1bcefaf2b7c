"""Apportionment: divide ``total`` seats among shares by a named, published method.

The contract is ``/work/shared/formats/apportionment.md``
(``jetpm plan apportion INPUT.json [-o OUTPUT.json]``). This module is pure Python (no Django):
dataclasses in, dataclasses out, exact arithmetic throughout. Seats are handed out one at a time, so the
work grows with ``total`` (O(total · log shares)): instant for the thousands of recruits of a year.

Arithmetic
    Weights are :class:`fractions.Fraction`; a float is read through its shortest decimal text
    (``Fraction(str(x))``), so the JSON ``0.1`` means exactly 1/10. Priorities are compared exactly:
    Huntington–Hill's ``w / sqrt(n(n+1))`` through its square ``w² / (n(n+1))`` (``w ≥ 0``, so squaring
    keeps the order); ``d(0) = 0`` (Huntington–Hill, Adams) gives a share with weight > 0 priority
    *infinity*. A share with weight 0 has priority 0 under every method (0/0 is taken as 0, never infinity).

Divisor methods (``dhondt``, ``sainte-lague``, ``huntington-hill``, ``adams``)
    Each share starts at its ``min``; the remaining seats are handed out one at a time to the share with the
    highest priority ``weight / d(n)`` among the shares below their ``max``; d(n) is n+1, n+½, sqrt(n(n+1)),
    n. Two infinite priorities are equal (they tie and the tie is broken by id, not by weight).

Hamilton (``hamilton``, largest remainder)
    Literally as the contract says: each share gets the floor of its quota ``total × weight / Σ weights``,
    clamped to ``[min, max]``; then the remaining seats go one at a time to the largest remainder, where a
    share's remainder is ``quota − seats`` (its fractional part when not clamped), among the shares below
    their ``max``. A share that receives a seat has its remainder lowered by one, so when the maxima leave
    more seats than shares it can receive again. When the minima push the sum above ``total``, seats are
    taken back one at a time from the smallest remainder (the most over-represented share) among the shares
    above their ``min``. With no binding ``min``/``max`` this is the classic method (each share gets the
    floor or the ceiling of its quota).

Ties
    "An exact tie for the last seat is broken by id (string order) and reported in ``ties``": whenever two
    shares have exactly equal priority (or remainder), the one whose id sorts first (Python ``str`` order,
    i.e. code points) is served first; when seats are taken back (Hamilton), the one whose id sorts last
    gives one up — the smaller id is always favoured. ``ties`` is empty unless, at the step that handed out
    the *last* seat (for Hamilton: the last remainder seat, or the last seat taken back), another eligible
    share (below its ``max``; above its ``min`` when taking back) had exactly the same priority as the share
    chosen; then it lists the chosen share and all those equal ones, sorted by id. Shares that were tied
    earlier but all got their seats are not a tie for the last seat. No remainder seats (or no seats beyond
    the minima) → no tie.

Validation (everything raises :class:`ApportionmentError`, a ``ValueError`` whose message names the cause)
    ``total`` a whole number ≥ 0; ``method`` one of :data:`METHODS`; ``shares`` a non-empty list; ids
    non-empty, unique strings; ``weight`` a finite number ≥ 0 (not a boolean); ``min``/``max`` whole numbers
    ≥ 0 (``null`` means the default: 0, none); ``min ≤ max``; Σ min ≤ ``total``; Σ max ≥ ``total`` when
    every share has a max; unknown fields are rejected (a misspelt ``maximum`` must not be silently
    ignored).

All weights zero
    If every weight is 0 and seats remain beyond the minima, the input is rejected ("all weights are zero"):
    the quotas (0/0) and the first priorities of Huntington–Hill and Adams are undefined, and handing seats
    out by id order alone would not be an apportionment. If the minima use up ``total``, the answer is the
    minima. Some (not all) weights zero is fine: a zero-weight share has priority 0 (quota 0) and gets seats
    beyond its minimum only once every share of positive weight is at its ``max``: under a divisor method
    all of them to the smallest such id (0 / d(n) is 0 for every n, an exact tie each time), under Hamilton
    in turn (its remainder ``0 − seats`` falls with each seat).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

METHODS = ("hamilton", "dhondt", "sainte-lague", "huntington-hill", "adams")

_SHARE_FIELDS = frozenset({"id", "weight", "min", "max"})
_INPUT_FIELDS = frozenset({"total", "method", "shares"})


class ApportionmentError(ValueError):
    """An impossible or malformed input; the message names the cause."""


@dataclass(frozen=True)
class Share:
    id: str
    weight: float | int | Fraction
    min: int = 0
    max: int | None = None


@dataclass(frozen=True)
class Result:
    method: str
    total: int
    seats: dict[str, int]
    ties: list[str]


# --- validation ------------------------------------------------------------------------------------------


def _whole(value: Any, where: str) -> int:
    """A whole number ≥ 0 (an int, or an integral float such as 3.0 from JSON)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise ApportionmentError(f"{where} must be a whole number ≥ 0, got {value!r}")
    if isinstance(value, float) and not math.isfinite(value):
        raise ApportionmentError(f"{where} must be a whole number ≥ 0, got {value!r}")
    if value != int(value):
        raise ApportionmentError(f"{where} must be a whole number ≥ 0, got {value!r}")
    if value < 0:
        raise ApportionmentError(f"{where} must be a whole number ≥ 0, got {value!r}")
    return int(value)


def _weight(value: Any, where: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, int | float | Fraction):
        raise ApportionmentError(f"{where} must be a number ≥ 0, got {value!r}")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ApportionmentError(f"{where} must be a finite number ≥ 0, got {value!r}")
        exact = Fraction(str(value))
    else:
        exact = Fraction(value)
    if exact < 0:
        raise ApportionmentError(f"negative weight: {where} is {value!r} (must be ≥ 0)")
    return exact


@dataclass(frozen=True)
class _Checked:
    ids: list[str]
    weights: list[Fraction]
    mins: list[int]
    maxes: list[int | None]


def _check_head(total: Any, method: Any) -> int:
    total = _whole(total, "total")
    if not isinstance(method, str) or method not in METHODS:
        raise ApportionmentError(f"unknown method {method!r}: use one of {', '.join(METHODS)}")
    return total


def _check(total: Any, method: Any, shares: Sequence[Any]) -> _Checked:
    """Validate the whole problem (types and feasibility); return exact, normalised values."""
    total = _check_head(total, method)
    if isinstance(shares, str | bytes) or not isinstance(shares, Sequence) or len(shares) == 0:
        raise ApportionmentError("shares must be a non-empty list")
    ids: list[str] = []
    weights: list[Fraction] = []
    mins: list[int] = []
    maxes: list[int | None] = []
    seen: set[str] = set()
    for i, share in enumerate(shares):
        where = f"shares[{i}]"
        if not isinstance(share, Share):
            raise ApportionmentError(f"{where} must be a Share, got {share!r}")
        if not isinstance(share.id, str) or share.id == "":
            raise ApportionmentError(f"{where}.id must be a non-empty string, got {share.id!r}")
        if share.id in seen:
            raise ApportionmentError(f"duplicate id {share.id!r} ({where})")
        seen.add(share.id)
        where = f"shares[{i}] ({share.id})"
        weight = _weight(share.weight, f"{where}.weight")
        low = _whole(share.min, f"{where}.min")
        high = None if share.max is None else _whole(share.max, f"{where}.max")
        if high is not None and low > high:
            raise ApportionmentError(f"min above max: {where} has min {low} > max {high}")
        ids.append(share.id)
        weights.append(weight)
        mins.append(low)
        maxes.append(high)
    sum_min = sum(mins)
    if sum_min > total:
        raise ApportionmentError(f"the sum of minimums ({sum_min}) is above total ({total})")
    if all(high is not None for high in maxes):
        sum_max = sum(high for high in maxes if high is not None)
        if sum_max < total:
            raise ApportionmentError(f"the sum of maximums ({sum_max}) is below total ({total})")
    if total > sum_min and all(w == 0 for w in weights):
        raise ApportionmentError(
            f"all weights are zero: the {total - sum_min} seat(s) beyond the minimums cannot be apportioned"
        )
    return _Checked(ids=ids, weights=weights, mins=mins, maxes=maxes)


def parse_input(data: Any) -> tuple[int, str, list[Share]]:
    """Validate a decoded JSON input document and return ``(total, method, shares)``."""
    if not isinstance(data, dict):
        raise ApportionmentError(f"the input must be a JSON object, got {type(data).__name__}")
    unknown = sorted(set(data) - _INPUT_FIELDS)
    if unknown:
        raise ApportionmentError(f"unknown field(s) in the input: {', '.join(map(repr, unknown))}")
    for key in ("total", "method", "shares"):
        if key not in data:
            raise ApportionmentError(f"missing field {key!r}")
    _check_head(data["total"], data["method"])
    raw_shares = data["shares"]
    if not isinstance(raw_shares, list) or not raw_shares:
        raise ApportionmentError("shares must be a non-empty list")
    shares: list[Share] = []
    for i, item in enumerate(raw_shares):
        where = f"shares[{i}]"
        if not isinstance(item, dict):
            raise ApportionmentError(f"{where} must be an object, got {item!r}")
        unknown = sorted(set(item) - _SHARE_FIELDS)
        if unknown:
            raise ApportionmentError(f"unknown field(s) in {where}: {', '.join(map(repr, unknown))}")
        for key in ("id", "weight"):
            if key not in item:
                raise ApportionmentError(f"{where} is missing {key!r}")
        low = item.get("min")
        high = item.get("max")
        shares.append(
            Share(
                id=item["id"],
                weight=item["weight"],
                min=0 if low is None else low,
                max=high,
            )
        )
    checked = _check(data["total"], data["method"], shares)
    total = _whole(data["total"], "total")
    method: str = data["method"]
    # Normalised: exact weights, int bounds (3.0 → 3).
    normal = [
        Share(id=i, weight=w, min=lo, max=hi)
        for i, w, lo, hi in zip(checked.ids, checked.weights, checked.mins, checked.maxes, strict=True)
    ]
    return total, method, normal


# --- the methods -----------------------------------------------------------------------------------------

# A priority is a totally ordered key: (1, 0) is infinity, (0, x) is the finite value x.
_Priority = tuple[int, Fraction]
_INFINITY: _Priority = (1, Fraction(0))


def _dhondt(w: Fraction, n: int) -> _Priority:
    return (0, w / (n + 1))


def _sainte_lague(w: Fraction, n: int) -> _Priority:
    return (0, 2 * w / (2 * n + 1))


def _huntington_hill(w: Fraction, n: int) -> _Priority:
    if n == 0:
        return _INFINITY if w > 0 else (0, Fraction(0))
    return (0, w * w / (n * (n + 1)))  # the square of w / sqrt(n(n+1)): same order, exact


def _adams(w: Fraction, n: int) -> _Priority:
    if n == 0:
        return _INFINITY if w > 0 else (0, Fraction(0))
    return (0, w / n)


_DIVISOR: dict[str, Callable[[Fraction, int], _Priority]] = {
    "dhondt": _dhondt,
    "sainte-lague": _sainte_lague,
    "huntington-hill": _huntington_hill,
    "adams": _adams,
}


def _below(seats: int, high: int | None) -> bool:
    return high is None or seats < high


def _neg(p: _Priority) -> tuple[int, Fraction]:
    return (-p[0], -p[1])


def _divisor(
    total: int, c: _Checked, priority: Callable[[Fraction, int], _Priority]
) -> tuple[list[int], list[str]]:
    seats = list(c.mins)
    remaining = total - sum(seats)
    # Max-heap by priority, then smallest id first: entries (−priority, id, index).
    heap = [
        (_neg(priority(c.weights[k], seats[k])), c.ids[k], k)
        for k in range(len(seats))
        if _below(seats[k], c.maxes[k])
    ]
    heapq.heapify(heap)
    ties: list[str] = []
    for step in range(remaining):
        key, _id, k = heapq.heappop(heap)
        if step == remaining - 1:
            tied = [c.ids[k]] + [other_id for other_key, other_id, _ in heap if other_key == key]
            ties = sorted(tied) if len(tied) > 1 else []
        seats[k] += 1
        if _below(seats[k], c.maxes[k]):
            heapq.heappush(heap, (_neg(priority(c.weights[k], seats[k])), c.ids[k], k))
    return seats, ties


class _Desc:
    """Wraps a string so that heap order is descending (the largest id first)."""

    __slots__ = ("s",)

    def __init__(self, s: str) -> None:
        self.s = s

    def __lt__(self, other: _Desc) -> bool:
        return self.s > other.s

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Desc) and self.s == other.s

    def __hash__(self) -> int:
        return hash(self.s)


def _hamilton(total: int, c: _Checked) -> tuple[list[int], list[str]]:
    n = len(c.ids)
    weight_sum = sum(c.weights, Fraction(0))
    if total == sum(c.mins):
        return list(c.mins), []
    # weight_sum > 0 here: _check rejects all-zero weights when seats remain beyond the minimums.
    quotas = [total * w / weight_sum for w in c.weights]
    seats = []
    for k in range(n):
        s = max(math.floor(quotas[k]), c.mins[k])
        high = c.maxes[k]
        seats.append(s if high is None else min(s, high))
    diff = total - sum(seats)
    ties: list[str] = []
    if diff > 0:
        # Largest remainder (quota − seats) first, then smallest id; only shares below their max.
        give = [(-(quotas[k] - seats[k]), c.ids[k], k) for k in range(n) if _below(seats[k], c.maxes[k])]
        heapq.heapify(give)
        for step in range(diff):
            key, _id, k = heapq.heappop(give)
            if step == diff - 1:
                tied = [c.ids[k]] + [other_id for other_key, other_id, _ in give if other_key == key]
                ties = sorted(tied) if len(tied) > 1 else []
            seats[k] += 1
            if _below(seats[k], c.maxes[k]):
                heapq.heappush(give, (-(quotas[k] - seats[k]), c.ids[k], k))
    elif diff < 0:
        # Smallest remainder (most over-represented) gives a seat back; on equal remainders the largest id.
        take = [(quotas[k] - seats[k], _Desc(c.ids[k]), k) for k in range(n) if seats[k] > c.mins[k]]
        heapq.heapify(take)
        for step in range(-diff):
            rest, _desc, k = heapq.heappop(take)
            if step == -diff - 1:
                tied = [c.ids[k]] + [c.ids[other_k] for other_rest, _, other_k in take if other_rest == rest]
                ties = sorted(tied) if len(tied) > 1 else []
            seats[k] -= 1
            if seats[k] > c.mins[k]:
                heapq.heappush(take, (quotas[k] - seats[k], _Desc(c.ids[k]), k))
    return seats, ties


def apportion(total: int, method: str, shares: Sequence[Share]) -> Result:
    """Apportion ``total`` seats among ``shares`` by ``method`` (one of :data:`METHODS`).

    Raises :class:`ApportionmentError` for an impossible or malformed input (see the module docstring).
    ``Result.seats`` keeps the order of ``shares``; ``Result.ties`` is sorted (empty when no exact tie decided
    the last seat).
    """
    checked = _check(total, method, shares)
    total = int(total)
    if method == "hamilton":
        seats, ties = _hamilton(total, checked)
    else:
        seats, ties = _divisor(total, checked, _DIVISOR[method])
    return Result(method=method, total=total, seats=dict(zip(checked.ids, seats, strict=True)), ties=ties)


def to_output(result: Result) -> dict[str, Any]:
    """The output JSON document: ``{"method", "total", "seats", "ties"}``, seats in input order."""
    return {
        "method": result.method,
        "total": result.total,
        "seats": dict(result.seats),
        "ties": list(result.ties),
    }
