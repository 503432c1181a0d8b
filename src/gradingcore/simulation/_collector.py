"""The garbage collector during a long province run (decision 0086).

A run keeps every case it follows folded in memory (the service's cache and each enterprise's
run): at 10,000 enterprises that is over a million container objects that live to the end, and
each of the collector's full collections walks them all again. None of them is garbage: the
run makes almost no reference cycles (a refusal handed back as a result drops its traceback).
So for the run's length the survivors are moved, day by day as the run goes, out of the
collector's sight (``gc.freeze()``), and the youngest generation is collected less often; both
are put back as they were when the run ends. The history is the same, digest for digest: only
when memory is looked at changes.

This is a process-wide setting, so the library never makes it on its own: the CLI's
``simulate`` and the bench, which own their processes, ask for it around the run.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

from gradingcore.simulation._simulator import Progress

#: Simulated days between two freezes: one a month keeps what was frozen young enough that a
#: cycle among it (there are almost none) costs little memory.
FREEZE_EVERY_DAYS = 30

#: Allocations between two collections of the youngest generation during the run (Python's
#: default is 700): the run allocates short-lived values by the million.
YOUNGEST_THRESHOLD = 20_000


@contextlib.contextmanager
def province_collector(progress: Progress | None = None) -> Iterator[Progress]:
    """For the length of the ``with``: a progress callback to hand to ``simulate`` that calls
    ``progress`` and, every :data:`FREEZE_EVERY_DAYS` simulated days, freezes the collector's
    survivors; the youngest generation collected every :data:`YOUNGEST_THRESHOLD` allocations.
    The collector's thresholds are restored and everything frozen is unfrozen at the end."""
    thresholds = gc.get_threshold()
    # A host that froze objects of its own keeps them frozen: unfreezing at the end would
    # thaw those too, so then the run only changes the threshold.
    freezing = gc.get_freeze_count() == 0
    gc.set_threshold(YOUNGEST_THRESHOLD, *thresholds[1:])
    if freezing:
        gc.freeze()  # what the process held before the run is not the run's to walk again

    frozen = [0]  # the last stretch of FREEZE_EVERY_DAYS frozen (days without steps are skipped)

    def tended(done: int, total: int, events: int) -> None:
        if freezing and done // FREEZE_EVERY_DAYS > frozen[0]:
            frozen[0] = done // FREEZE_EVERY_DAYS
            gc.freeze()
        if progress is not None:
            progress(done, total, events)

    try:
        yield tended
    finally:
        if freezing:
            gc.unfreeze()
        gc.set_threshold(*thresholds)


__all__ = ["FREEZE_EVERY_DAYS", "YOUNGEST_THRESHOLD", "province_collector"]
