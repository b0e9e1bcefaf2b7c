"""``optimal`` mode: maximise the number placed, then minimise the total preference cost — exactly.

The network (all capacities integral)::

    source ─1─► unit ─cost k─► (E, listed prefecture r)  ─► (R, r) ─► position ─capacity─► sink
                     └─cost 10─► (E, any) ─0─► (E, r) for every prefecture r

A *unit* is one participant or, for participants without a partner, all participants with the same
eligibility class E and the same preferences (they are interchangeable); the source arc's capacity is the
unit's size. (E, r) gathers the units of class E placed in prefecture r, and (R, r) the positions of
requirement class R in r, with an arc (E, r) → (R, r) when class E is eligible for class R. A unit reaches
an unlisted prefecture only through (E, any) at cost 10; it could also reach a listed one that way, at
cost 10 instead of 0–2, but a minimum-cost flow never does that, since moving that unit of flow to the
direct arc (capacity = unit size) is feasible and cheaper. Integral flows of this network are exactly the
assignments that respect eligibility and capacity, with the same cost.

Without couples the answer is OR-Tools' ``SimpleMinCostFlow.SolveMaxFlowWithMinCost``: the maximum flow
(most placed) of minimum cost among maximum flows — the lexicographic optimum, exact because network
simplex on integral data has integral optimal solutions.

With couples, the relaxation (partners ignored) is solved first; if it already puts every couple with both
placed in one prefecture it is optimal (a relaxation's optimum that is feasible). Otherwise a mixed-integer
program (HiGHS through ``scipy.optimize.milp``) on the same network, where each partner is its own unit
with one binary arc y[a, r] per prefecture (and no (E, any) arc): minimise cost − BIG · placed with
BIG = 10 · participants + 1 (> any total cost, so one more placed always wins), and for each couple (a, b)
and prefecture r, y[a, r] ≤ y[b, r] + 1 − Σ y[b, ·] (and symmetrically): if b is placed, a can be in r only
if b is. Only the y are integer: for fixed y the rest is a network flow with integral data, whose LP
optimum is integral, so the MIP optimum equals the integer optimum. HiGHS runs with relative gap 0, so its
objective is the optimum (objective values are integers; the absolute gap tolerance is 1e-6 < 1). The
final assignment comes from a min-cost flow with each partner's arc fixed to its y; its objective is
checked against the MIP's.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field

from .index import Index
from .model import UNLISTED_COST


class SolverError(RuntimeError):
    """The solver did not prove an optimum (should not happen on valid input)."""


@dataclass(slots=True)
class Network:
    n_nodes: int = 2  # 0 = source, 1 = sink
    tails: list[int] = field(default_factory=list)
    heads: list[int] = field(default_factory=list)
    caps: list[int] = field(default_factory=list)
    costs: list[int] = field(default_factory=list)
    nodes: dict[tuple, int] = field(default_factory=dict)

    def node(self, key: tuple) -> int:
        n = self.nodes.get(key)
        if n is None:
            n = self.nodes[key] = self.n_nodes
            self.n_nodes += 1
        return n

    def arc(self, tail: int, head: int, cap: int, cost: int = 0) -> int:
        self.tails.append(tail)
        self.heads.append(head)
        self.caps.append(cap)
        self.costs.append(cost)
        return len(self.tails) - 1


@dataclass(slots=True)
class Unit:
    members: list[int]  # participant indices, best rank first
    e: int
    targets: list[tuple[str | None, int]]  # (prefecture or None for "any", cost)
    arcs: list[int] = field(default_factory=list)  # arc index per target


SOURCE, SINK = 0, 1


def _prefectures_of(ix: Index) -> dict[int, set[str]]:
    """For each class E, the prefectures where it has an eligible position with seats."""
    by_r: dict[int, set[str]] = defaultdict(set)
    for g, pref in ix.rr_positions:
        by_r[g].add(pref)
    return {e: set().union(*(by_r[g] for g in ix.eligible_r[e])) for e in range(ix.n_ekeys)}


def _units(ix: Index, fixed: dict[int, str | None] | None, split_couples: bool) -> list[Unit]:
    """Group participants into units. ``fixed`` maps a partner to its prefecture (None: unplaced)."""
    avail = _prefectures_of(ix)
    groups: dict[tuple[int, tuple[str, ...]], list[int]] = {}
    units: list[Unit] = []
    targets: list[tuple[str | None, int]]
    for i in ix.order:
        e = ix.ekey[i]
        if ix.partner[i] >= 0 and (split_couples or fixed is not None):
            if fixed is not None:
                pref = fixed.get(i)
                targets = [] if pref is None else [(pref, ix.participants[i].cost(pref))]
            else:
                targets = [(r, ix.participants[i].cost(r)) for r in sorted(avail[e])]  # no (E, any)
            units.append(Unit([i], e, targets))
            continue
        groups.setdefault((e, ix.prefs[i]), []).append(i)
    for (e, prefs), members in groups.items():
        targets = [(r, k) for k, r in enumerate(prefs) if r in avail[e]]
        targets.append((None, UNLISTED_COST))
        units.append(Unit(members, e, targets))
    return units


def _build(ix: Index, units: list[Unit], *, by_position: bool = True) -> tuple[Network, list[int]]:
    """The network; ``by_position=False`` joins each (R, r) straight to the sink (its seats summed)."""
    net = Network()
    avail = _prefectures_of(ix)
    source_arcs = []
    used_e = sorted({u.e for u in units})
    for u in units:
        un = net.node(("unit", id(u)))
        source_arcs.append(net.arc(SOURCE, un, len(u.members)))
        for pref, cost in u.targets:
            head = net.node(("E", u.e, pref)) if pref is not None else net.node(("Eany", u.e))
            u.arcs.append(net.arc(un, head, len(u.members), cost))
    big = len(ix.participants)
    for e in used_e:
        if ("Eany", e) in net.nodes:
            for r in sorted(avail[e]):
                net.arc(net.nodes[("Eany", e)], net.node(("E", e, r)), big)
        for r in sorted(avail[e]):
            if ("E", e, r) not in net.nodes:
                continue
            for g in ix.eligible_r[e]:
                if (g, r) in ix.rr_positions:
                    net.arc(net.nodes[("E", e, r)], net.node(("R", g, r)), big)
    for (g, r), lst in sorted(ix.rr_positions.items()):
        if ("R", g, r) not in net.nodes:
            continue
        rn = net.nodes[("R", g, r)]
        if not by_position:
            net.arc(rn, SINK, sum(ix.positions[j].capacity for j in lst))
            continue
        for j in lst:
            pn = net.node(("S", j))
            net.arc(rn, pn, ix.positions[j].capacity)
            net.arc(pn, SINK, ix.positions[j].capacity)
    return net, source_arcs


def _min_cost_flow(ix: Index, units: list[Unit]) -> tuple[list[int], int, int]:
    """Solve the lexicographic problem on the network; return (assigned, placed, cost)."""
    from ortools.graph.python import min_cost_flow

    net, _ = _build(ix, units)
    mcf = min_cost_flow.SimpleMinCostFlow()
    import numpy as np

    mcf.add_arcs_with_capacity_and_unit_cost(
        np.array(net.tails, dtype=np.int32),
        np.array(net.heads, dtype=np.int32),
        np.array(net.caps, dtype=np.int64),
        np.array(net.costs, dtype=np.int64),
    )
    # Max-flow-with-min-cost moves as much of the source's supply to the sink as the network allows.
    total = sum(len(u.members) for u in units)
    mcf.set_node_supply(SOURCE, total)
    mcf.set_node_supply(SINK, -total)
    status = mcf.solve_max_flow_with_min_cost()
    if status != mcf.OPTIMAL:
        raise SolverError(f"min-cost flow failed with status {status}")
    flows = mcf.flows(np.arange(len(net.tails), dtype=np.int32)).tolist()
    return _disaggregate(ix, net, units, flows)


def _disaggregate(ix: Index, net: Network, units: list[Unit], flows: list[int]) -> tuple[list[int], int, int]:
    """Turn arc flows into a participant → position assignment (same placed count and cost)."""
    out: dict[int, list[tuple[int, int]]] = defaultdict(list)  # node -> [(arc, head)] with flow
    for a, f in enumerate(flows):
        if f:
            out[net.tails[a]].append((a, net.heads[a]))
    # Participants arriving at each (E, r) node, and at each (E, any) node.
    arriving: dict[int, list[int]] = defaultdict(list)
    cost = 0
    for u in units:
        k = 0
        for a, (_pref, c) in zip(u.arcs, u.targets, strict=True):
            f = flows[a]
            if f:
                arriving[net.heads[a]].extend(u.members[k : k + f])
                k += f
                cost += c * f
    for key, n in list(net.nodes.items()):
        if key[0] == "Eany":
            queue = sorted(arriving.pop(n, []), key=ix.rank.__getitem__)
            k = 0
            for a, head in out.get(n, []):
                arriving[head].extend(queue[k : k + flows[a]])
                k += flows[a]
    # (E, r) -> (R, r): forward participants; (R, r) -> position.
    for key, n in net.nodes.items():
        if key[0] == "E":
            queue = sorted(arriving.pop(n, []), key=ix.rank.__getitem__)
            k = 0
            for a, head in out.get(n, []):
                arriving[head].extend(queue[k : k + flows[a]])
                k += flows[a]
    pos_of = {n: key[1] for key, n in net.nodes.items() if key[0] == "S"}
    assigned = [-1] * len(ix.participants)
    placed = 0
    for key, n in net.nodes.items():
        if key[0] == "R":
            queue = sorted(arriving.pop(n, []), key=ix.rank.__getitem__)
            k = 0
            for a, head in out.get(n, []):
                for i in queue[k : k + flows[a]]:
                    assigned[i] = pos_of[head]
                    placed += 1
                k += flows[a]
    return assigned, placed, cost


def _couples_ok(ix: Index, assigned: list[int]) -> bool:
    for i, b in enumerate(ix.partner):
        if (
            b > i
            and assigned[i] >= 0
            and assigned[b] >= 0
            and ix.positions[assigned[i]].prefecture != ix.positions[assigned[b]].prefecture
        ):
            return False
    return True


def solve_optimal(ix: Index) -> list[int]:
    """Return ``assigned[i]``: the position index participant i gets, or -1 (an exact optimum)."""
    has_couples = any(b >= 0 for b in ix.partner)
    units = _units(ix, None, split_couples=has_couples)
    assigned, _placed, _cost = _min_cost_flow(ix, units)
    if not has_couples or _couples_ok(ix, assigned):
        return assigned
    fixed, objective = _solve_mip(ix)
    assigned, placed, cost = _min_cost_flow(ix, _units(ix, fixed, split_couples=True))
    big = 10 * len(ix.participants) + 1
    if cost - big * placed != objective:
        raise SolverError(
            f"the flow with the couples fixed ({placed} placed, cost {cost}) "
            f"does not match the MIP objective {objective}"
        )
    if not _couples_ok(ix, assigned):
        raise SolverError("the MIP solution splits a couple")
    return assigned


def _solve_mip(ix: Index) -> tuple[dict[int, str | None], int]:
    """Solve the couples MIP; return each partner's prefecture (None: unplaced) and the objective."""
    import numpy as np
    from scipy.optimize import Bounds, LinearConstraint, milp
    from scipy.sparse import coo_array

    units = _units(ix, None, split_couples=True)
    net, source_arcs = _build(ix, units, by_position=False)
    n_arcs = len(net.tails)
    big = 10 * len(ix.participants) + 1
    c = np.array(net.costs, dtype=float)
    for a in source_arcs:
        c[a] -= big
    integrality = np.zeros(n_arcs)
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    # Flow conservation at every node but the source and sink.
    for a in range(n_arcs):
        t, h = net.tails[a], net.heads[a]
        if t > SINK:
            rows.append(t - 2)
            cols.append(a)
            vals.append(1.0)
        if h > SINK:
            rows.append(h - 2)
            cols.append(a)
            vals.append(-1.0)
    n_rows = net.n_nodes - 2
    lo = [0.0] * n_rows
    hi = [0.0] * n_rows
    # Couple constraints.
    y: dict[int, dict[str, int]] = {}
    for u in units:
        if len(u.members) == 1 and ix.partner[u.members[0]] >= 0:
            y[u.members[0]] = {pref: a for (pref, _), a in zip(u.targets, u.arcs, strict=True) if pref}
            for a in u.arcs:
                integrality[a] = 1
    # z[i] = sum of y[i, .] (partner i placed), one extra column and row per partner, so that each couple
    # constraint y[a, r] - y[b, r] + z[b] <= 1 has three terms.
    z: dict[int, int] = {}
    for i, arcs in y.items():
        z[i] = n_arcs + len(z)
        row = len(lo)
        for arc in arcs.values():
            rows.append(row)
            cols.append(arc)
            vals.append(1.0)
        rows.append(row)
        cols.append(z[i])
        vals.append(-1.0)
        lo.append(0.0)
        hi.append(0.0)
    for a_i, b_i in ((i, b) for i, b in enumerate(ix.partner) if b >= 0):
        ya, yb = y[a_i], y[b_i]
        for r, arc_a in ya.items():
            row = len(lo)
            rows.extend((row, row))
            cols.extend((arc_a, z[b_i]))
            vals.extend((1.0, 1.0))
            if r in yb:
                rows.append(row)
                cols.append(yb[r])
                vals.append(-1.0)
            lo.append(-np.inf)
            hi.append(1.0)
    n_cols = n_arcs + len(z)
    c = np.concatenate([c, np.zeros(len(z))])
    integrality = np.concatenate([integrality, np.zeros(len(z))])
    upper = np.array(net.caps + [1] * len(z), dtype=float)
    matrix = coo_array((vals, (rows, cols)), shape=(len(lo), n_cols)).tocsr()
    result = milp(
        c,
        constraints=LinearConstraint(matrix, np.array(lo), np.array(hi)),
        integrality=integrality,
        bounds=Bounds(np.zeros(n_cols), upper),
        options={"mip_rel_gap": 0.0, "disp": bool(os.environ.get("JETPM_MIP_LOG"))},
    )
    if result.status != 0 or result.x is None:
        raise SolverError(f"the couples MIP was not solved to optimality: {result.message}")
    x = result.x
    fixed: dict[int, str | None] = {}
    for i, arcs in y.items():
        fixed[i] = next((r for r, a in arcs.items() if x[a] > 0.5), None)
    return fixed, round(result.fun)
