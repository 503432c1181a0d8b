"""The error hierarchy: every refusal names the rule ids and citations it rests on.

A refused command writes nothing. Errors are raised by the core and translated by adapters
into exit codes or HTTP statuses; they never carry infrastructure details.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from gradingcore.citation import Citation

if TYPE_CHECKING:
    # Imported late in the methods: gradingcore.i18n raises these errors itself.
    from gradingcore.i18n import Joined, Locale, Message


class GradingError(Exception):
    """Base of every error gradingcore raises on purpose.

    ``rule_ids`` name the rules of ``rules.md`` involved, ``citations`` where they are written,
    ``facts`` the values that were checked (dates, totals, thresholds), so that a caller can show
    the user exactly why.

    The human part is ``text``: a :class:`gradingcore.i18n.Message` (rendered in the reader's
    locale by :meth:`localized`) or a plain string. ``message`` is its English wording, for
    code that composes or logs it; ``str()`` follows the configured locale (docs/i18n.md).
    """

    def __init__(
        self,
        message: str | Message | Joined,
        *,
        rule_ids: Sequence[str] = (),
        citations: Sequence[Citation] = (),
        facts: Mapping[str, Any] | None = None,
    ) -> None:
        from gradingcore.i18n import Locale, render

        english = render(message, Locale.EN)
        super().__init__(english)
        self.text: str | Message | Joined = message
        self.message = english
        self.rule_ids: tuple[str, ...] = tuple(rule_ids)
        self.citations: tuple[Citation, ...] = tuple(citations)
        self.facts: dict[str, Any] = dict(facts or {})

    def localized(self, locale: Locale | str | None = None) -> str:
        """The human part alone, in ``locale`` (default: the configured one). Rule ids,
        citations and facts are not part of it and never change with the locale."""
        from gradingcore.i18n import render

        return render(self.text, locale)

    def render(self, locale: Locale | str | None = None) -> str:
        """The human part in ``locale`` followed by the rule ids and citations."""
        text = self.localized(locale)
        if not self.rule_ids:
            return text
        if len(self.citations) == len(self.rule_ids):
            pairs = zip(self.rule_ids, self.citations, strict=True)
            cited = ", ".join(f"{rule_id} ({c.localized(locale)})" for rule_id, c in pairs)
        else:
            cited = ", ".join(self.rule_ids)
        return f"{text} [{cited}]"

    def __str__(self) -> str:
        return self.render()


class InvalidInput(GradingError):
    """A value given to the library is malformed (a bad USCC, a score out of range, …)."""


class DuplicateError(InvalidInput):
    """A record with this id already exists on the case (an incident recorded twice, …).

    A plain duplicate: it cites no rule, since no rule of the grading is in question.
    """


class CalendarCoverageError(GradingError):
    """A computation needs a year for which no official holiday notice is loaded.

    Rule ``calendar.official``: the library never guesses a year's working days.
    """

    def __init__(self, year: int, *, citation: Citation | None = None) -> None:
        from gradingcore.i18n import msg

        self.year = year
        super().__init__(
            msg(
                "no official working-day calendar for {year}: load the State Council's notice "
                "for {year} (see docs/calendar.md) before computing dates in it",
                year=year,
            ),
            rule_ids=("calendar.official",),
            citations=(citation,) if citation else (),
            facts={"year": year},
        )


class PolicyError(GradingError):
    """A policy was asked something it cannot answer (unknown rule, date outside its period)."""


class RuleViolation(GradingError):
    """A command was refused because one or more rules do not hold. Nothing was written."""


class ConflictError(GradingError):
    """Another writer changed the case first and the command no longer holds."""


class VersionMismatch(ConflictError):
    """The case is not at the version the caller expected (``execute(...,
    expected_version=N)``, an HTTP ``If-Match``): it was read, then changed by another writer.
    Nothing was written. ``facts`` hold ``expected_version`` and ``current_version``."""

    def __init__(self, expected: int, current: int) -> None:
        from gradingcore.i18n import msg

        self.expected = expected
        self.current = current
        super().__init__(
            msg(
                "the case is at version {current}, not the version {expected} the command "
                "expected: read it again and decide on what it holds now",
                current=current,
                expected=expected,
            ),
            facts={"expected_version": expected, "current_version": current},
        )


class CaseNotFound(GradingError):
    """No grading case exists for the key or id given."""


class StoreError(GradingError):
    """The store could not be used. ``store`` names it with any password replaced by ``***``
    (:func:`gradingcore.stores.redact`), so the message is safe to show or log."""

    def __init__(
        self,
        message: str | Message | Joined,
        *,
        store: str,
        facts: Mapping[str, Any] | None = None,
    ):
        self.store = store
        super().__init__(message, facts={"store": store, **(facts or {})})


class StoreUnavailable(StoreError):
    """The store cannot be reached or opened: a PostgreSQL server that does not answer or
    refuses the login, a path that is a directory, a directory that does not exist."""


class StoreReadOnly(StoreUnavailable):
    """The store can be read but not written (a read-only file, directory or database)."""


class StoreUnreadable(StoreError):
    """The store opens but is not a gradingcore store that can be read: not a SQLite
    database, a truncated or otherwise damaged file."""


class StoreKeyError(StoreUnreadable):
    """The store's events cannot be decrypted: a wrong cipher key, or an encrypted store read
    without its key (``GRADINGCORE_CIPHER_KEY``, decision 0034)."""


class StoreLocked(StoreError):
    """Another process held the store locked for longer than the lock timeout."""


class CommandIdReused(InvalidInput):
    """A command id already recorded is given again with another command (another type,
    payload, actor or date). Nothing was written: an id names exactly one command."""


class Unconvertible(ValueError, TypeError):
    """A value a converter cannot take, raised inside cattrs' structure hooks (which collect
    and place it, so it is a ValueError and a TypeError as they expect); ``text`` is its
    message, rendered in the reader's locale where the input error is shown."""

    def __init__(self, text: str | Message | Joined) -> None:
        from gradingcore.i18n import Locale, render

        super().__init__(render(text, Locale.EN))
        self.text = text


