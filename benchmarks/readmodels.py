"""Benchmark: catching the read models up from empty, against the bare decoded log read.

Run with ``nox -s bench`` (or ``python benchmarks/readmodels.py --enterprises N --years Y``).
A province is simulated into a SQLite file (or ``--store`` reuses one), then, in this one
process, the whole log is read and decoded by eventsourcing's recorder and the service's mapper
(the bare rate), and the views are dropped and caught up from empty over the same log. The
ratio of the two rates is the figure to compare (target: >= 0.6); the seconds depend on the
machine. Both are timed in this process's CPU time (``time.process_time``): the cores are
shared, and wall time would count the other processes' turns. ``--output`` writes the figures
as JSON (benchmarks/readmodels.json; benchmarks/readmodels-30000.json at the issue's size), and
``--docs docs/readmodels.md`` rewrites that page's table of figures from every such file.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import tempfile
import time
from pathlib import Path

from gradingcore import GradingService, ReadModels
from gradingcore.readmodels._runner import CASE_TOPICS
from gradingcore.simulation import simulate, simulation_service

PAGE = 2_000
#: The block of docs/readmodels.md this bench writes.
BEGIN, END = "<!-- bench:readmodels -->", "<!-- /bench:readmodels -->"


def bare_read(service: GradingService) -> tuple[int, float]:
    """Every case event read in pages by eventsourcing's recorder and decoded by the store's
    mapper, doing nothing with it: the baseline (the service's own eventsourcing parts, reached
    on purpose)."""
    recorder, mapper = service._recorder, service._mapper
    began, start, count = time.process_time(), 0, 0
    while True:
        page = recorder.select_notifications(start=start + 1, limit=PAGE, topics=CASE_TOPICS)
        if not page:
            break
        for notification in page:
            mapper.to_domain_event(notification)
        count += len(page)
        start = page[-1].id
    return count, time.process_time() - began


def catch_up(service: GradingService) -> tuple[int, float]:
    models = ReadModels(service)
    with models.store.transaction(commit=True) as cursor:
        for view in models.views.values():
            view.drop(cursor)
    models.store.create_table()
    began = time.process_time()
    count = ReadModels(service).catch_up()
    return count, time.process_time() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=3000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--store", type=Path, help="Reuse (or create) this SQLite file.")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="Measure on this PostgreSQL database (simulated into when its log is empty).",
    )
    parser.add_argument("--output", type=Path, help="Write the figures here as JSON.")
    parser.add_argument("--rounds", type=int, default=3, help="Alternating runs; best of each.")
    parser.add_argument("--docs", type=Path, help="Rewrite this page's table of figures.")
    parser.add_argument(
        "--only-docs", action="store_true", help="Only rewrite --docs from the JSON files."
    )
    args = parser.parse_args()
    if not args.only_docs:
        measure(args)
    if args.docs:
        write_docs(args.docs, Path(__file__).parent)


def measure(args: argparse.Namespace) -> None:
    load_before = os.getloadavg()[0]
    measured_at = time.strftime("%Y-%m-%dT%H:%MZ", time.gmtime())
    with tempfile.TemporaryDirectory() as tmp:
        store: str | Path = args.postgres or args.store or Path(tmp) / "province.db"
        empty = GradingService(store).log_head() == 0 if args.postgres else not Path(store).exists()
        if empty:
            began = time.process_time()
            summary = simulate(
                simulation_service(store),
                enterprises=args.enterprises,
                years=args.years,
                seed=args.seed,
            )
            print(f"simulated {summary.events:,} events ({time.process_time() - began:.0f} s CPU)")
        service = GradingService(store)
        # Alternating rounds, the best of each, so that a passing load on the machine (shared
        # cores) hurts neither side more than the other.
        bares, catches = [], []
        for _ in range(args.rounds):
            bares.append(bare_read(service))
            catches.append(catch_up(service))
        bare = min(bares, key=lambda r: r[1])
        views = min(catches, key=lambda r: r[1])
        service.close()
    bare_rate, views_rate = bare[0] / bare[1], views[0] / views[1]
    ratio = views_rate / bare_rate
    print(f"  bare decoded read: {bare_rate:,.0f} events/s ({bare[0]:,} events)")
    print(f"catch-up from empty: {views_rate:,.0f} events/s ({views[0]:,} events)")
    print(f"              ratio: {ratio:.2f} (target >= 0.6)")
    if args.output:
        figures = {
            "benchmark": "readmodels.catch_up",
            "backend": "postgresql" if args.postgres else "sqlite",
            "enterprises": args.enterprises,
            "years": args.years,
            "events": bare[0],
            "bare_events_per_second": round(bare_rate),
            "catch_up_events_per_second": round(views_rate),
            "ratio": round(ratio, 3),
            "rounds": args.rounds,
            # Each round's own ratio (its bare read and catch-up one after the other): how much
            # the load moved the figures during the run.
            "round_ratios": [round(b[1] / c[1], 3) for b, c in zip(bares, catches, strict=True)],
            "target_ratio": 0.6,
            "measured_at": measured_at,
            "load_average": [round(load_before, 1), round(os.getloadavg()[0], 1)],
            "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        }
        args.output.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


def write_docs(page: Path, results: Path) -> None:
    """The table between the page's markers, one line per figures file (by size)."""
    found = [json.loads(f.read_text("utf-8")) for f in sorted(results.glob("readmodels*.json"))]
    found.sort(key=lambda r: (r.get("backend", "sqlite"), r["enterprises"], r["years"]))
    lines = [
        BEGIN,
        "| store | enterprises × years | events | bare decoded read | catch-up from empty | ratio "
        "| target | measured (UTC) | load average (before, after) | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in found:
        load = r.get("load_average")
        lines.append(
            f"| {r.get('backend', 'sqlite')} | {r['enterprises']:,} × {r['years']} "
            f"| {r['events']:,} "
            f"| {r['bare_events_per_second']:,} events/s "
            f"| {r['catch_up_events_per_second']:,} events/s | **{r['ratio']:.2f}** "
            f"| ≥ {r['target_ratio']} | {r.get('measured_at', '?')} "
            f"| {', '.join(map(str, load)) if load else '?'} "
            f"| {r.get('peak_rss_mib', '?')} MiB |"
        )
    lines.append(END)
    text = page.read_text("utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    page.write_text(head + "\n".join(lines) + tail, encoding="utf-8")


if __name__ == "__main__":
    main()
