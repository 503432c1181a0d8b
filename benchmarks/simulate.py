"""Benchmark: the province simulator on a SQLite file, with and without batched saves.

Run with ``nox -s bench`` (or ``python benchmarks/simulate.py --enterprises N --years Y``).
Both runs happen in this one process, one after the other, on fresh files, so their ratio is
what to compare across machines; the absolute seconds depend on the machine and its load.
The two stores must end identical (same events, same digests): a speed-up that changed the
history would be a bug, so the benchmark checks it.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from gradingcore import GradingService
from gradingcore.simulation import simulate, simulation_service


def _heads(service: GradingService) -> dict[object, str]:
    return {case_id: service.history(case_id)[-1].digest for case_id in service.case_ids()}


def run(enterprises: int, years: int, seed: int, directory: Path) -> dict[str, float]:
    results: dict[str, float] = {}
    heads = []
    for batch in (True, False):
        label = "batched" if batch else "one by one"
        service = simulation_service(str(directory / f"{label.replace(' ', '_')}.db"))
        began = time.perf_counter()
        summary = simulate(service, enterprises=enterprises, years=years, seed=seed, batch=batch)
        seconds = time.perf_counter() - began
        results[label] = seconds
        print(
            f"{label:>11}: {seconds:7.1f} s, {summary.events:,} events, "
            f"{summary.events / seconds:,.0f} events/s"
        )
        heads.append(_heads(service))
        service.close()
    assert heads[0] == heads[1], "batching changed the recorded history"
    print(
        f"batched saves are {results['one by one'] / results['batched']:.2f}x as fast "
        "(same process, same seed, identical stores)"
    )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=2000)
    parser.add_argument("--years", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        run(options.enterprises, options.years, options.seed, Path(directory))


if __name__ == "__main__":
    main()