def reason_of(error: BaseException) -> Any:
    """The human part of why a value could not be taken, to put in a message: a refusal as
    itself (rendered with its rule ids), an :class:`Unconvertible`'s message, else its text."""
    if isinstance(error, GradingError):
        return error
    if isinstance(error, Unconvertible):
        return error.text
    return str(error)


def placed_reasons(error: BaseException, path: str, fallback: Any = None) -> Any:
    """Each failure inside a cattrs validation error with the place it happened
    (``field[0].name``), as one message; ``fallback(error, type)`` words a failure that is
    neither a refusal nor :class:`Unconvertible` (default: its text)."""
    import cattrs

    from gradingcore.i18n import joined, msg

    def why(failure: BaseException, type_: Any) -> Any:
        if fallback is not None and not isinstance(failure, GradingError | Unconvertible):
            return fallback(failure, type_)
        return reason_of(failure)

    if not isinstance(error, cattrs.BaseValidationError):
        return why(error, None)
    reasons: list[Any] = []

    def mark(failure: BaseException, type_: Any) -> str:
        reasons.append(why(failure, type_))
        return str(len(reasons) - 1)

    placed = []
    for line in cattrs.transform_error(error, path=path, format_exception=mark):
        index, _, where = line.partition(" @ ")
        # " @ " as cattrs writes it: the English is read back by adapters (the HTTP problem's
        # JSON pointer); other locales put the place first.
        # The id written out, not PLACED, so that the extractor finds it.
        placed.append(msg("{reason} @ {place}", reason=reasons[int(index)], place=where))
    return placed[0] if len(placed) == 1 else joined(placed)


#: How :func:`placed_reasons` words one failure at its place (an adapter reads the two back);
#: the same id as the message it builds.
PLACED = "{reason} @ {place}"


def reason_places(reason: Any) -> list[tuple[str | None, Any]]:
    """The ``(place, reason)`` pairs of a reason :func:`placed_reasons` built, each place as
    cattrs writes it (``$.experts[0].name``); a part with no place gives ``(None, part)``. So an
    adapter points at each nested field and words each reason in its reader's language."""
    from gradingcore.i18n import Joined, Message

    found: list[tuple[str | None, Any]] = []
    for part in reason.items if isinstance(reason, Joined) else (reason,):
        if isinstance(part, Message) and part.id == PLACED:
            values = dict(part.params)
            found.append((str(values["place"]), values["reason"]))
        else:
            found.append((None, part))
    return found
