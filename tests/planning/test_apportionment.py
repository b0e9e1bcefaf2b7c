"""Apportionment methods on published worked examples, the contract's rules, ties and validation.

Every expected result below was worked out by hand from the method's definition and, where it is a historical
apportionment, matches the published one. For the 1790 census examples, the comment gives a divisor D such
that each state's population / D rounded by the method's rule gives its seats (the classical divisor form of
the method), and `_rounds_to` checks that independently of the sequential algorithm under test.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from jetpm.planning.apportionment import (
    METHODS,
    ApportionmentError,
    Result,
    Share,
    apportion,
    parse_input,
    to_output,
)

# The 1790 census, apportionment population of the 15 states (Balinski & Young, "Fair Representation",
# 2nd ed. 2001, Appendix A; US Census Bureau, "Congressional Apportionment, Historical Perspective").
CENSUS_1790 = {
    "CT": 236841,
    "DE": 55540,
    "GA": 70835,
    "KY": 68705,
    "MD": 278514,
    "MA": 475327,
    "NH": 141822,
    "NJ": 179570,
    "NY": 331589,
    "NC": 353523,
    "PA": 432879,
    "RI": 68446,
    "SC": 206236,
    "VT": 85533,
    "VA": 630560,
}


def shares_of(weights: dict[str, int]) -> list[Share]:
    return [Share(id=k, weight=v) for k, v in weights.items()]


def seats(total: int, method: str, weights: dict[str, int]) -> dict[str, int]:
    return apportion(total, method, shares_of(weights)).seats


def _rounds_to(weights: dict[str, int], divisor: int, method: str) -> dict[str, int]:
    """The divisor form: round weight/divisor down (D'Hondt), to nearest (Webster), up (Adams), or at the
    geometric mean of the neighbouring integers (Huntington–Hill). Exact integer arithmetic."""
    out = {}
    for k, w in weights.items():
        q = Fraction(w, divisor)
        f = math.floor(q)
        if method == "dhondt":
            out[k] = f
        elif method == "sainte-lague":
            out[k] = f + (1 if q - f >= Fraction(1, 2) else 0)
        elif method == "adams":
            out[k] = math.ceil(q)
        else:  # huntington-hill: up iff q > sqrt(f(f+1)), i.e. q² > f(f+1)
            out[k] = f + (1 if q * q > f * (f + 1) else 0)
    return out


# --- published worked examples ------------------------------------------------------------------------


def test_dhondt_wikipedia_example() -> None:
    # Wikipedia, "D'Hondt method", Example: A 100,000, B 80,000, C 30,000, D 20,000 votes, 8 seats.
    # Quotients in order: A 100k, B 80k, A 50k, B 40k, A 33.3k, C 30k, B 26.7k, A 25k → A 4, B 3, C 1, D 0.
    assert seats(8, "dhondt", {"A": 100000, "B": 80000, "C": 30000, "D": 20000}) == {
        "A": 4,
        "B": 3,
        "C": 1,
        "D": 0,
    }


def test_sainte_lague_wikipedia_example() -> None:
    # Wikipedia, "Sainte-Laguë method", Example: the same votes and 8 seats; divisors 1, 3, 5, 7:
    # A 100k, B 80k, A 33.3k, C 30k, B 26.7k, A 20k, D 20k, B 16k → A 3, B 3, C 1, D 1.
    # (A's and D's 20k are equal but both win a seat: not a tie for the last seat.)
    result = apportion(8, "sainte-lague", shares_of({"A": 100000, "B": 80000, "C": 30000, "D": 20000}))
    assert result.seats == {"A": 3, "B": 3, "C": 1, "D": 1}
    assert result.ties == []


def test_dhondt_is_jeffersons_1792_apportionment() -> None:
    # The first US House apportionment (Act of 14 April 1792): Jefferson's method, 105 seats, divisor 33,000
    # (Balinski & Young, Appendix B; US Census Bureau, historical apportionment table).
    expected = {
        "CT": 7,
        "DE": 1,
        "GA": 2,
        "KY": 2,
        "MD": 8,
        "MA": 14,
        "NH": 4,
        "NJ": 5,
        "NY": 10,
        "NC": 10,
        "PA": 13,
        "RI": 2,
        "SC": 6,
        "VT": 2,
        "VA": 19,
    }
    assert _rounds_to(CENSUS_1790, 33000, "dhondt") == expected
    assert seats(105, "dhondt", CENSUS_1790) == expected


def test_hamilton_1792_vetoed_plan() -> None:
    # Hamilton's method for 120 seats: the bill George Washington vetoed in April 1792 (the first
    # presidential veto; Balinski & Young, ch. 2). Quotas 120 × p / 3,615,920; 111 seats by floors, the
    # nine largest remainders (DE, NH, NJ, VT, MD, CT, NC, SC, MA) take one more.
    assert seats(120, "hamilton", CENSUS_1790) == {
        "CT": 8,
        "DE": 2,
        "GA": 2,
        "KY": 2,
        "MD": 9,
        "MA": 16,
        "NH": 5,
        "NJ": 6,
        "NY": 11,
        "NC": 12,
        "PA": 14,
        "RI": 2,
        "SC": 7,
        "VT": 3,
        "VA": 21,
    }


def test_hamilton_alabama_paradox() -> None:
    # Wikipedia, "Apportionment paradox", Alabama paradox: populations 1500, 1500, 900, 500, 500, 200.
    # 25 seats: quotas 7.35, 7.35, 4.41, 2.45, 2.45, 0.98 → 7, 7, 4, 3, 3, 1 (F, D, E take the remainders);
    # 26 seats: quotas 7.65, 7.65, 4.59, 2.55, 2.55, 1.02 → 8, 8, 5, 2, 2, 1: one more seat, D and E lose one.
    pops = dict(zip("ABCDEF", [1500, 1500, 900, 500, 500, 200], strict=True))
    assert seats(25, "hamilton", pops) == {"A": 7, "B": 7, "C": 4, "D": 3, "E": 3, "F": 1}
    assert seats(26, "hamilton", pops) == {"A": 8, "B": 8, "C": 5, "D": 2, "E": 2, "F": 1}


# Webster, Huntington–Hill and Adams on the 1790 census with 105 seats, each with a divisor that rounds to it.
WEBSTER_105 = {
    "CT": 7,
    "DE": 2,
    "GA": 2,
    "KY": 2,
    "MD": 8,
    "MA": 14,
    "NH": 4,
    "NJ": 5,
    "NY": 10,
    "NC": 10,
    "PA": 13,
    "RI": 2,
    "SC": 6,
    "VT": 2,
    "VA": 18,
}
HILL_105 = {**WEBSTER_105, "PA": 12, "VT": 3}
ADAMS_105 = HILL_105


@pytest.mark.parametrize(
    ("method", "divisor", "expected"),
    [
        ("sainte-lague", 34500, WEBSTER_105),  # e.g. DE 55,540 / 34,500 = 1.61 → 2; VA 18.28 → 18
        ("huntington-hill", 34800, HILL_105),  # PA 12.44 < √(12·13) = 12.49 → 12; VT 2.458 > √6 = 2.449 → 3
        ("adams", 36500, ADAMS_105),  # every quotient rounded up: DE 1.52 → 2, PA 11.86 → 12, VA 17.28 → 18
    ],
)
def test_divisor_methods_on_1790_census(method: str, divisor: int, expected: dict[str, int]) -> None:
    assert sum(expected.values()) == 105
    assert _rounds_to(CENSUS_1790, divisor, method) == expected
    assert seats(105, method, CENSUS_1790) == expected


def test_huntington_hill_small_textbook_example() -> None:
    # By hand, 5 seats over weights 7, 3, 1: each gets its first seat at priority infinity (3 seats), then
    # A 7/√2 = 4.95 (A: 2), then A 7/√6 = 2.86 vs B 3/√2 = 2.12 → A: 3. Result 3, 1, 1.
    assert seats(5, "huntington-hill", {"A": 7, "B": 3, "C": 1}) == {"A": 3, "B": 1, "C": 1}
    # With 6 seats the next priorities are A 7/√12 = 2.02 and B 3/√2 = 2.12 → B.
    assert seats(6, "huntington-hill", {"A": 7, "B": 3, "C": 1}) == {"A": 3, "B": 2, "C": 1}


def test_adams_gives_every_positive_share_a_seat_first() -> None:
    # d(0) = 0: every share with weight > 0 has priority infinity until it has a seat.
    assert seats(3, "adams", {"A": 1000000, "B": 1, "C": 1}) == {"A": 1, "B": 1, "C": 1}
    assert seats(5, "adams", {"A": 1000000, "B": 1, "C": 1}) == {"A": 3, "B": 1, "C": 1}


def test_contract_example_input() -> None:
    # The contract's input (its output example shows the shape only): 2885 : 702 of 1829.
    total, method, shares = parse_input(
        {
            "total": 1829,
            "method": "huntington-hill",
            "shares": [{"id": "US", "weight": 2885, "min": 1, "max": None}, {"id": "GB", "weight": 702}],
        }
    )
    out = to_output(apportion(total, method, shares))
    assert out == {"method": "huntington-hill", "total": 1829, "seats": {"US": 1471, "GB": 358}, "ties": []}
    assert list(out) == ["method", "total", "seats", "ties"]


# --- exact arithmetic -------------------------------------------------------------------------------


def test_floats_are_exact_decimals() -> None:
    # Sainte-Laguë, 1 seat beyond the minimums: A 0.3 at 1 seat has priority 0.3 / 1.5 = 1/5 and B 0.1 at
    # 0 seats 0.1 / 0.5 = 1/5: an exact tie when the floats are read as decimals (in binary floating point
    # 0.3 / 1.5 = 0.19999999999999998 < 0.2 and B would win without a tie).
    result = apportion(2, "sainte-lague", [Share("A", 0.3, min=1), Share("B", 0.1)])
    assert result.seats == {"A": 2, "B": 0}
    assert result.ties == ["A", "B"]
    # A float and the Fraction of its decimal text are the same weight.
    result = apportion(1, "dhondt", [Share("B", 0.3), Share("A", Fraction(3, 10))])
    assert result.seats == {"B": 0, "A": 1}
    assert result.ties == ["A", "B"]


def test_huntington_hill_compares_exactly() -> None:
    # Start A 1, B 2 (their minimums). Seat 4: A 7/√2 (squared 49/2 = 24.5) vs B 10/√6 (100/6 = 16.7) → A;
    # seat 5: A 7/√6 (49/6 = 8.2) vs B 16.7 → B.
    result = apportion(5, "huntington-hill", [Share("A", 7, min=1), Share("B", 10, min=2)])
    assert result.seats == {"A": 2, "B": 3}
    assert result.ties == []


def test_huntington_hill_exact_tie_between_different_weights() -> None:
    # w1² · n2(n2+1) = w2² · n1(n1+1) with w1 = 1, n1 = 1 and w2 = 6, n2 = 8: 1 · 72 = 36 · 2. A at 1 seat and
    # B at 8 seats have exactly the same priority 1/√2 = 6/√72 for the one seat left: A wins by id.
    result = apportion(10, "huntington-hill", [Share("B", 6, min=8), Share("A", 1, min=1)])
    assert result.seats == {"B": 8, "A": 2}
    assert result.ties == ["A", "B"]
    # A difference of 10⁻¹⁶ in a weight is not a tie (exact arithmetic, no float rounding).
    result = apportion(
        10, "huntington-hill", [Share("B", 6, min=8), Share("A", Fraction(10**16 - 1, 10**16), min=1)]
    )
    assert result.seats == {"B": 9, "A": 1}
    assert result.ties == []


# --- min, max, ties ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("method", METHODS)
def test_min_and_max_are_respected(method: str) -> None:
    shares = [Share("A", 90, max=5), Share("B", 9, min=3), Share("C", 1, min=2, max=4)]
    result = apportion(20, method, shares)
    assert sum(result.seats.values()) == 20
    assert result.seats["A"] <= 5
    assert result.seats["B"] >= 3
    assert 2 <= result.seats["C"] <= 4


def test_hamilton_with_binding_max_hands_extra_seats_by_remainder() -> None:
    # 10 seats, weights 8 : 1 : 1, A's max 2 → quotas 8, 1, 1 → floors 2 (clamped), 1, 1; six seats remain
    # for B and C with equal remainders 0, −1, −2…: B, C, B, C, B, C (B first by id) → 2, 4, 4.
    result = apportion(10, "hamilton", [Share("A", 8, max=2), Share("B", 1), Share("C", 1)])
    assert result.seats == {"A": 2, "B": 4, "C": 4}
    assert result.ties == []  # B and C got three each: the last seat went to C, and B's remainder is lower


def test_hamilton_with_binding_min_takes_seats_back() -> None:
    # 10 seats, 9 : 1, B's min 5 → quotas 9, 1 → floors 9, 5 (clamped) = 14: four seats too many; A (quota 9,
    # remainder 9 − 9 = 0) vs B above its min? No: B is at its min, only A can give → 5, 5.
    result = apportion(10, "hamilton", [Share("A", 9), Share("B", 1, min=5)])
    assert result.seats == {"A": 5, "B": 5}


def test_hamilton_take_back_tie_favours_the_smaller_id() -> None:
    # Three equal shares over 3 seats, C's min 2 → floors 1, 1, 2 = 4: one too many; A and B have equal
    # remainders (0) → B (the larger id) gives its seat back; A and B are reported.
    result = apportion(3, "hamilton", [Share("A", 1), Share("B", 1), Share("C", 1, min=2)])
    assert result.seats == {"A": 1, "B": 0, "C": 2}
    assert result.ties == ["A", "B"]


@pytest.mark.parametrize("method", METHODS)
def test_exact_tie_for_the_last_seat_goes_to_the_smaller_id(method: str) -> None:
    result = apportion(1, method, [Share("Zeta", 1), Share("Alpha", 1), Share("Mid", 1)])
    assert result.seats == {"Zeta": 0, "Alpha": 1, "Mid": 0}
    assert result.ties == ["Alpha", "Mid", "Zeta"]
    result = apportion(2, method, [Share("Zeta", 1), Share("Alpha", 1), Share("Mid", 1)])
    assert result.seats == {"Zeta": 0, "Alpha": 1, "Mid": 1}
    assert result.ties == ["Mid", "Zeta"]  # Alpha got its seat before; Mid and Zeta tied for the last one
    result = apportion(3, method, [Share("Zeta", 1), Share("Alpha", 1), Share("Mid", 1)])
    assert result.ties == []


def test_infinite_priorities_tie_whatever_the_weights() -> None:
    # Huntington–Hill, 1 seat, weights 1000 and 1: both have priority infinity for their first seat
    # (d(0) = 0), an exact tie broken by id.
    result = apportion(1, "huntington-hill", [Share("B", 1000), Share("A", 1)])
    assert result.seats == {"B": 0, "A": 1}
    assert result.ties == ["A", "B"]


def test_tie_at_max_is_not_a_tie() -> None:
    # A is at its max: it cannot take the last seat, so its equal priority does not count.
    result = apportion(2, "dhondt", [Share("A", 1, max=1), Share("B", 1)])
    assert result.seats == {"A": 1, "B": 1}
    assert result.ties == []


def test_zero_weight_share_gets_seats_only_after_the_others_reach_their_max() -> None:
    # Divisor methods: 0 / d(n) is 0 for every n, so B and C always tie and B (the smaller id) takes them all.
    result = apportion(5, "dhondt", [Share("A", 3, max=2), Share("B", 0), Share("C", 0)])
    assert result.seats == {"A": 2, "B": 3, "C": 0}
    assert result.ties == ["B", "C"]
    # Hamilton: quotas 5, 0, 0 → 2 (max), 0, 0; remainders 0 − seats fall as seats are given: B, C, then B
    # and C both at −1 for the last seat → B, a tie.
    result = apportion(5, "hamilton", [Share("A", 3, max=2), Share("B", 0), Share("C", 0)])
    assert result.seats == {"A": 2, "B": 2, "C": 1}
    assert result.ties == ["B", "C"]
    result = apportion(3, "huntington-hill", [Share("A", 3), Share("B", 0)])
    assert result.seats == {"A": 3, "B": 0}  # weight 0 at 0 seats has priority 0, not infinity


@pytest.mark.parametrize("method", METHODS)
def test_all_zero_weights(method: str) -> None:
    with pytest.raises(ApportionmentError, match="all weights are zero"):
        apportion(3, method, [Share("A", 0), Share("B", 0, min=1)])
    # Nothing to apportion beyond the minimums: fine.
    assert apportion(1, method, [Share("A", 0), Share("B", 0, min=1)]).seats == {"A": 0, "B": 1}


@pytest.mark.parametrize("method", METHODS)
def test_zero_total(method: str) -> None:
    result = apportion(0, method, [Share("A", 5), Share("B", 1)])
    assert result == Result(method=method, total=0, seats={"A": 0, "B": 0}, ties=[])


def test_seats_keep_input_order() -> None:
    result = apportion(10, "dhondt", [Share("Z", 1), Share("A", 2), Share("M", 3)])
    assert list(result.seats) == ["Z", "A", "M"]
    assert list(to_output(result)["seats"]) == ["Z", "A", "M"]


# --- validation -------------------------------------------------------------------------------------------


def _doc(**over: object) -> dict[str, object]:
    base: dict[str, object] = {"total": 10, "method": "dhondt", "shares": [{"id": "A", "weight": 1}]}
    base.update(over)
    return base


@pytest.mark.parametrize(
    ("doc", "cause"),
    [
        ([], "must be a JSON object"),
        (_doc(total=-1), "total must be a whole number"),
        (_doc(total=1.5), "total must be a whole number"),
        (_doc(total=True), "total must be a whole number"),
        (_doc(total="10"), "total must be a whole number"),
        (_doc(method="jefferson"), "unknown method 'jefferson'"),
        (_doc(shares=[]), "shares must be a non-empty list"),
        (_doc(shares={"A": 1}), "shares must be a non-empty list"),
        (_doc(shares=["A"]), r"shares\[0\] must be an object"),
        (_doc(shares=[{"weight": 1}]), "missing 'id'"),
        (_doc(shares=[{"id": "A"}]), "missing 'weight'"),
        (_doc(shares=[{"id": "", "weight": 1}]), "id must be a non-empty string"),
        (_doc(shares=[{"id": 7, "weight": 1}]), "id must be a non-empty string"),
        (_doc(shares=[{"id": "A", "weight": 1}, {"id": "A", "weight": 2}]), "duplicate id 'A'"),
        (_doc(shares=[{"id": "A", "weight": -1}]), "negative weight"),
        (_doc(shares=[{"id": "A", "weight": True}]), "weight must be a number"),
        (_doc(shares=[{"id": "A", "weight": "3"}]), "weight must be a number"),
        (_doc(shares=[{"id": "A", "weight": float("nan")}]), "finite number"),
        (_doc(shares=[{"id": "A", "weight": 1, "min": -1}]), "min must be a whole number"),
        (_doc(shares=[{"id": "A", "weight": 1, "max": 2.5}]), "max must be a whole number"),
        (_doc(shares=[{"id": "A", "weight": 1, "min": 5, "max": 4}]), "min above max"),
        (_doc(shares=[{"id": "A", "weight": 1, "min": 6}, {"id": "B", "weight": 1, "min": 5}]), "minimums"),
        (_doc(shares=[{"id": "A", "weight": 1, "max": 4}, {"id": "B", "weight": 1, "max": 5}]), "maximums"),
        (_doc(shares=[{"id": "A", "weight": 0}, {"id": "B", "weight": 0}]), "all weights are zero"),
        (_doc(shares=[{"id": "A", "weight": 1, "maximum": 3}]), "unknown field"),
        (_doc(extra=1), "unknown field"),
    ],
)
def test_invalid_input_names_the_cause(doc: object, cause: str) -> None:
    with pytest.raises(ApportionmentError, match=cause):
        parse_input(doc)


def test_parse_input_normalises() -> None:
    total, method, shares = parse_input(
        _doc(
            total=10.0,
            shares=[{"id": "A", "weight": 0.1, "min": None, "max": 3.0}, {"id": "B", "weight": 2}],
        )
    )
    assert (total, method) == (10, "dhondt")
    assert shares == [Share("A", Fraction(1, 10), 0, 3), Share("B", Fraction(2), 0, None)]


def test_apportion_validates_shares_too() -> None:
    with pytest.raises(ApportionmentError, match="duplicate id"):
        apportion(1, "dhondt", [Share("A", 1), Share("A", 1)])
    with pytest.raises(ApportionmentError, match="unknown method"):
        apportion(1, "webster", [Share("A", 1)])
    with pytest.raises(ApportionmentError, match="sum of maximums"):
        apportion(5, "hamilton", [Share("A", 1, max=2), Share("B", 1, max=2)])
