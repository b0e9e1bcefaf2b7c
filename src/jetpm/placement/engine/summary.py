"""The result's summary: choice counts, total cost, couples, and the number of blocking pairs.

A pair (p, s) blocks when p is eligible for s, p strictly prefers s to what it has (any eligible position
when unplaced), and s would take p: it has a free seat, or p ranks above the worst participant it holds.
Counting them pair by pair would be participants × positions; instead each position gets a threshold
t[s] (its worst holder's master rank, or "everyone" when a seat is free) and, per participant, the
positions it prefers form whole blocks of p's ranking (earlier listed prefectures; every eligible position
when unplaced) plus a prefix by id of the block it sits in. Whole blocks are counted by bisection in the
sorted thresholds of each (requirement class, prefecture) group; prefixes by a vectorised comparison.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np

from .index import Index
from .model import UNLISTED_COST


def count_blocking_pairs(ix: Index, assigned: list[int]) -> int:
    n = len(ix.participants)
    held: list[int] = [0] * len(ix.positions)
    worst: list[int] = [-1] * len(ix.positions)
    for i, j in enumerate(assigned):
        if j >= 0:
            held[j] += 1
            worst[j] = max(worst[j], ix.rank[i])
    t = [n if held[j] < s.capacity else worst[j] for j, s in enumerate(ix.positions)]

    def group_arrays(lst: list[int]) -> tuple[list[int], np.ndarray, np.ndarray]:
        ts = [t[j] for j in lst]
        return sorted(ts), np.array(lst, dtype=np.int64), np.array(ts, dtype=np.int64)

    rr = {key: group_arrays(lst) for key, lst in ix.rr_positions.items()}
    rg = [group_arrays(lst) for lst in ix.r_positions]

    def above(sorted_ts: list[int], k: int) -> int:  # thresholds > k
        return len(sorted_ts) - bisect_right(sorted_ts, k)

    def prefix_above(ids: np.ndarray, ts: np.ndarray, j: int, k: int) -> int:  # id < j and t > k
        x = int(np.searchsorted(ids, j))
        return int(np.count_nonzero(ts[:x] > k)) if x else 0

    total = 0
    for i in range(n):
        k = ix.rank[i]
        e = ix.ekey[i]
        prefs = ix.prefs[i]
        j = assigned[i]
        groups = ix.eligible_r[e]
        if j >= 0:
            r_j = ix.positions[j].prefecture
            block = prefs.index(r_j) if r_j in prefs else len(prefs)
        else:
            r_j = ""
            block = len(prefs) + 1  # everything is preferred
        for b, r in enumerate(prefs):
            if b > block:
                break
            for g in groups:
                grp = rr.get((g, r))
                if grp is None:
                    continue
                if b < block:
                    total += above(grp[0], k)
                else:
                    total += prefix_above(grp[1], grp[2], j, k)
        if block >= len(prefs):  # the unlisted block: whole (unplaced) or a prefix
            for g in groups:
                all_sorted, ids, ts = rg[g]
                if block > len(prefs):
                    count = above(all_sorted, k)
                    count -= sum(above(rr[(g, r)][0], k) for r in prefs if (g, r) in rr)
                else:
                    count = prefix_above(ids, ts, j, k)
                    count -= sum(
                        prefix_above(rr[(g, r)][1], rr[(g, r)][2], j, k) for r in prefs if (g, r) in rr
                    )
                total += count
    return total


def summarise(ix: Index, assigned: list[int]) -> dict[str, int]:
    placed = 0
    by_cost = {0: 0, 1: 0, 2: 0, UNLISTED_COST: 0}
    total_cost = 0
    for i, j in enumerate(assigned):
        if j < 0:
            continue
        placed += 1
        c = ix.participants[i].cost(ix.positions[j].prefecture)
        by_cost[c] += 1
        total_cost += c
    together = split = 0
    for i, b in enumerate(ix.partner):
        if b > i and assigned[i] >= 0 and assigned[b] >= 0:
            if ix.positions[assigned[i]].prefecture == ix.positions[assigned[b]].prefecture:
                together += 1
            else:
                split += 1
    return {
        "participants": len(ix.participants),
        "positions": len(ix.positions),
        "seats": sum(s.capacity for s in ix.positions),
        "assigned": placed,
        "unassigned": len(ix.participants) - placed,
        "first_choice": by_cost[0],
        "second_choice": by_cost[1],
        "third_choice": by_cost[2],
        "unlisted": by_cost[UNLISTED_COST],
        "total_cost": total_cost,
        "couples_together": together,
        "couples_split": split,
        "blocking_pairs": count_blocking_pairs(ix, assigned),
    }
