"""The pure budget module: conversion at the rate used, the policy's caps, the envelope, the levels' totals
and the stats table's rows."""

from __future__ import annotations

from decimal import Decimal

from jetpm.jetaa import budget


def test_local_amounts_convert_at_the_rate_rounded_half_up():
    assert budget.to_yen(Decimal("2000"), Decimal("150")) == 300_000
    assert budget.to_yen(Decimal("10.5"), Decimal("1")) == 11
    assert budget.to_yen(Decimal("3"), Decimal("0.1083")) == 0
    assert budget.to_yen(Decimal("5"), Decimal("0.1")) == 1  # 0.5 rounds up


def test_the_policys_caps():
    policy = budget.Policy(category_caps={"networking": 100_000}, cap_per_participant_yen=2_000)
    found = budget.policy_breaches(
        policy=policy, category="networking", expected_participants=40, approved_yen=120_000
    )
    assert [(b.rule, b.limit) for b in found] == [("category_cap", 100_000), ("per_participant_cap", 80_000)]
    assert (
        budget.policy_breaches(
            policy=policy, category="career", expected_participants=40, approved_yen=80_000
        )
        == []
    )


def test_the_envelope():
    assert budget.envelope_breach(envelope_yen=None, approved_elsewhere_yen=10**9, approved_yen=1) is None
    assert budget.envelope_breach(envelope_yen=100, approved_elsewhere_yen=60, approved_yen=40) is None
    breach = budget.envelope_breach(envelope_yen=100, approved_elsewhere_yen=60, approved_yen=41)
    assert breach is not None and (breach.limit, breach.amount) == (100, 101)


def test_totals_and_what_remains():
    a = budget.Totals(requested=10, approved=8, committed=6, spent=5, budget=20)
    b = budget.Totals(requested=4, approved=4, committed=4, spent=1)
    assert (a.remaining, a.uncommitted, a.unspent) == (12, 2, 1)
    assert b.remaining == 3  # no budget of its own: approved less spent
    both = budget.total([a, b], budget=100)
    assert (both.requested, both.approved, both.committed, both.spent, both.remaining) == (14, 12, 10, 6, 88)
    assert budget.cost_per_participant(1000, 3) == 333 and budget.cost_per_participant(5, 0) is None


def test_the_stats_rows_are_sorted_by_mission_with_a_total():
    rows = budget.support_table(
        2025,
        [
            budget.MissionRow("mission-us-new-york", 2, 5, 500, 400, 300, 5, 4),
            budget.MissionRow("mission-gb-london", 1, 2, 200, 100, 100, 2, 2),
            budget.MissionRow("mission-zz-none", 0, 0, 0, 0, 0, 0, 0),
        ],
    )
    assert [r[1] for r in rows] == ["mission-gb-london", "mission-us-new-york", "total"]
    assert rows[-1] == [2025, "total", 3, 7, 700, 500, 400, 7, 6]
