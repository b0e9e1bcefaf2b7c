"""Property tests: whatever the instance, no rule is ever broken, and more seats never place fewer."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from jetpm.placement.engine import Instance, parse_instance, solve

from .helpers import blocking_pairs, participant_ranking

PREFS = ["01", "13", "27", "47"]


@st.composite
def instances(draw: st.DrawFn, max_participants: int = 14, max_positions: int = 8) -> dict[str, Any]:
    n = draw(st.integers(0, max_participants))
    people = []
    for i in range(n):
        person: dict[str, Any] = {
            "id": f"P{i:02d}",
            "job_type": draw(st.sampled_from(["ALT", "CIR"])),
            "language": draw(st.sampled_from(["en", "fr"])),
            "japanese_level": draw(st.integers(0, 5)),
            "preferences": draw(st.lists(st.sampled_from(PREFS), max_size=3, unique=True)),
            "score": draw(st.sampled_from([50.0, 60.5, 70.0, 99.9])),
            "attributes": draw(st.lists(st.sampled_from(["drivers_licence", "teaching"]), unique=True)),
        }
        people.append(person)
    pairs = draw(
        st.lists(st.tuples(st.integers(0, max(n - 1, 0)), st.integers(0, max(n - 1, 0))), max_size=n // 2)
    )
    for a, b in pairs:
        if a != b and "partner" not in people[a] and "partner" not in people[b]:
            people[a]["partner"] = people[b]["id"]
            people[b]["partner"] = people[a]["id"]
    positions = [
        {
            "id": f"S{j:02d}",
            "organisation": f"O{j}",
            "prefecture": draw(st.sampled_from(PREFS)),
            "job_type": draw(st.sampled_from(["ALT", "CIR"])),
            "language": draw(st.sampled_from(["en", "fr"])),
            "capacity": draw(st.integers(0, 3)),
            "min_japanese_level": draw(st.integers(0, 3)),
            "requires": draw(
                st.lists(st.sampled_from(["drivers_licence", "teaching"]), unique=True, max_size=1)
            ),
        }
        for j in range(draw(st.integers(0, max_positions)))
    ]
    return {"participants": people, "positions": positions}


def check_rules(instance: Instance, assignments: dict[str, str], *, couples: bool) -> None:
    pos = {s.id: s for s in instance.positions}
    used: dict[str, int] = {}
    for pid, sid in assignments.items():
        assert pos[sid] in participant_ranking(instance.participant(pid), instance.positions)  # eligible
        used[sid] = used.get(sid, 0) + 1
    assert all(n <= pos[sid].capacity for sid, n in used.items())  # capacity
    if couples:
        for a, b in instance.couples:
            if a in assignments and b in assignments:
                assert pos[assignments[a]].prefecture == pos[assignments[b]].prefecture  # partner rule


@settings(max_examples=60, deadline=None)
@given(instances())
def test_rules_are_never_broken(data: dict[str, Any]) -> None:
    instance = parse_instance(data)
    for mode in ("optimal", "stable"):
        result = solve(instance, mode)
        check_rules(instance, result.assignments, couples=mode == "optimal")
        summary = result.summary
        assert sorted(result.unassigned) == result.unassigned
        assert set(result.assignments) | set(result.unassigned) == {p.id for p in instance.participants}
        assert summary["assigned"] == len(result.assignments)
        assert summary["assigned"] + summary["unassigned"] == summary["participants"]
        assert (
            summary["first_choice"] + summary["second_choice"] + summary["third_choice"] + summary["unlisted"]
        ) == summary["assigned"]
        assert summary["total_cost"] == (
            summary["second_choice"] + 2 * summary["third_choice"] + 10 * summary["unlisted"]
        )
        assert summary["blocking_pairs"] == blocking_pairs(instance, result.assignments)
        if mode == "stable":
            assert summary["blocking_pairs"] == 0
        else:
            assert summary["couples_split"] == 0


@settings(max_examples=60, deadline=None)
@given(instances(), st.data())
def test_adding_a_seat_never_lowers_the_number_placed(data: dict[str, Any], more: st.DataObject) -> None:
    if not data["positions"]:
        return
    j = more.draw(st.integers(0, len(data["positions"]) - 1))
    bigger = {**data, "positions": [dict(s) for s in data["positions"]]}
    bigger["positions"][j]["capacity"] += 1
    before, after = parse_instance(data), parse_instance(bigger)
    for mode in ("optimal", "stable"):
        assert solve(after, mode).summary["assigned"] >= solve(before, mode).summary["assigned"]
    # And the optimum's cost at the same number placed never rises either.
    b, a = solve(before, "optimal").summary, solve(after, "optimal").summary
    if a["assigned"] == b["assigned"]:
        assert a["total_cost"] <= b["total_cost"]
