"""How a command's write is made safe to repeat and to race (写入): a command id names one
command, and facts on a hot case are decided again until they land.

- :func:`same_command`: a command id already recorded, given again, must be the very same
  command (type, actor, date, the whole payload, defaults included), as an idempotency key
  reused with another body is refused (Stripe's rule); otherwise
  :class:`~gradingcore.errors.CommandIdReused`, nothing written. A refused command writes
  nothing, so its id stays free for a corrected command.
- :func:`attempts`: a fact (:data:`~gradingcore.bounds.FACT_STEPS`: an accident, a penalty,
  a hazard...) is recorded whatever else happened to the case meanwhile, so after a write
  conflict it is decided again, with a short random pause, until it lands or
  :data:`FACT_RETRY_SECONDS` have passed; any other command is decided again
  :data:`RETRIES` times (its decision may depend on what the other writer recorded).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping

import attrs

from gradingcore import events as ev
from gradingcore.bounds import FACT_STEPS
from gradingcore.commands import Command
from gradingcore.decisions import ANSWERS, command_arguments
from gradingcore.errors import CommandIdReused

#: How often a command other than a fact is decided again after another writer got there first.
RETRIES = 3
#: How long a fact is decided again after write conflicts before ConflictError, in seconds.
FACT_RETRY_SECONDS = 30.0
#: The longest pause between two attempts of a fact (random up to it, doubling from 5 ms).
FACT_PAUSE_SECONDS = 0.2


def attempts(command: Command) -> Iterator[int]:
    """The attempt numbers of a command (0 first); pauses before each fact retry."""
    if command.step not in FACT_STEPS:
        yield from range(RETRIES + 1)
        return
    deadline = time.monotonic() + FACT_RETRY_SECONDS
    attempt = 0
    while True:
        yield attempt
        attempt += 1
        if time.monotonic() >= deadline:
            return
        # Random pauses spread the writers of a hot case so that each lands in turn.
        time.sleep(random.uniform(0, min(0.005 * 2**attempt, FACT_PAUSE_SECONDS)))


def same_command(
    recorded: ev.CaseEvent,
    command: Command,
    normalized: Callable[[], Mapping[str, object] | None] | None = None,
) -> None:
    """Refuse ``command`` if its id is recorded as another command (``recorded`` is the last
    event that id recorded, the one its command answers).

    The full command is compared, fields left at their defaults included. A field given at its
    default that the event holds otherwise may have been derived by the decision (a
    publicity's start, the authorities an announcement is copied to, a revocation's facts from
    its finding), so it is compared with what ``normalized()`` gives: the payload the decision
    makes of ``command`` where ``recorded`` was decided (None: it would have been refused
    there). Without ``normalized`` such a field is a difference."""
    differences = []
    answered = ANSWERS.get(type(recorded))
    if answered is not type(command):
        step = answered.step if answered else type(recorded).__name__
        differences.append(f"type ({step} recorded, {command.step} given)")
    else:
        defaults = {f.name: _default(f) for f in attrs.fields(type(command))}
        defaulted = []
        for name, value in command_arguments(recorded).items():
            given = getattr(command, name)
            if given == value:
                continue
            if name in defaults and given == defaults[name]:
                defaulted.append(name)
            else:
                differences.append(name)
        if defaulted:
            made = normalized() if normalized is not None else None
            recorded_payload = command_arguments(recorded)
            differences += [
                name
                for name in defaulted
                if made is None or made.get(name) != recorded_payload[name]
            ]
    if recorded.actor != command.actor:
        differences.append(f"actor ({recorded.actor} recorded, {command.actor} given)")
    if command.on is not None and recorded.on != command.on:
        differences.append(f"date ({recorded.on} recorded, {command.on} given)")
    if differences:
        raise CommandIdReused(
            f"command id {command.command_id!r} was already used for another command (v"
            f"{recorded.originator_version}); this one differs in {', '.join(differences)}. "
            "Nothing was written: give a new command id for a new command",
            facts={
                "command_id": command.command_id,
                "version": recorded.originator_version,
                "differences": differences,
            },
        )


def _default(field: attrs.Attribute[object]) -> object:
    """A field's default value (a factory's product), or NOTHING."""
    default = field.default
    if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
        return default.factory() if not default.takes_self else attrs.NOTHING  # type: ignore[attr-defined]
    return default


__all__ = ["FACT_RETRY_SECONDS", "RETRIES", "attempts", "same_command"]
