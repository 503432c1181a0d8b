"""Scenario arguments: the core's text-input converter (:mod:`gradingcore.inputs`), with the
defaults a scenario may leave out and its errors placed as a scenario's (step and field)."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

from gradingcore import inputs
from gradingcore.commands import Command
from gradingcore.facts import Degree, Expert, ExpertDraw, Title, WorkGroup
from gradingcore.i18n import joined, msg
from gradingcore.inputs import as_date, payload_fields
from gradingcore.scenarios._errors import ScenarioError
from gradingcore.scenarios._model import CHECK

#: Payload defaults a scenario may leave out (the command itself requires them).
DEFAULTS: Mapping[str, Mapping[str, Callable[[], Any]]] = {
    "self_evaluate": {
        "workgroup": lambda: WorkGroup("主要负责人", True, 2),
    },
    "form_review_team": {
        "experts": lambda: default_team(),
        "draw": lambda: ExpertDraw("省安全生产专家"),
    },
}


def default_team() -> tuple[Expert, ...]:
    """A qualified, independent team of three: a senior leader with 12 years of safety work,
    an expert with a background in the enterprise's processes, and a third expert; each with
    a related bachelor's degree and provincial training passed, all written out (data left
    out is not qualified)."""
    known = functools.partial(
        Expert, degree=Degree.BACHELOR, degree_related=True, trained_provincially=True
    )
    return (
        known("e1", "评审组长", leader=True, title=Title.SENIOR, safety_work_years=12),
        known(
            "e2", "工艺专家", title=Title.INTERMEDIATE, safety_work_years=8, process_background=True
        ),
        known("e3", "安全专家", title=Title.INTERMEDIATE, safety_work_years=6),
    )


def command_class(name: str) -> type[Command]:
    """The command class of a step name; a ScenarioError naming the close matches if none."""
    if name == CHECK:
        raise ScenarioError(msg("the check step runs no command"), step=name)
    try:
        return inputs.command_class(name)
    except inputs.FieldError:
        pass
    import difflib

    from gradingcore.commands import COMMANDS

    close = difflib.get_close_matches(name, [*COMMANDS, CHECK], n=3)
    if close:
        problem = msg(
            "no step {step}; did you mean {close}?", step=repr(name), close=" / ".join(close)
        )
    else:
        problem = msg("no step {step}; steps: {steps}", step=repr(name), steps=", ".join(COMMANDS))
    raise ScenarioError(problem, step=name)


def structure_arguments(name: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The typed payload of step ``name`` from plain values, defaults filled in.

    Raises one ScenarioError per problem (an unknown step, an unknown or missing argument, a
    value of the wrong type), collected in a list attached as ``errors`` to the first.
    """
    if name == CHECK:
        if raw:
            problem = msg("the check step takes no arguments, got {names}", names=", ".join(raw))
            raise ScenarioError(problem, step=name, field=next(iter(raw)))
        return {}
    command_class(name)
    try:
        return inputs.structure_arguments(name, raw, DEFAULTS.get(name))
    except inputs.InputErrors as errors:
        raise ArgumentErrors(
            [ScenarioError(e.problem, step=e.step, field=e.field) for e in errors.errors]
        ) from None


class ArgumentErrors(ScenarioError):
    """Several problems with one step's arguments; ``errors`` holds each one."""

    def __init__(self, errors: list[ScenarioError]) -> None:
        self.errors = tuple(errors)
        first = errors[0]
        each = [
            msg("{field}: {problem}", field=e.field, problem=e.problem) if e.field else e.problem
            for e in errors
        ]
        super().__init__(
            joined(each),
            where=first.where,
            step=first.step,
        )


__all__ = [
    "DEFAULTS",
    "ArgumentErrors",
    "as_date",
    "command_class",
    "default_team",
    "payload_fields",
    "structure_arguments",
]
