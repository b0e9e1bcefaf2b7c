"""Property tests (hypothesis) of the apportionment methods' known properties.

Sums and bounds always hold; Hamilton satisfies the quota rule when no bound binds; the divisor methods are
house monotone (one more seat never takes a seat from anyone), D'Hondt satisfies lower quota and Adams upper
quota; the result does not depend on the order of the shares, nor on the scale of the weights; exact ties go
to the smaller id; invalid documents raise ApportionmentError and nothing else.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jetpm.planning.apportionment import METHODS, ApportionmentError, Share, apportion, parse_input

DIVISOR_METHODS = [m for m in METHODS if m != "hamilton"]
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ids = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabc0é", min_size=1, max_size=3)
weights = st.one_of(
    st.integers(min_value=0, max_value=10_000),
    st.fractions(min_value=0, max_value=1000, max_denominator=50),
    st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False),
)


@st.composite
def problems(draw: st.DrawFn, *, bounds: bool = True, positive: bool = False) -> tuple[int, list[Share]]:
    """A feasible problem: ``(total, shares)`` with Σ min ≤ total ≤ Σ max (when every share has a max)."""
    names = draw(st.lists(ids, min_size=1, max_size=8, unique=True))
    shares = []
    for name in names:
        w = draw(st.integers(min_value=1, max_value=10_000) if positive else weights)
        low = draw(st.integers(min_value=0, max_value=5)) if bounds else 0
        high = draw(st.one_of(st.none(), st.integers(min_value=low, max_value=low + 30))) if bounds else None
        shares.append(Share(id=name, weight=w, min=low, max=high))
    sum_min = sum(s.min for s in shares)
    if all(s.max is not None for s in shares):
        top = sum(s.max for s in shares if s.max is not None)
    else:
        top = sum_min + 80
    total = draw(st.integers(min_value=sum_min, max_value=top))
    if total > sum_min:
        assume(any(Fraction(str(s.weight)) > 0 for s in shares))
    return total, shares


def _exact(w: float | int | Fraction) -> Fraction:
    return Fraction(str(w)) if isinstance(w, float) else Fraction(w)


@SETTINGS
@given(method=st.sampled_from(METHODS), problem=problems())
def test_sum_equals_total_and_bounds_hold(method: str, problem: tuple[int, list[Share]]) -> None:
    total, shares = problem
    result = apportion(total, method, shares)
    assert sum(result.seats.values()) == total
    assert list(result.seats) == [s.id for s in shares]
    for s in shares:
        assert result.seats[s.id] >= s.min
        if s.max is not None:
            assert result.seats[s.id] <= s.max
    assert result.ties == sorted(set(result.ties))
    assert len(result.ties) != 1
    assert set(result.ties) <= set(result.seats)


@SETTINGS
@given(problem=problems(bounds=False))
def test_hamilton_quota_rule(problem: tuple[int, list[Share]]) -> None:
    total, shares = problem
    weight_sum = sum(_exact(s.weight) for s in shares)
    assume(weight_sum > 0)
    result = apportion(total, "hamilton", shares)
    for s in shares:
        quota = total * _exact(s.weight) / weight_sum
        assert math.floor(quota) <= result.seats[s.id] <= math.ceil(quota)


@SETTINGS
@given(problem=problems(bounds=False))
def test_dhondt_lower_quota_and_adams_upper_quota(problem: tuple[int, list[Share]]) -> None:
    total, shares = problem
    weight_sum = sum(_exact(s.weight) for s in shares)
    assume(weight_sum > 0)
    jefferson = apportion(total, "dhondt", shares).seats
    adams = apportion(total, "adams", shares).seats
    for s in shares:
        quota = total * _exact(s.weight) / weight_sum
        assert jefferson[s.id] >= math.floor(quota)
        assert adams[s.id] <= math.ceil(quota)


@SETTINGS
@given(method=st.sampled_from(DIVISOR_METHODS), problem=problems())
def test_divisor_methods_are_house_monotone(method: str, problem: tuple[int, list[Share]]) -> None:
    total, shares = problem
    assume(any(_exact(s.weight) > 0 for s in shares))
    if all(s.max is not None for s in shares):
        assume(total + 1 <= sum(s.max for s in shares if s.max is not None))
    before = apportion(total, method, shares).seats
    after = apportion(total + 1, method, shares).seats
    assert all(after[k] >= before[k] for k in before)
    assert sum(after[k] - before[k] for k in before) == 1


@SETTINGS
@given(method=st.sampled_from(METHODS), problem=problems(), data=st.data())
def test_order_of_shares_does_not_matter(method: str, problem: tuple[int, list[Share]], data: Any) -> None:
    total, shares = problem
    shuffled = data.draw(st.permutations(shares))
    a = apportion(total, method, shares)
    b = apportion(total, method, shuffled)
    assert a.seats == b.seats  # the same mapping (dict equality ignores order)
    assert a.ties == b.ties
    assert apportion(total, method, shares) == a  # deterministic


@SETTINGS
@given(
    method=st.sampled_from(METHODS),
    problem=problems(positive=True),
    factor=st.integers(min_value=2, max_value=1000),
)
def test_scaling_the_weights_changes_nothing(
    method: str, problem: tuple[int, list[Share]], factor: int
) -> None:
    total, shares = problem
    scaled = [Share(s.id, _exact(s.weight) * factor, s.min, s.max) for s in shares]
    assert apportion(total, method, shares) == apportion(total, method, scaled)


@SETTINGS
@given(
    method=st.sampled_from(METHODS),
    names=st.lists(ids, min_size=2, max_size=8, unique=True),
    weight=st.integers(min_value=1, max_value=100),
    total=st.integers(min_value=0, max_value=60),
)
def test_equal_shares_favour_the_smaller_id(method: str, names: list[str], weight: int, total: int) -> None:
    result = apportion(total, method, [Share(n, weight) for n in names])
    ordered = [result.seats[n] for n in sorted(names)]
    assert ordered == sorted(ordered, reverse=True)
    assert max(ordered) - min(ordered) <= 1
    if total % len(names):
        # The last seat was decided among the equal shares that had one seat fewer: an exact tie.
        extra = total % len(names)
        assert result.ties == sorted(names)[extra - 1 :]
    else:
        assert result.ties == []


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-5, max_value=50)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=4),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4)
    ),
    max_leaves=12,
)
share_docs = st.fixed_dictionaries(
    {"id": st.one_of(ids, json_values), "weight": st.one_of(weights, json_values)},
    optional={
        "min": st.one_of(st.integers(-2, 8), json_values),
        "max": st.one_of(st.integers(-2, 8), json_values),
    },
)
documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {
            "total": st.one_of(st.integers(min_value=-3, max_value=40), json_values),
            "method": st.one_of(st.sampled_from(METHODS), json_values),
            "shares": st.one_of(st.lists(share_docs, max_size=5), json_values),
        }
    ),
)


@SETTINGS
@given(doc=documents)
def test_any_document_is_apportioned_or_rejected_with_apportionment_error(doc: Any) -> None:
    try:
        total, method, shares = parse_input(doc)
    except ApportionmentError as exc:
        assert str(exc)
        return
    result = apportion(total, method, shares)
    assert sum(result.seats.values()) == total


@SETTINGS
@given(method=st.sampled_from(METHODS), problem=problems(), data=st.data())
def test_impossible_inputs_are_rejected(method: str, problem: tuple[int, list[Share]], data: Any) -> None:
    total, shares = problem
    k = data.draw(st.integers(min_value=0, max_value=len(shares) - 1))
    s = shares[k]
    kind = data.draw(st.sampled_from(["min_sum", "max_sum", "min_max", "negative", "duplicate"]))
    if kind == "min_sum":
        bad = [*shares[:k], Share(s.id, s.weight, total + 1, None), *shares[k + 1 :]]
        cause = "minimums"
    elif kind == "max_sum":
        bad = [Share(x.id, x.weight, 0, 0 if i != k else max(total - 1, 0)) for i, x in enumerate(shares)]
        assume(total > 0)
        cause = "maximums"
    elif kind == "min_max":
        bad = [*shares[:k], Share(s.id, s.weight, s.min + 1, s.min), *shares[k + 1 :]]
        cause = "min above max"
    elif kind == "negative":
        bad = [*shares[:k], Share(s.id, -1 - _exact(s.weight), s.min, s.max), *shares[k + 1 :]]
        cause = "negative weight"
    else:
        bad = [*shares, Share(s.id, 1)]
        cause = "duplicate id"
    with pytest.raises(ApportionmentError, match=cause):
        apportion(total, method, bad)
