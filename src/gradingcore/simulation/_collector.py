"""The garbage collector during a long province run (decisions 0086, 0098).

A run keeps every case it follows folded in memory (the service's cache and each enterprise's
run): at 100,000 enterprises that is millions of container objects that live to the end, and
every collection the cyclic collector makes walks the young ones among them, visiting what they
refer to across a heap of a gigabyte. None of them is garbage: the run makes almost no
reference cycles (a refusal handed back as a result drops its traceback; 70 objects of cyclic
garbage in all at 100,000 x 3 years), and reference counting frees everything else. So for the
run's length the cyclic collector is off, as it is while the read models catch up, and is put
back as it was when the run ends. What the run left is frozen then (``gc.freeze()``): switched
back on, the collector would otherwise walk all of it at once (5 s at 100,000 enterprises); a
frozen object is still freed when nothing refers to it. The history is the same, digest for
digest: only when memory is looked at changes.

This is a process-wide setting, so the library never makes it on its own: the CLI's
``simulate`` and the bench, which own their processes, ask for it around the run.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from gradingcore.simulation._simulator import Progress


def _passed_on(progress: Progress | None) -> Progress:
    def tended(done: int, total: int, events: int) -> None:
        if progress is not None:
            progress(done, total, events)

    return tended


@contextlib.contextmanager
def province_collector(progress: Progress | None = None) -> Iterator[Progress]:
    """For the length of the ``with``: the cyclic garbage collector off, and a progress
    callback to hand to ``simulate`` that calls ``progress``. At the end, what the process holds
    is frozen out of the collector's sight (``gc.unfreeze()`` gives it back) and the collector
    is switched back on if it was on before (a host that had switched it off keeps it off)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield _passed_on(progress)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


__all__ = ["province_collector"]
