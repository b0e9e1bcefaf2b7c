"""``stable`` mode: the participant-optimal stable matching (participant-proposing deferred acceptance).

Every position ranks its eligible participants by the same master order (score, highest first, ties by
id), restricted to those eligible. With a master list on one side the stable matching is unique, and
participant-proposing deferred acceptance ends in it. It is also what *serial dictatorship* produces:
take the participants best first and give each its most preferred position that still has a free seat.
Proof that this matching M is stable: if p prefers s to M(p), s was full when p chose, and every
participant then holding a seat of s comes before p in the master order, so s prefers all of them to p;
no pair blocks. A stable matching is unique here, so M is the deferred-acceptance result. Serial
dictatorship needs no rejections: each participant is looked at once, and per (class, prefecture) a
cursor skips positions that filled up (they never empty again), so the work is linear in the number of
positions plus participants × classes. The test suite checks it against a literal deferred acceptance
and against the ``matching`` package.
"""

from __future__ import annotations

from .index import Index


def solve_stable(ix: Index) -> list[int]:
    """Return ``assigned[i]``: the position index participant i gets, or -1."""
    free = [s.capacity for s in ix.positions]
    # A cursor is [next index, positions in id order]; it only moves forward past full positions.
    pref_cursors: dict[tuple[int, str], list[list]] = {}
    any_cursors: dict[int, list[list]] = {}
    rr_cursor: dict[tuple[int, str], list] = {key: [0, lst] for key, lst in ix.rr_positions.items()}
    r_cursor = [[0, lst] for lst in ix.r_positions]
    assigned = [-1] * len(ix.participants)
    big = len(ix.positions)

    for i in ix.order:
        e = ix.ekey[i]
        chosen = big
        for pref in ix.prefs[i]:
            cursors = pref_cursors.get((e, pref))
            if cursors is None:
                cursors = [rr_cursor[(g, pref)] for g in ix.eligible_r[e] if (g, pref) in rr_cursor]
                pref_cursors[(e, pref)] = cursors
            for cur in cursors:
                k, lst = cur
                n = len(lst)
                while k < n and not free[lst[k]]:
                    k += 1
                cur[0] = k
                if k < n and lst[k] < chosen:
                    chosen = lst[k]
            if chosen < big:
                break
        if chosen == big:
            # Every eligible position in a listed prefecture is full, so the first free eligible position
            # in id order is the best unlisted one.
            cursors = any_cursors.get(e)
            if cursors is None:
                cursors = any_cursors[e] = [r_cursor[g] for g in ix.eligible_r[e]]
            for cur in cursors:
                k, lst = cur
                n = len(lst)
                while k < n and not free[lst[k]]:
                    k += 1
                cur[0] = k
                if k < n and lst[k] < chosen:
                    chosen = lst[k]
        if chosen < big:
            free[chosen] -= 1
            assigned[i] = chosen
    return assigned
