"""Benchmark the placement engine on realistic instances (bench/placement_instances.py).

    .venv/bin/python bench/bench_placement.py --scale 1          # 2,000 participants × 1,000 organisations
    .venv/bin/python bench/bench_placement.py --scale 10         # 20,000 × 10,000
    .venv/bin/python bench/bench_placement.py --versus-matching  # stable vs `matching`, 1,000 × 500

Run one scale per process: the peak RSS (``ru_maxrss``) is the whole process's, generator included.
Prints Markdown table rows (``--header`` adds the header). Times are the best of ``--repeat`` runs of
``solve()`` (index, solver, summary with the blocking-pair count); parsing is timed separately.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import warnings
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))
sys.path.insert(0, str(ROOT))

from placement_instances import generate  # noqa: E402

from jetpm.placement.engine import Instance, parse_instance, solve  # noqa: E402
from jetpm.placement.engine.index import build_index  # noqa: E402

HEADER = (
    "| instance | participants | positions | seats | couples | mode | parse (s) | solve (s) | placed "
    "| 1st / 2nd / 3rd / unlisted | total cost | couples together / split | blocking pairs "
    "| peak RSS (MiB) |\n"
    "|---|---:|---:|---:|---:|---|---:|---:|---:|---|---:|---|---:|---:|"
)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def best_of(repeat: int, instance: Instance, mode: str) -> tuple[float, dict[str, Any]]:
    best = float("inf")
    summary: dict[str, Any] = {}
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = solve(instance, mode)
        best = min(best, time.perf_counter() - t0)
        summary = result.summary
    return best, summary


def run_scale(scale: int, seed: int, repeat: int, couple_share: float) -> None:
    data = generate(scale=scale, seed=seed, couple_share=couple_share)
    t0 = time.perf_counter()
    instance = parse_instance(data)
    t_parse = time.perf_counter() - t0
    del data
    for mode in ("stable", "optimal"):
        seconds, s = best_of(repeat, instance, mode)
        print(
            f"| {scale}× (seed {seed}) | {s['participants']:,} | {s['positions']:,} | {s['seats']:,} "
            f"| {len(instance.couples)} | {mode} | {t_parse:.2f} | {seconds:.2f} | {s['assigned']:,} "
            f"| {s['first_choice']:,} / {s['second_choice']:,} / {s['third_choice']:,} / {s['unlisted']:,} "
            f"| {s['total_cost']:,} | {s['couples_together']} / {s['couples_split']} "
            f"| {s['blocking_pairs']:,} | {peak_rss_mib():.0f} |",
            flush=True,
        )


def matching_assignments(instance: Instance) -> dict[str, str]:
    """The `matching` package's resident-optimal solution on the engine's rankings (same strict orders)."""
    from matching.games import HospitalResident

    ix = build_index(instance)
    eligible_sets = [
        {j for g in ix.eligible_r[ix.ekey[i]] for j in ix.r_positions[g]} for i in range(len(ix.participants))
    ]
    resident_prefs: dict[str, list[str]] = {}
    for i, p in enumerate(ix.participants):
        ranked = sorted(eligible_sets[i], key=lambda j, p=p: (p.cost(ix.positions[j].prefecture), j))
        if ranked:
            resident_prefs[p.id] = [ix.positions[j].id for j in ranked]
    hospital_prefs: dict[str, list[str]] = {ix.positions[j].id: [] for g in ix.r_positions for j in g}
    for i in ix.order:
        pid = ix.participants[i].id
        if pid in resident_prefs:
            for j in eligible_sets[i]:
                hospital_prefs[ix.positions[j].id].append(pid)
    hospital_prefs = {h: prefs for h, prefs in hospital_prefs.items() if prefs}
    resident_prefs = {r: [h for h in prefs if h in hospital_prefs] for r, prefs in resident_prefs.items()}
    capacities = {s.id: s.capacity for s in ix.positions if s.id in hospital_prefs}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t0 = time.perf_counter()
        game = HospitalResident.create_from_dictionaries(resident_prefs, hospital_prefs, capacities)
        t1 = time.perf_counter()
        solution = game.solve(optimal="resident")
        t2 = time.perf_counter()
    matching_assignments.seconds = (t1 - t0, t2 - t1)  # type: ignore[attr-defined]
    return {r.name: h.name for h, rs in solution.items() for r in rs}


def run_versus_matching(seed: int, repeat: int) -> None:
    # The package recurses once per proposal; 1,000 × 500 fits in Python's default limit here, the full
    # scale does not (RecursionError) — raise the limit so that the comparison never depends on it.
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 100_000))
    instance = parse_instance(generate(seed=seed, participants=1000, organisations=500))
    engine_seconds, summary = best_of(repeat, instance, "stable")
    ours = solve(instance, "stable").assignments
    theirs = matching_assignments(instance)
    build, matching_seconds = matching_assignments.seconds  # type: ignore[attr-defined]
    identical = ours == theirs
    print(
        "| instance | engine `stable`, whole `solve()` (s) | `matching` 1.4.3: build game (s) "
        "| `matching`: `solve()` (s) | speed-up (solve only) | speed-up (build + solve) | identical |"
    )
    print("|---|---:|---:|---:|---:|---:|---|")
    print(
        f"| 1,000 × 500 (seed {seed}), {summary['seats']:,} seats | {engine_seconds:.3f} | {build:.1f} "
        f"| {matching_seconds:.1f} | {matching_seconds / engine_seconds:,.0f}× "
        f"| {(build + matching_seconds) / engine_seconds:,.0f}× | {'yes' if identical else 'NO'} |"
    )
    if not identical:
        raise SystemExit("the engine and the matching package disagree")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--couple-share", type=float, default=0.02, help="share of participants in couples")
    parser.add_argument("--versus-matching", action="store_true")
    parser.add_argument("--header", action="store_true", help="print the Markdown table header first")
    args = parser.parse_args(argv)
    if args.versus_matching:
        run_versus_matching(args.seed, args.repeat)
        return 0
    if args.header:
        print(HEADER)
    run_scale(args.scale, args.seed, args.repeat, args.couple_share)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
