"""The errors of scenarios: a bad scenario (file, line, step, field) and a failed one."""

from __future__ import annotations

from collections.abc import Sequence

from gradingcore.errors import InvalidInput
from gradingcore.scenarios._model import Where


class ScenarioError(InvalidInput):
    """A scenario that cannot be run as written: names the file, line, step and field."""

    def __init__(
        self,
        message: str,
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

    def _text(self) -> str:
        place = str(self.where)
        about = []
        if self.step:
            about.append(f"step {self.step!r}")
        if self.field:
            about.append(f"field {self.field!r}")
        lead = ", ".join(about)
        text = f"{lead}: {self.problem}" if lead else self.problem
        return f"{place}: {text}" if place else text

    def at(self, where: Where) -> ScenarioError:
        """The same problem, placed at ``where`` (a file loader knows the line, the DSL not)."""
        return ScenarioError(self.problem, where=where, step=self.step, field=self.field)


class ScenarioFileError(ScenarioError):
    """Every problem found in one scenario file, each with its line."""

    def __init__(self, path: str | None, errors: Sequence[ScenarioError]) -> None:
        self.errors = tuple(errors)
        count = len(self.errors)
        head = f"{path or 'scenario'}: {count} problem{'s' if count != 1 else ''}"
        super().__init__(head, where=Where(path))
        self.message = head + "".join(f"\n  {e}" for e in self.errors)
        self.args = (self.message,)

    def __str__(self) -> str:
        return self.message


class ScenarioFailure(AssertionError):
    """A scenario ran and an expectation did not hold (an ``AssertionError``, for pytest)."""


__all__ = ["ScenarioError", "ScenarioFailure", "ScenarioFileError"]
