"""Scenario files: one grading case per YAML file, every problem reported with its line.

The format (``docs/scenarios.md``)::

    name: A correction notice on the 5th working day is in time
    rules: [intake.correction]
    cites: HN 第七条(二)1
    policy: cn.henan.2023
    calendar_files: [calendars/2027.toml]   # optional: years beyond the shipped calendar
    enterprise: {name: 焦作市恒通机械有限公司, industry: 机械}
    steps:
      - self_evaluate: {on: 2024-03-01, score: 82, claimed_level: 2}
      - apply: {on: 2024-03-18, level: 2}
      - request_correction: {on: 2024-03-25, items: [附件2缺少评分表]}
        expect: {stage: awaiting_correction}

PyYAML composes the file into nodes, which carry their lines; mapping keys are read as written
(YAML 1.1 would read a bare ``on`` key as ``true``), duplicate keys are an error.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pendulum
import yaml
from yaml.constructor import ConstructorError, SafeConstructor

from gradingcore.calendar import OfficialYear, load_year_file
from gradingcore.commands import COMMANDS
from gradingcore.errors import GradingError
from gradingcore.events import EVENT_TYPES
from gradingcore.i18n import Joined, Message, msg, msg_ctx
from gradingcore.levels import Level
from gradingcore.limits import limits
from gradingcore.policy import Policy
from gradingcore.scenarios._arguments import (
    ArgumentErrors,
    as_date,
    payload_fields,
    structure_arguments,
)
from gradingcore.scenarios._dsl import case_of, parse_actor
from gradingcore.scenarios._errors import ScenarioError, ScenarioFileError
from gradingcore.scenarios._model import (
    CHECK,
    EventMatch,
    Expect,
    ObligationMatch,
    Scenario,
    Step,
    Where,
)
from gradingcore.scenarios._runner import policy_of
from gradingcore.state import Stage
from gradingcore.values import Role
from gradingcore.views import Status

#: The files the pytest plugin and ``gradingcore scenario run DIR`` pick up.
PATTERNS = ("scenario_*.yaml", "scenario_*.yml")

_TOP = (
    "name",
    "name_zh",
    "description",
    "rules",
    "cites",
    "policy",
    "calendar_files",
    "enterprise",
    "steps",
)
_ENTERPRISE = ("name", "industry", "region", "above_designated_size", "uscc", "specialty")
_STEP_KEYS = ("on", "actor", "command_id")
_EXPECT = (
    "refused",
    "events",
    "status",
    "stage",
    "level",
    "valid_until",
    "obligations",
    "absent",
    "as_of",
)
_OBLIGATION = ("rule", "due", "party", "overdue")
_EVENT_NAMES = frozenset(cls.__name__ for cls in EVENT_TYPES)


@attrs.frozen
class Node:
    """A YAML value with its line: ``value`` is a scalar, a ``dict[str, Node]`` or a
    ``list[Node]``; ``keys`` gives a mapping's key lines."""

    value: Any
    line: int
    keys: Mapping[str, int] = attrs.field(factory=dict)

    def plain(self) -> Any:
        """The value with every line dropped: plain dicts, lists and scalars."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


class _Reader:
    """Reads one file, collecting every problem instead of stopping at the first."""

    def __init__(self, path: str | None) -> None:
        self.path = path
        self.problems: list[ScenarioError] = []
        self.policy: Policy | None = None
        self._constructor = SafeConstructor()

    def problem(
        self,
        line: int | None,
        message: str | Message | Joined,
        *,
        step: str | None = None,
        field: str | None = None,
    ) -> None:
        self.problems.append(
            ScenarioError(message, where=Where(self.path, line), step=step, field=field)
        )

    def where(self, line: int | None) -> Where:
        return Where(self.path, line)

    # --- YAML to nodes -------------------------------------------------------------------

    def node(self, raw: yaml.Node) -> Node:
        line = raw.start_mark.line + 1
        if isinstance(raw, yaml.MappingNode):
            values: dict[str, Node] = {}
            keys: dict[str, int] = {}
            for key_node, value_node in raw.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, yaml.ScalarNode):
                    self.problem(key_line, msg("a key must be plain text"))
                    continue
                key = str(key_node.value)
                if key == "<<":
                    self.problem(key_line, msg("merge keys (<<) are not supported"))
                    continue
                if key in values:
                    problem = msg(
                        "duplicate key {key} (first on line {line})",
                        key=repr(key),
                        line=keys[key],
                    )
                    self.problem(key_line, problem)
                    continue
                values[key] = self.node(value_node)
                keys[key] = key_line
            return Node(values, line, keys)
        if isinstance(raw, yaml.SequenceNode):
            return Node([self.node(item) for item in raw.value], line)
        try:
            return Node(self._constructor.construct_object(raw), line)
        except ConstructorError as error:
            self.problem(line, msg("cannot read this value: {reason}", reason=str(error.problem)))
            return Node(None, line)

    # --- checks --------------------------------------------------------------------------

    def mapping(
        self, node: Node, what: Message, allowed: Iterable[str], *, step: str | None = None
    ) -> dict[str, Node] | None:
        if not isinstance(node.value, dict):
            self.problem(node.line, msg("{what} must be a mapping", what=what), step=step)
            return None
        allowed = tuple(allowed)
        for key in node.value:
            if key not in allowed:
                self.problem(
                    node.keys[key],
                    msg("unknown key in {what} (keys: {keys})", what=what, keys=", ".join(allowed)),
                    step=step,
                    field=key,
                )
        return {k: v for k, v in node.value.items() if k in allowed}

    def text(self, node: Node, field: str, *, step: str | None = None) -> str | None:
        if isinstance(node.value, str) and node.value.strip():
            return node.value.strip()
        problem = msg("expected text, got {value}", value=repr(node.value))
        self.problem(node.line, problem, step=step, field=field)
        return None

    def texts(self, node: Node, field: str, *, step: str | None = None) -> tuple[str, ...]:
        items = node.value if isinstance(node.value, list) else [node]
        found = [self.text(item, field, step=step) for item in items]
        return tuple(t for t in found if t is not None)

    def date(self, node: Node, field: str, *, step: str | None = None) -> pendulum.Date | None:
        try:
            return as_date(node.value)
        except ValueError as error:
            self.problem(node.line, _text_of(error), step=step, field=field)
            return None

    def rule_ids(self, node: Node, field: str, *, step: str | None = None) -> tuple[str, ...]:
        ids = self.texts(node, field, step=step)
        if self.policy is not None:
            for rule_id in ids:
                if rule_id not in self.policy.rules:
                    self.problem(
                        node.line,
                        msg(
                            "policy {policy} has no rule {rule}",
                            policy=str(self.policy.ref),
                            rule=repr(rule_id),
                        ),
                        step=step,
                        field=field,
                    )
        return ids

    # --- the file ------------------------------------------------------------------------

    def scenario(self, root: Node) -> Scenario | None:
        top = self.mapping(root, msg("a scenario"), _TOP)
        if top is None:
            return None
        for key in ("name", "policy", "steps"):
            if key not in top:
                self.problem(
                    root.line,
                    msg(
                        "missing {key} (a scenario has: {keys})",
                        key=repr(key),
                        keys=", ".join(_TOP),
                    ),
                    field=key,
                )
        name = self.text(top["name"], "name") if "name" in top else None
        policy = self.text(top["policy"], "policy") if "policy" in top else None
        if policy is not None:
            try:
                self.policy = policy_of(policy)
            except ScenarioError as error:
                self.problem(top["policy"].line, error.problem, field="policy")
        rules = self.rule_ids(top["rules"], "rules") if "rules" in top else ()
        cites = self.text(top["cites"], "cites") if "cites" in top else ""
        description = self.text(top["description"], "description") if "description" in top else ""
        name_zh = self.text(top["name_zh"], "name_zh") if "name_zh" in top else ""
        years = self.calendar_files(top["calendar_files"]) if "calendar_files" in top else ()
        case = self.case(top.get("enterprise"), policy if self.policy else None, root.line)
        steps = self.steps(top["steps"]) if "steps" in top else ()
        if self.problems or name is None or policy is None or case is None:
            return None
        return Scenario(
            name=name,
            policy=policy,
            enterprise=case[0],
            key=case[1],
            steps=steps,
            rules=rules,
            cites=cites or "",
            description=description or "",
            name_zh=name_zh or "",
            calendar=years,
            where=self.where(root.line),
        )

    def calendar_files(self, node: Node) -> tuple[OfficialYear, ...]:
        """``calendar_files: [2027.toml, …]``: year files (docs/calendar.md) the scenario's
        calendar also holds, each path relative to the scenario file."""
        if not isinstance(node.value, list) or not node.value:
            self.problem(
                node.line,
                msg("calendar_files must be a list of year files (paths relative to this file)"),
                field="calendar_files",
            )
            return ()
        base = Path(self.path).parent if self.path else Path()
        years: list[OfficialYear] = []
        for item in node.value:
            name = self.text(item, "calendar_files")
            if name is None:
                continue
            try:
                year = load_year_file(base / name)
            except GradingError as error:
                self.problem(item.line, error.text, field="calendar_files")
                continue
            if any(y.year == year.year for y in years):
                problem = msg("{year} is loaded twice", year=year.year)
                self.problem(item.line, problem, field="calendar_files")
                continue
            years.append(year)
        return tuple(years)

    def case(self, node: Node | None, policy: str | None, line: int) -> Any:
        fields: dict[str, Any] = {}
        if node is not None:
            given = self.mapping(node, msg("the enterprise"), _ENTERPRISE)
            if given is None:
                return None
            fields = {k: v.plain() for k, v in given.items()}
            missing = [key for key in ("name", "industry") if key not in given]
            for key in missing:
                self.problem(node.line, msg("the enterprise needs {key}", key=repr(key)), field=key)
            if missing:
                return None
        uscc, specialty = fields.pop("uscc", None), fields.pop("specialty", None)
        try:
            return case_of(policy or "", fields or None, uscc, specialty)
        except ScenarioError as error:
            at = node.keys.get(error.field or "", node.line) if node else line
            self.problem(at, error.problem, field=error.field or "enterprise")
            return None

    def steps(self, node: Node) -> tuple[Step, ...]:
        if not isinstance(node.value, list) or not node.value:
            self.problem(node.line, msg("steps must be a list of one or more steps"), field="steps")
            return ()
        steps: list[Step] = []
        last: tuple[pendulum.Date, int] | None = None
        for n, item in enumerate(node.value, start=1):
            found = self.step(n, item)
            if found is None:
                continue
            if last is not None and found.on < last[0]:
                self.problem(
                    found.where.line,
                    msg(
                        "{day} is before the previous step's date ({previous}, line {line}): "
                        "steps go in date order",
                        day=found.on.isoformat(),
                        previous=last[0].isoformat(),
                        line=last[1],
                    ),
                    step=found.name,
                    field="on",
                )
            last = (found.on, found.where.line or 0)
            steps.append(found)
        return tuple(steps)

    def step(self, n: int, node: Node) -> Step | None:
        if not isinstance(node.value, dict):
            self.problem(
                node.line,
                msg("step {n} must be a mapping: {form}", n=n, form="{step_name: {on: ..., ...}}"),
            )
            return None
        names = [k for k in node.value if k != "expect"]
        if len(names) != 1:
            self.problem(
                node.line,
                msg(
                    "step {n} must name exactly one step (and optionally expect), found: {names}",
                    n=n,
                    names=", ".join(names) or msg_ctx("scenario", "none"),
                ),
            )
            return None
        name = names[0]
        line = node.keys[name]
        body = node.value[name]
        if name != CHECK and name not in COMMANDS:
            self.problem(line, _unknown_step(name), step=name)
            return None
        fields = (
            self.mapping(body, msg("step {step}", step=repr(name)), _step_fields(name), step=name)
            if body.value is not None
            else {}
        )
        if fields is None:
            return None
        on = self.date(fields["on"], "on", step=name) if "on" in fields else None
        if "on" not in fields:
            self.problem(
                line,
                msg("every step needs its business date: on: YYYY-MM-DD"),
                step=name,
                field="on",
            )
        actor = None
        if "actor" in fields:
            try:
                actor = parse_actor(fields["actor"].plain(), name)
            except ScenarioError as error:
                self.problem(fields["actor"].line, error.problem, step=name, field="actor")
        command_id = (
            self.text(fields["command_id"], "command_id", step=name)
            if "command_id" in fields
            else None
        )
        raw = {k: v.plain() for k, v in fields.items() if k not in _STEP_KEYS}
        arguments: dict[str, Any] = {}
        try:
            arguments = structure_arguments(name, raw)
        except ArgumentErrors as errors:
            for each in errors.errors:
                at = fields[each.field].line if each.field in fields else line
                self.problem(at, each.problem, step=name, field=each.field)
        except ScenarioError as error:
            self.problem(line, error.problem, step=name, field=error.field)
        expect = self.expect(node.value["expect"], name) if "expect" in node.value else Expect()
        if name == CHECK and expect is not None and expect.empty:
            self.problem(line, msg("a check step needs an expect"), step=name)
        if (
            name == CHECK
            and expect is not None
            and not (expect.refused is None and expect.events is None)
        ):
            self.problem(
                line,
                msg("a check step runs no command: it cannot expect a refusal or events"),
                step=name,
            )
        if on is None or expect is None:
            return None
        return Step(
            name=name,
            on=on,
            arguments=arguments,
            actor=actor,
            command_id=command_id,
            expect=expect,
            where=self.where(line),
        )

    def expect(self, node: Node, step: str) -> Expect | None:
        fields = self.mapping(node, msg_ctx("scenario", "expect"), _EXPECT, step=step)
        if fields is None:
            return None
        before = len(self.problems)
        lines = {k: node.keys[k] for k in fields}
        found: dict[str, Any] = {"lines": lines}
        for key, value in fields.items():
            reader = getattr(self, f"_expect_{key}")
            found[key] = reader(value, step)
        if len(self.problems) > before:
            return None
        return Expect(**found)

    def _expect_refused(self, node: Node, step: str) -> tuple[str, ...]:
        return self.rule_ids(node, "refused", step=step)

    def _expect_absent(self, node: Node, step: str) -> tuple[str, ...]:
        return self.rule_ids(node, "absent", step=step)

    def _expect_as_of(self, node: Node, step: str) -> pendulum.Date | None:
        return self.date(node, "as_of", step=step)

    def _expect_status(self, node: Node, step: str) -> Status | None:
        found: Status | None = self._choice(node, Status, "status", step)
        return found

    def _expect_stage(self, node: Node, step: str) -> Stage | None:
        if node.value is None:
            return None
        found: Stage | None = self._choice(node, Stage, "stage", step)
        return found

    def _choice(self, node: Node, cls: Any, field: str, step: str) -> Any:
        try:
            return cls(node.value)
        except ValueError:
            allowed = ", ".join(m.value for m in cls)
            self.problem(
                node.line,
                msg(
                    "expected one of {allowed}, got {value}",
                    allowed=allowed,
                    value=repr(node.value),
                ),
                step=step,
                field=field,
            )
            return None

    def _expect_level(self, node: Node, step: str) -> Level | None:
        if node.value is None:
            return None
        if (
            isinstance(node.value, int)
            and not isinstance(node.value, bool)
            and node.value in (1, 2, 3)
        ):
            return Level(node.value)
        self.problem(
            node.line,
            msg(
                "expected a level 1, 2 or 3 (or null: no level), got {value}",
                value=repr(node.value),
            ),
            step=step,
            field="level",
        )
        return None

    def _expect_valid_until(self, node: Node, step: str) -> pendulum.Date | None:
        return None if node.value is None else self.date(node, "valid_until", step=step)

    def _expect_obligations(self, node: Node, step: str) -> tuple[ObligationMatch, ...]:
        items = node.value if isinstance(node.value, list) else [node]
        found = []
        for item in items:
            if isinstance(item.value, str):
                ids = self.rule_ids(item, "obligations", step=step)
                found += [ObligationMatch(i) for i in ids]
                continue
            fields = self.mapping(item, msg("an obligation"), _OBLIGATION, step=step)
            if fields is None:
                continue
            if "rule" not in fields:
                self.problem(
                    item.line, msg("an obligation needs its rule"), step=step, field="obligations"
                )
                continue
            ids = self.rule_ids(fields["rule"], "rule", step=step)
            due = self.date(fields["due"], "due", step=step) if "due" in fields else None
            party = (
                self._choice(fields["party"], Role, "party", step) if "party" in fields else None
            )
            overdue = fields["overdue"].value if "overdue" in fields else None
            if overdue is not None and not isinstance(overdue, bool):
                self.problem(
                    fields["overdue"].line,
                    msg("expected true or false"),
                    step=step,
                    field="overdue",
                )
                overdue = None
            if ids:
                found.append(ObligationMatch(ids[0], due, party, overdue))
        return tuple(found)

    def _expect_events(self, node: Node, step: str) -> tuple[EventMatch, ...]:
        items = node.value if isinstance(node.value, list) else [node]
        found = []
        for item in items:
            if isinstance(item.value, dict) and len(item.value) == 1:
                name, fields = next(iter(item.value.items()))
                checked = fields.plain() if fields.value is not None else {}
                if not isinstance(checked, dict):
                    self.problem(
                        fields.line,
                        msg("an event's fields must be a mapping"),
                        step=step,
                        field="events",
                    )
                    continue
            elif isinstance(item.value, str):
                name, checked = item.value, {}
            else:
                self.problem(
                    item.line,
                    msg("an event is a name, or {form}", form="{Name: {field: value}}"),
                    step=step,
                    field="events",
                )
                continue
            if name not in _EVENT_NAMES:
                problem = msg("no event {name}", name=repr(name))
                self.problem(item.line, problem, step=step, field="events")
                continue
            found.append(EventMatch(name, checked))
        return tuple(found)


def _unknown_step(name: str) -> Message:
    close = difflib.get_close_matches(name, [*COMMANDS, CHECK], n=3)
    if close:
        return msg(
            "no step {step}; did you mean {close}?", step=repr(name), close=" / ".join(close)
        )
    return msg("no step {step}; steps: {steps}", step=repr(name), steps=", ".join(COMMANDS))


def _text_of(error: Exception) -> str | Message | Joined:
    """An error's wording as a message when it has one (rendered in the reader's language)."""
    return error.text if isinstance(error, GradingError) else str(error)


def _step_fields(name: str) -> tuple[str, ...]:
    if name == CHECK:
        return ("on",)
    return (*_STEP_KEYS, *payload_fields(name))


def parse_scenario(text: str, path: str | os.PathLike[str] | None = None) -> Scenario:
    """The scenario written in ``text`` (the YAML format); ``path`` names it in errors.

    Raises ScenarioFileError listing every problem found, each with its line.
    """
    name = os.fspath(path) if path is not None else None
    reader = _Reader(name)
    try:
        _bounded(text, name)
        documents = list(yaml.compose_all(text, Loader=yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        reason = " ".join(p for p in (error.context, error.problem) if p)
        raise ScenarioFileError(
            name,
            [
                ScenarioError(
                    msg("not valid YAML: {reason}", reason=reason), where=Where(name, line)
                )
            ],
        ) from None
    except yaml.YAMLError as error:
        raise ScenarioFileError(
            name,
            [ScenarioError(msg("not valid YAML: {reason}", reason=str(error)), where=Where(name))],
        ) from None
    if len(documents) != 1 or documents[0] is None:
        count = len([d for d in documents if d is not None])
        raise ScenarioFileError(
            name,
            [
                ScenarioError(
                    msg(
                        "a scenario file holds exactly one case (one YAML document), found {n}",
                        n=count,
                    ),
                    where=Where(name, 1),
                )
            ],
        )
    scenario = reader.scenario(reader.node(documents[0]))
    if reader.problems or scenario is None:
        problems = sorted(reader.problems, key=lambda p: p.where.line or 0)
        raise ScenarioFileError(name, problems)
    return scenario


def _bounded(text: str, name: str | None) -> None:
    """Refuse, before anything is built, a YAML text beyond the input limits: larger than
    ``files.scenario_max_bytes``, with more aliases than ``files.yaml_max_aliases`` (none: an
    alias bomb of 351 bytes expands to gigabytes), or nested deeper than
    ``files.max_nesting``. The parser's events are read once, in linear time."""
    bounds = limits()
    size = len(text.encode("utf-8"))
    if size > bounds.scenario_max_bytes:
        raise ScenarioFileError(
            name,
            [
                ScenarioError(
                    msg(
                        "the file has {size} bytes, more than the {most} a scenario may have "
                        "(files.scenario_max_bytes)",
                        size=format(size, ","),
                        most=format(bounds.scenario_max_bytes, ","),
                    ),
                    where=Where(name),
                )
            ],
        )
    aliases = depth = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1 if event.start_mark else None
        if isinstance(event, yaml.AliasEvent):
            aliases += 1
        anchored = isinstance(event, yaml.NodeEvent) and event.anchor is not None
        if aliases > bounds.yaml_max_aliases or (anchored and not bounds.yaml_max_aliases):
            raise ScenarioFileError(
                name,
                [
                    ScenarioError(
                        msg(
                            "YAML anchors and aliases (&name, *name) are not allowed in a "
                            "scenario (files.yaml_max_aliases): write each value out"
                        ),
                        where=Where(name, line),
                    )
                ],
            )
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > bounds.max_nesting:
                raise ScenarioFileError(
                    name,
                    [
                        ScenarioError(
                            msg(
                                "nested more than {most} deep (files.max_nesting)",
                                most=bounds.max_nesting,
                            ),
                            where=Where(name, line),
                        )
                    ],
                )
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """The scenario in the YAML file at ``path``; ScenarioFileError lists every problem."""
    try:
        with Path(path).open("rb") as file:
            raw = file.read(limits().scenario_max_bytes + 1)
        text = raw.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioFileError(
            os.fspath(path),
            [
                ScenarioError(
                    msg("cannot read the file: {reason}", reason=str(error)),
                    where=Where(os.fspath(path)),
                )
            ],
        ) from None
    return parse_scenario(text, path)


def find_scenarios(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """The files named, and in each directory named every ``scenario_*.yaml`` below it."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = {p for pattern in PATTERNS for p in path.rglob(pattern)}
            yield from sorted(found)
        else:
            yield path


def is_scenario_file(path: Path) -> bool:
    """Whether the pytest plugin collects ``path`` (``scenario_*.yaml`` or ``.yml``)."""
    return any(path.match(pattern) for pattern in PATTERNS)


__all__ = [
    "PATTERNS",
    "Node",
    "find_scenarios",
    "is_scenario_file",
    "load_scenario",
    "parse_scenario",
]
