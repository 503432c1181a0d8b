"""The errors of scenarios: a bad scenario (file, line, step, field) and a failed one."""

from __future__ import annotations

from collections.abc import Sequence

from gradingcore.errors import InvalidInput
from gradingcore.i18n import Joined, Locale, Message, joined, msg, msg_plural, render
from gradingcore.scenarios._model import Where


class ScenarioError(InvalidInput):
    """A scenario that cannot be run as written: names the file, line, step and field.

    ``problem`` is what is wrong (a message, rendered in the reader's language with the
    place: ``error.localized("zh")``); ``message`` is the whole in English."""

    def __init__(
        self,
        message: str | Message | Joined,
        *,
        where: Where | None = None,
        step: str | None = None,
        field: str | None = None,
    ) -> None:
        self.where = where or Where()
        self.step = step
        self.field = field
        self.problem = message
        facts = {"file": self.where.path, "line": self.where.line, "step": step, "field": field}
        super().__init__(self._text(), facts={k: v for k, v in facts.items() if v is not None})

    def _text(self) -> str | Message | Joined:
        about: list[Message] = []
        if self.step:
            about.append(msg("step {step}", step=repr(self.step)))
        if self.field:
            about.append(msg("field {field}", field=repr(self.field)))
        text: str | Message | Joined = self.problem
        if about:
            text = msg("{place}: {problem}", place=joined(about, msg(", ")), problem=text)
        if self.where.path or self.where.line:
            text = msg("{place}: {problem}", place=self.where, problem=text)
        return text

    def at(self, where: Where) -> ScenarioError:
        """The same problem, placed at ``where`` (a file loader knows the line, the DSL not)."""
        return ScenarioError(self.problem, where=where, step=self.step, field=self.field)


class ScenarioFileError(ScenarioError):
    """Every problem found in one scenario file, each with its line."""

    def __init__(self, path: str | None, errors: Sequence[ScenarioError]) -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        head = msg_plural(
            "{path}: {n} problem", "{path}: {n} problems", count, path=path or "scenario"
        )
        super().__init__(head, where=Where(path))
        self.text = head
        self.message = self.localized("en")
        self.args = (self.message,)

    def localized(self, locale: Locale | str | None = None) -> str:
        """The count, then each problem on a line of its own, in ``locale``."""
        lines = "".join(f"\n  {e.localized(locale)}" for e in self.errors)
        return render(self.text, locale) + lines

    def render(self, locale: Locale | str | None = None) -> str:
        return self.localized(locale)

    def __str__(self) -> str:
        return self.localized()


class ScenarioFailure(AssertionError):
    """A scenario ran and an expectation did not hold (an ``AssertionError``, for pytest)."""


__all__ = ["ScenarioError", "ScenarioFailure", "ScenarioFileError"]
