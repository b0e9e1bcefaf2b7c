"""Independent reference solvers for the placement engine's tests (slow, obviously correct).

Nothing here uses the engine's index, cursors or networks: eligibility and rankings are recomputed pair
by pair from the contract's rules.
"""

from __future__ import annotations

import itertools
import random
import warnings
from typing import Any

from jetpm.placement.engine import Instance, Participant, Position, eligible, parse_instance

PREFS = ["01", "13", "26", "27", "47"]


def random_instance(
    rng: random.Random,
    n_participants: int,
    n_positions: int,
    *,
    couples: bool = True,
    max_capacity: int = 2,
    ties: bool = True,
) -> Instance:
    """A small random instance with few job types, languages and prefectures (so that rankings clash)."""
    people: list[dict[str, Any]] = []
    for i in range(n_participants):
        person: dict[str, Any] = {
            "id": f"P{i:02d}",
            "job_type": rng.choice(["ALT", "ALT", "CIR"]),
            "language": rng.choice(["en", "en", "fr"]),
            "japanese_level": rng.randint(0, 3),
            "preferences": rng.sample(PREFS, rng.randint(0, 3)),
            "score": float(rng.randint(1, 4)) if ties else rng.random(),
        }
        if rng.random() < 0.6:
            person["attributes"] = ["drivers_licence"]
        people.append(person)
    if couples and n_participants >= 2:
        for _ in range(rng.randint(0, n_participants // 2)):
            a, b = rng.sample(range(n_participants), 2)
            if "partner" not in people[a] and "partner" not in people[b]:
                people[a]["partner"] = people[b]["id"]
                people[b]["partner"] = people[a]["id"]
    positions: list[dict[str, Any]] = []
    for j in range(n_positions):
        positions.append(
            {
                "id": f"S{rng.randint(0, 99):02d}x{j}",  # ids not in creation order
                "organisation": f"O{j}",
                "prefecture": rng.choice(PREFS),
                "job_type": rng.choice(["ALT", "ALT", "ALT", "CIR"]),
                "language": rng.choice(["en", "en", "en", "fr"]),
                "capacity": rng.randint(0, max_capacity),
                "min_japanese_level": rng.choice([0, 0, 0, 2]),
                "requires": ["drivers_licence"] if rng.random() < 0.3 else [],
            }
        )
    return parse_instance({"participants": people, "positions": positions})


def participant_ranking(p: Participant, positions: tuple[Position, ...] | list[Position]) -> list[Position]:
    """p's strict ranking of its eligible positions (capacity > 0), best first."""
    ok = [s for s in positions if eligible(p, s) and s.capacity > 0]
    return sorted(ok, key=lambda s: (p.cost(s.prefecture), s.id))


def position_key(p: Participant) -> tuple[float, str]:
    """Smaller is better for every position."""
    return (-p.score, p.id)


def brute_force_optimal(instance: Instance) -> tuple[int, int]:
    """Enumerate every assignment; return the lexicographic optimum as (placed, total cost)."""
    people = instance.participants
    options = [[None, *participant_ranking(p, instance.positions)] for p in people]
    by_id = {p.id: i for i, p in enumerate(people)}
    best = (-1, 0)
    for choice in itertools.product(*options):
        used: dict[str, int] = {}
        for s in choice:
            if s is not None:
                used[s.id] = used.get(s.id, 0) + 1
        if any(used[s.id] > s.capacity for s in instance.positions if s.id in used):
            continue
        ok = True
        for i, p in enumerate(people):
            if p.partner:
                a, b = choice[i], choice[by_id[p.partner]]
                if a is not None and b is not None and a.prefecture != b.prefecture:
                    ok = False
                    break
        if not ok:
            continue
        placed = sum(s is not None for s in choice)
        cost = sum(p.cost(s.prefecture) for p, s in zip(people, choice, strict=True) if s is not None)
        if placed > best[0] or (placed == best[0] and cost < best[1]):
            best = (placed, cost)
    return best


def blocking_pairs(instance: Instance, assignments: dict[str, str]) -> int:
    """Count blocking pairs pair by pair, straight from the contract's definition."""
    pos = {s.id: s for s in instance.positions}
    holders: dict[str, list[Participant]] = {s.id: [] for s in instance.positions}
    for pid, sid in assignments.items():
        holders[sid].append(instance.participant(pid))
    count = 0
    for p in instance.participants:
        ranking = participant_ranking(p, instance.positions)
        current = pos.get(assignments.get(p.id, ""))
        for s in ranking:
            if current is not None and s.id == current.id:
                break  # only positions p strictly prefers
            held = holders[s.id]
            if len(held) < s.capacity or any(position_key(p) < position_key(q) for q in held):
                count += 1
    return count


def deferred_acceptance(instance: Instance) -> dict[str, str]:
    """Textbook participant-proposing deferred acceptance (rejections and all)."""
    rankings = {p.id: participant_ranking(p, instance.positions) for p in instance.participants}
    nxt = dict.fromkeys(rankings, 0)
    held: dict[str, list[Participant]] = {s.id: [] for s in instance.positions}
    free = [p for p in instance.participants]
    while free:
        p = free.pop()
        if nxt[p.id] >= len(rankings[p.id]):
            continue
        s = rankings[p.id][nxt[p.id]]
        nxt[p.id] += 1
        held[s.id].append(p)
        held[s.id].sort(key=position_key)
        if len(held[s.id]) > s.capacity:
            free.append(held[s.id].pop())
    return {p.id: sid for sid, ps in held.items() for p in ps}


def matching_package(instance: Instance) -> dict[str, str]:
    """The ``matching`` package's resident-optimal hospital–resident solution on the same rankings."""
    from matching.games import HospitalResident

    seats = [s for s in instance.positions if s.capacity > 0]
    # The package cannot take a resident with an empty list (IndexError) or a hospital nobody ranks:
    # leave those out; they are unassigned either way.
    resident_prefs = {p.id: [s.id for s in participant_ranking(p, seats)] for p in instance.participants}
    resident_prefs = {pid: prefs for pid, prefs in resident_prefs.items() if prefs}
    residents = [p for p in sorted(instance.participants, key=position_key) if p.id in resident_prefs]
    hospital_prefs = {s.id: [p.id for p in residents if eligible(p, s)] for s in seats}
    hospital_prefs = {sid: prefs for sid, prefs in hospital_prefs.items() if prefs}
    seats = [s for s in seats if s.id in hospital_prefs]
    capacities = {s.id: s.capacity for s in seats}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        solution = game.solve(optimal="resident")
    return {r.name: h.name for h, rs in solution.items() for r in rs}


def all_stable_matchings(instance: Instance) -> list[dict[str, str]]:
    """Every stable matching, by enumerating every assignment that respects eligibility and capacity."""
    people = instance.participants
    options = [[None, *participant_ranking(p, instance.positions)] for p in people]
    out = []
    for choice in itertools.product(*options):
        used: dict[str, int] = {}
        for s in choice:
            if s is not None:
                used[s.id] = used.get(s.id, 0) + 1
        if any(used[s.id] > s.capacity for s in instance.positions if s.id in used):
            continue
        assignments = {p.id: s.id for p, s in zip(people, choice, strict=True) if s is not None}
        if blocking_pairs(instance, assignments) == 0:
            out.append(assignments)
    return out
