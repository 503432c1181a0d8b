"""How the HTTP app keeps the read models (``gradingcore.ReadModels``) and reads them.

One follower per server writes the views: a thread that follows the event log
(``ReadModels.follow``) with its own service on the store, in the ``gradingcore serve``
process (beside uvicorn's workers) or, for an app made by ``create_app`` alone, in the app's
process. The workers only read the views' tables. A read first waits until the views it reads
have applied the log as it stood when the request came in, so a host system that has just
posted a command sees it in the registry (decision 0076); past :data:`READ_WAIT` seconds (a
province's first catch-up) the answer is 503 with ``Retry-After``.

Several processes catching the same views up at once would apply the same events twice: the
follower holds the store's follower lock (decision 0096), so the follower of a second ``serve``
on the same store waits, and says so, until the first stops; a batch written by a process that
did not see the last one is refused by the database and rolled back.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Iterable

from gradingcore import ConflictError, GradingService, InvalidInput, ReadModels
from gradingcore_cli._i18n import _
from gradingcore_http._problems import Problem

#: How long a read waits for the follower to apply what the log held when it came in (s).
READ_WAIT = 10.0
#: How often the follower looks for new events, and a waiting read looks at the views (s).
FOLLOW_POLL = 0.2
READ_POLL = 0.05
#: How often a worker tries to open the views before the error is the request's.
OPEN_TRIES = 3
#: After a failure (the store away), the follower tries again after this long (s).
FOLLOW_RETRY = 2.0

log = logging.getLogger("gradingcore.http.views")


class Follower:
    """The one writer of a store's views for this server: a daemon thread that keeps them at
    the log's head."""

    def __init__(self, store: str, *, poll: float = FOLLOW_POLL) -> None:
        self.store = store
        self.poll = poll
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    def start(self) -> None:
        self.thread = threading.Thread(target=self._run, name="gradingcore-views", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout=30)

    def _run(self) -> None:
        while not self.stopping.is_set():
            service = None
            try:
                # Its own service and connections: the thread never shares the workers'.
                service = GradingService(self.store)
                ReadModels(service).follow(poll=self.poll, stop=self.stopping)
            except InvalidInput as error:  # a store the views cannot live in ("memory")
                log.warning("read models not kept: %s", error.message)
                return
            except ConflictError as error:  # another process moved the views: read them again
                log.warning("%s", error.localized())
            except Exception as error:  # the store away: try again, never die quietly
                log.error("read models follower failed: %s", type(error).__name__, exc_info=True)
                self.stopping.wait(FOLLOW_RETRY)
            finally:
                if service is not None:
                    service.close()


class Views:
    """The read models as the app's handlers read them (never writing them)."""

    def __init__(self, service: GradingService, *, wait: float = READ_WAIT) -> None:
        self.service = service
        self.wait = wait
        self._models: ReadModels | None = None

    def models(self) -> ReadModels:
        if self._models is None:
            self._models = self._open()
        return self._models

    def _open(self) -> ReadModels:
        try:
            return self._attempts()
        except InvalidInput:
            raise Problem(
                501,
                "read-models-unavailable",
                _("No read models on this store"),
                _(
                    "the read models live beside the events in a SQLite file or PostgreSQL; "
                    "this server's store is in memory"
                ),
            ) from None

    def _attempts(self) -> ReadModels:
        for _attempt in range(OPEN_TRIES - 1):
            try:
                return ReadModels(self.service)
            except InvalidInput:
                raise
            except Exception:
                # Opening creates the views' tables if need be; PostgreSQL refuses one of two
                # processes doing so at once ("tuple concurrently updated"): the next try
                # finds them made.
                time.sleep(READ_POLL)
        return ReadModels(self.service)

    async def fresh(self, names: Iterable[str]) -> ReadModels:
        """The read models once the views ``names`` have applied the log as it is now."""
        models = self.models()
        wanted = set(names)
        head = models.head()
        deadline = time.monotonic() + self.wait
        while True:
            behind = {s.name: head - s.position for s in models.status() if s.name in wanted}
            if all(n <= 0 for n in behind.values()):
                return models
            if time.monotonic() >= deadline:
                raise Problem(
                    503,
                    "views-behind",
                    _("The read models are catching up"),
                    _(
                        "the views are still applying the log ({n} events behind); "
                        "ask again shortly"
                    ).format(n=max(behind.values())),
                    headers={"Retry-After": "5"},
                    facts={"behind": behind, "head": head},
                )
            await asyncio.sleep(READ_POLL)


__all__ = ["FOLLOW_POLL", "READ_WAIT", "Follower", "Views"]
