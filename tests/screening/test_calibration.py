"""The pure calibration module: weighted scores, mean and spread, z-scores."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jetpm.screening.calibration import Score, disagrees, summarise, weighted, z_scores


def test_weighted_score_is_the_weighted_mean():
    assert weighted({"a": 4, "b": 2}, {"a": 30, "b": 70}) == pytest.approx((4 * 30 + 2 * 70) / 100)


def test_weighted_refuses_zero_weights():
    with pytest.raises(ValueError):
        weighted({"a": 1}, {"a": 0})


def test_summary_mean_and_spread():
    s = summarise([3.0, 4.5, 2.0])
    assert s is not None
    assert s.mean == pytest.approx(9.5 / 3)
    assert s.spread == pytest.approx(2.5)
    assert summarise([]) is None


def test_disagreement_only_above_the_threshold():
    assert disagrees(1.5, 1.0)
    assert not disagrees(1.0, 1.0)
    assert not disagrees(None, 0.0)


def test_z_scores():
    out = {c.key: c.z for c in z_scores([Score(1, 2.0), Score(2, 4.0), Score(3, 6.0)])}
    sd = math.sqrt(8 / 3)
    assert out[1] == pytest.approx(-2 / sd)
    assert out[2] == pytest.approx(0.0)
    assert out[3] == pytest.approx(2 / sd)


def test_z_scores_with_no_spread_are_zero():
    assert [c.z for c in z_scores([Score(1, 3.0), Score(2, 3.0)])] == [0.0, 0.0]
    assert z_scores([]) == []


def test_equal_scores_whose_float_mean_is_off_by_a_rounding_error_are_zero():
    # 3.7 + 3.7 + 3.7 = 11.100000000000001 in floating point: the mean is not 3.7 and the float spread is
    # ~4e-16, which used to give z = -1 for all three reviewers' applications.
    assert [c.z for c in z_scores([Score(1, 3.7), Score(2, 3.7), Score(3, 3.7)])] == [0.0, 0.0, 0.0]
    assert {c.z for c in z_scores([Score(i, 0.1) for i in range(7)])} == {0.0}


def test_a_tiny_spread_is_still_a_spread():
    # the variance (~1e-503) underflows as a float; the z-scores of two different scores are −1 and +1
    assert [c.z for c in z_scores([Score(1, 0.0), Score(2, 8.560521039961139e-252)])] == [-1.0, 1.0]


@given(
    st.floats(min_value=0, max_value=100, allow_nan=False),
    st.integers(min_value=1, max_value=30),
)
def test_equal_scores_always_give_zero(value, n):
    assert {c.z for c in z_scores([Score(i, value) for i in range(n)])} == {0.0}


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=2, max_size=30))
def test_z_scores_have_mean_zero(values):
    zs = [c.z for c in z_scores([Score(i, v) for i, v in enumerate(values)])]
    assert sum(zs) == pytest.approx(0.0, abs=1e-6)
