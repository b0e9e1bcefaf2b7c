"""The engine against independent references: brute force, textbook deferred acceptance, `matching`."""

from __future__ import annotations

import random

import pytest

from jetpm.placement.engine import Instance, solve

from .helpers import (
    all_stable_matchings,
    blocking_pairs,
    brute_force_optimal,
    deferred_acceptance,
    matching_package,
    participant_ranking,
    random_instance,
)


def check_feasible(instance: Instance, assignments: dict[str, str], *, couples: bool) -> None:
    pos = {s.id: s for s in instance.positions}
    used: dict[str, int] = {}
    for pid, sid in assignments.items():
        p = instance.participant(pid)
        assert pos[sid] in participant_ranking(p, instance.positions), (pid, sid)
        used[sid] = used.get(sid, 0) + 1
    for sid, n in used.items():
        assert n <= pos[sid].capacity
    if couples:
        for a, b in instance.couples:
            if a in assignments and b in assignments:
                assert pos[assignments[a]].prefecture == pos[assignments[b]].prefecture


@pytest.mark.parametrize("seed", range(60))
def test_optimal_equals_brute_force(seed: int) -> None:
    rng = random.Random(seed)
    instance = random_instance(rng, rng.randint(1, 6), rng.randint(1, 4))
    result = solve(instance, "optimal")
    check_feasible(instance, result.assignments, couples=True)
    placed, cost = brute_force_optimal(instance)
    assert (result.summary["assigned"], result.summary["total_cost"]) == (placed, cost)
    assert result.summary["couples_split"] == 0


@pytest.mark.parametrize("seed", range(20))
def test_optimal_with_couples_needing_the_mip(seed: int) -> None:
    """Instances where every couple wants different places, so the relaxation splits them."""
    rng = random.Random(1000 + seed)
    instance = random_instance(rng, 6, 4, max_capacity=1)
    data_people = []
    for i, p in enumerate(instance.participants):
        d = {
            "id": p.id,
            "job_type": "ALT",
            "language": "en",
            "japanese_level": 3,
            "preferences": list(p.preferences),
            "score": p.score,
        }
        if i < 4:
            d["partner"] = f"P{i ^ 1:02d}"
            d["preferences"] = ["13"] if i % 2 else ["27"]
        data_people.append(d)
    data_positions = [
        {
            "id": s.id,
            "organisation": s.organisation,
            "prefecture": rng.choice(["13", "27"]),
            "job_type": "ALT",
            "language": "en",
            "capacity": 1,
        }
        for s in instance.positions
    ]
    from jetpm.placement.engine import parse_instance

    instance = parse_instance({"participants": data_people, "positions": data_positions})
    result = solve(instance, "optimal")
    check_feasible(instance, result.assignments, couples=True)
    assert (result.summary["assigned"], result.summary["total_cost"]) == brute_force_optimal(instance)


@pytest.mark.parametrize("seed", range(40))
def test_stable_is_the_participant_optimal_stable_matching(seed: int) -> None:
    rng = random.Random(seed)
    instance = random_instance(rng, rng.randint(1, 5), rng.randint(1, 4))
    result = solve(instance, "stable")
    check_feasible(instance, result.assignments, couples=False)
    assert result.summary["blocking_pairs"] == 0
    assert blocking_pairs(instance, result.assignments) == 0
    stable = all_stable_matchings(instance)
    assert result.assignments in stable
    # Participant-optimal: no participant does better in any stable matching.
    pos = {s.id: s for s in instance.positions}
    for p in instance.participants:
        ranking = [s.id for s in participant_ranking(p, instance.positions)]
        mine = ranking.index(result.assignments[p.id]) if p.id in result.assignments else len(ranking)
        for other in stable:
            theirs = ranking.index(other[p.id]) if p.id in other else len(ranking)
            assert mine <= theirs, (p.id, pos.get(result.assignments.get(p.id, "")))


@pytest.mark.parametrize("seed", range(40))
def test_stable_agrees_with_textbook_deferred_acceptance_and_matching(seed: int) -> None:
    rng = random.Random(seed)
    instance = random_instance(rng, rng.randint(5, 40), rng.randint(3, 20), couples=False, max_capacity=3)
    result = solve(instance, "stable")
    assert result.assignments == deferred_acceptance(instance)
    assert result.assignments == matching_package(instance)
    assert blocking_pairs(instance, result.assignments) == 0 == result.summary["blocking_pairs"]


@pytest.mark.parametrize("seed", range(40))
def test_blocking_pair_count_matches_the_definition(seed: int) -> None:
    """The summary's fast count equals the pair-by-pair count, for optimal results (which block)."""
    rng = random.Random(seed)
    instance = random_instance(rng, rng.randint(5, 40), rng.randint(3, 20), max_capacity=3)
    for mode in ("optimal", "stable"):
        result = solve(instance, mode)
        assert result.summary["blocking_pairs"] == blocking_pairs(instance, result.assignments)


def test_the_couples_mip_is_exercised_and_exact(monkeypatch: pytest.MonkeyPatch) -> None:
    """A couple whose relaxation splits it: the MIP runs and its answer is the true optimum."""
    from jetpm.placement.engine import optimal, parse_instance

    calls = []
    real = optimal._solve_mip
    monkeypatch.setattr(optimal, "_solve_mip", lambda ix: calls.append(1) or real(ix))
    person = {"job_type": "ALT", "language": "en", "japanese_level": 0, "score": 1}
    instance = parse_instance(
        {
            "participants": [
                {**person, "id": "A", "preferences": ["13"], "partner": "B"},
                {**person, "id": "B", "preferences": ["27"], "partner": "A"},
            ],
            "positions": [
                {
                    "id": "S1",
                    "organisation": "O1",
                    "prefecture": "13",
                    "job_type": "ALT",
                    "language": "en",
                    "capacity": 1,
                },
                {
                    "id": "S2",
                    "organisation": "O2",
                    "prefecture": "27",
                    "job_type": "ALT",
                    "language": "en",
                    "capacity": 1,
                },
                {
                    "id": "S3",
                    "organisation": "O3",
                    "prefecture": "01",
                    "job_type": "ALT",
                    "language": "en",
                    "capacity": 1,
                },
            ],
        }
    )
    result = solve(instance, "optimal")
    assert calls == [1]
    # Each prefecture has one seat, so both partners cannot be placed: the relaxation's answer (A in 13,
    # B in 27) is infeasible, and the optimum places one of them at its first choice.
    assert result.summary["assigned"] == 1
    assert result.summary["total_cost"] == 0
    assert (result.summary["assigned"], result.summary["total_cost"]) == brute_force_optimal(instance)
    assert result.summary["couples_split"] == 0


@pytest.mark.parametrize("seed", range(3))
def test_blocking_pair_count_on_larger_instances(seed: int) -> None:
    """Long unlisted blocks and many ties: the prefix counts and the subtraction of listed prefectures."""
    rng = random.Random(seed)
    instance = random_instance(rng, 150, 80, max_capacity=2)
    for mode in ("optimal", "stable"):
        result = solve(instance, mode)
        assert result.summary["blocking_pairs"] == blocking_pairs(instance, result.assignments)
