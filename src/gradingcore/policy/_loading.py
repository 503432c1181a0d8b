"""Reading policies from TOML files, the packaged ones lazily and once.

A file holds one policy version: a ``[policy]`` table, the ``[documents.CODE]`` it cites, the
``[authorities.N]`` and ``[organizing_units]`` per level, and one ``[rules."rule.id"]`` table per
rule with its ``values`` and its ``citation`` sub-table. Everything is checked on loading: every
key known, every rule id in the catalogue, every value of the kind the rule code reads, every
date a TOML date. A malformed file raises PolicyError naming the file and the key.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import tomllib
from collections.abc import Mapping
from decimal import Decimal
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, NoReturn

from gradingcore.citation import Citation
from gradingcore.errors import GradingError, PolicyError
from gradingcore.i18n import Joined, Message, msg
from gradingcore.levels import Level
from gradingcore.policy._catalogue import VALUE_KINDS
from gradingcore.policy._model import (
    GRADING,
    Authority,
    Policy,
    PolicyRef,
    Rule,
    ScoreThreshold,
    SourceDocument,
    matches_kind,
)
from gradingcore.policy._registry import PolicyRegistry

_TOP = {"policy", "documents", "authorities", "organizing_units", "rules", "out_of_scope"}
_POLICY = {
    "extends",
    "status",
    "applies_to",
    "id",
    "version",
    "title_zh",
    "title_en",
    "regions",
    "levels",
    "effective_from",
    "effective_until",
    "zone",
    "calendar",
    "note",
}
_DOCUMENT = {"title", "number", "verified", "note"}
_AUTHORITY = {"kind", "name_zh", "name_en"}
_RULE = {
    "summary",
    "summary_zh",
    "values",
    "citation",
    "effective_from",
    "effective_until",
    "note",
    "thresholds",
}
_THRESHOLD = {"industry", "level", "min_score", "citation"}
#: The only rule that holds per-industry score thresholds (docs/decisions/0013).
_THRESHOLD_RULE = "score.level_threshold"
_CITATION = {"document", "article", "item", "subject", "text_zh", "verified", "note"}
_AUTHORITY_KINDS = ("MEM", "province", "city")


def _key(*parts: str) -> str:
    return ".".join(f'"{p}"' if "." in p or not p else p for p in parts)


def _parts(key: str) -> list[str]:
    """``rules."CZ-8".values.x`` → ``["rules", "CZ-8", "values", "x"]``."""
    parts: list[str] = []
    for match in re.finditer(r'"([^"]*)"|([^.]+)', key):
        parts.append(match.group(1) if match.group(1) is not None else match.group(2))
    return parts


def line_of(text: str, key: str) -> int | None:
    """The line (from 1) of ``text`` where the dotted ``key`` is written: the line of its
    table header, or of the name it is given within its table; None if not found."""
    parts = _parts(key)
    lines = text.splitlines()
    headers: list[tuple[int, list[str]]] = []
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[([^\[\]]+)\]\s*(#.*)?$", line)
        if header:
            headers.append((number, _parts(header.group(1).replace(" ", ""))))
    best: tuple[int, int] | None = None  # (how many parts matched, line)
    for number, names in headers:
        if names == parts[: len(names)] and (best is None or len(names) > best[0]):
            best = (len(names), number)
    depth, start = best or (0, 0)
    if depth == len(parts):
        return start
    # The rest of the key is a name inside that table (or an inline table in it).
    name = re.escape(parts[-1])
    for number in range(start + 1, len(lines) + 1):
        line = lines[number - 1]
        if re.match(r"\s*\[", line):
            break  # the next table: the name is not in this one
        if re.search(rf'(^|[{{,\s])"?{name}"?\s*=', line):
            return number
    return start or None


def _missing_or(value: object, wrong: Message) -> Message:
    """``missing`` for a key not given, else what is wrong with the value given."""
    return msg("missing") if value is None else wrong.bind(value=repr(value))


class _Reader:
    """Checks one parsed file, naming the file, the key and its line in every error."""

    def __init__(self, source: str, text: str = "") -> None:
        self.source = source
        self.text = text

    def fail(self, key: str, problem: str | Message | Joined) -> NoReturn:
        line = line_of(self.text, key) if self.text and key else None
        if line:
            text = msg(
                "{file}: {key}: {problem} (line {line})",
                file=self.source,
                key=key,
                problem=problem,
                line=line,
            )
        else:
            text = msg("{file}: {key}: {problem}", file=self.source, key=key, problem=problem)
        raise PolicyError(text, facts={"file": self.source, "key": key, "field": key, "line": line})

    def table(
        self, data: Mapping[str, Any], *path: str, allowed: set[str] | None
    ) -> dict[str, Any]:
        value = data.get(path[-1])
        if not isinstance(value, dict):
            self.fail(
                _key(*path), msg("missing table") if value is None else msg("must be a table")
            )
        if allowed is not None:
            for name in value:
                if name not in allowed:
                    known = ", ".join(sorted(allowed))
                    self.fail(_key(*path, name), msg("unknown key (known: {known})", known=known))
        return value

    def string(self, table: Mapping[str, Any], *path: str, default: str | None = None) -> str:
        value = table.get(path[-1], default)
        if not isinstance(value, str):
            self.fail(_key(*path), _missing_or(value, msg("must be a string, got {value}")))
        return value

    def optional_string(self, table: Mapping[str, Any], *path: str) -> str | None:
        value = table.get(path[-1])
        if value is not None and not isinstance(value, str):
            self.fail(_key(*path), msg("must be a string, got {value}", value=repr(value)))
        return value

    def boolean(self, table: Mapping[str, Any], *path: str) -> bool:
        value = table.get(path[-1])
        if not isinstance(value, bool):
            self.fail(_key(*path), _missing_or(value, msg("must be true or false, got {value}")))
        return value

    def date(self, table: Mapping[str, Any], *path: str, required: bool = True) -> dt.date | None:
        value = table.get(path[-1])
        if value is None and not required:
            return None
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            wrong = msg("must be a TOML date (2023-01-01, no quotes), got {value}")
            self.fail(_key(*path), _missing_or(value, wrong))
        return value

    def level(self, name: str, *path: str) -> Level:
        if not name.isdigit() or int(name) not in (1, 2, 3):
            self.fail(_key(*path), msg("must be a level: 1, 2 or 3"))
        return Level(int(name))


def _base(read: _Reader, head: Mapping[str, Any], bases: PolicyRegistry | None) -> Policy | None:
    """The policy named by ``[policy] extends`` (``id`` or ``id@version``), if any."""
    if "extends" not in head:
        return None
    text = read.string(head, "policy", "extends")
    ref = PolicyRef.parse(text) if "@" in text else PolicyRef(text, "")
    registry = bases if bases is not None else default_policies()
    try:
        return registry.get(ref.id, ref.version or None)
    except PolicyError as error:
        read.fail("policy.extends", error.text)


def parse_policy(
    text: str, *, source: str = "<string>", bases: PolicyRegistry | None = None
) -> Policy:
    """The policy in the TOML ``text``; ``source`` names it in errors (a file name).

    A policy with ``[policy] extends = "cn.henan.2023"`` is layered over that policy, looked up
    in ``bases`` (default: the packaged policies): it holds the base's documents, authorities,
    organizing units and rules, its own tables adding to them or replacing them by key, and
    the base's levels unless it names its own.

    Raises PolicyError naming the source and the key for anything malformed.
    """
    read = _Reader(source, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise PolicyError(
            msg("{file}: not valid TOML: {reason}", file=source, reason=str(error)),
            # The parser's own words, quoted as it said them so they can be looked up (as a
            # database driver's are: decision 0090).
            facts={"file": source, "key": "", "reason": str(error)},
        ) from None
    for name in data:
        if name not in _TOP:
            known = ", ".join(sorted(_TOP))
            read.fail(_key(name), msg("unknown table (known: {known})", known=known))

    head = read.table(data, "policy", allowed=_POLICY)
    base = _base(read, head, bases)
    applies_to = read.string(head, "policy", "applies_to", default=GRADING)
    status = read.string(head, "policy", "status", default="in force")
    if status not in ("in force", "draft"):
        read.fail("policy.status", msg('must be "in force" or "draft"'))
    # Tables a layered policy or a campaign may leave out.
    optional = base is not None or applies_to != GRADING
    policy_from = read.date(head, "policy", "effective_from")
    assert policy_from is not None
    policy_until = read.date(head, "policy", "effective_until", required=False)
    if policy_until is not None and policy_until < policy_from:
        read.fail("policy.effective_until", msg("is before the policy's effective_from"))
    regions = head.get("regions")
    if not isinstance(regions, list) or not all(isinstance(r, str) for r in regions):
        read.fail(
            "policy.regions", msg("must be a list of GB/T 2260 prefixes ([] for the country)")
        )
    levels = head.get("levels")
    if levels is None and base is not None:
        levels = sorted(int(level) for level in base.levels)
    if applies_to != GRADING and levels is None:
        levels = []
    if (
        not isinstance(levels, list)
        or not matches_kind(levels, "list[int]")
        or (not levels and applies_to == GRADING)
    ):
        read.fail("policy.levels", msg("must be a non-empty list of levels (1, 2, 3)"))
    for level in levels:
        read.level(str(level), "policy", "levels")

    documents: dict[str, SourceDocument] = dict(base.documents) if base else {}
    for code, doc in _tables(read, data, "documents", optional=base is not None).items():
        if not isinstance(doc, dict):
            read.fail(_key("documents", code), msg("must be a table"))
        read.table({code: doc}, "documents", code, allowed=_DOCUMENT)
        documents[code] = SourceDocument(
            code=code,
            title=read.string(doc, "documents", code, "title"),
            number=read.string(doc, "documents", code, "number", default=""),
            verified=read.boolean(doc, "documents", code, "verified"),
            note=read.string(doc, "documents", code, "note", default=""),
        )

    authorities: dict[Level, Authority] = dict(base.authorities) if base else {}
    for name, entry in _tables(read, data, "authorities", optional=optional).items():
        level = read.level(name, "authorities", name)
        table = read.table({name: entry}, "authorities", name, allowed=_AUTHORITY)
        kind = read.string(table, "authorities", name, "kind")
        if kind not in _AUTHORITY_KINDS:
            kinds = ", ".join(_AUTHORITY_KINDS)
            read.fail(_key("authorities", name, "kind"), msg("must be one of {kinds}", kinds=kinds))
        authorities[level] = Authority(
            kind=kind,  # type: ignore[arg-type]  # checked against _AUTHORITY_KINDS above
            name_zh=read.string(table, "authorities", name, "name_zh"),
            name_en=read.string(table, "authorities", name, "name_en"),
        )

    units = _tables(read, data, "organizing_units", optional=optional)
    organizing_units = dict(base.organizing_units) if base else {}
    organizing_units |= {
        read.level(name, "organizing_units", name): read.string(units, "organizing_units", name)
        for name in units
    }

    rules: dict[str, Rule] = dict(base.rules) if base else {}
    for rule_id, entry in _tables(read, data, "rules", optional=base is not None).items():
        rules[rule_id] = _rule(read, rule_id, entry, documents, policy_from, policy_until)
    # Listed in the catalogue's order, whatever the file's: readers compare policies side by side.
    order = {rule_id: n for n, rule_id in enumerate(VALUE_KINDS)}
    rules = dict(sorted(rules.items(), key=lambda item: order[item[0]]))

    out_of_scope = dict(base.out_of_scope) if base else {}
    for item, reason in _tables(read, data, "out_of_scope", optional=True).items():
        if not isinstance(reason, str) or not reason.strip():
            read.fail(_key("out_of_scope", item), msg("must give the reason, as text"))
        out_of_scope[item] = reason.strip()

    fields = {
        name: read.string(head, "policy", name)
        for name in ("id", "version", "title_zh", "title_en")
    }
    zone = read.string(head, "policy", "zone", default="Asia/Shanghai")
    calendar = read.string(head, "policy", "calendar", default="cn-official")
    note = read.string(head, "policy", "note", default="")
    try:
        return Policy(
            **fields,
            documents=documents,
            regions=tuple(regions),
            levels=levels,
            effective_from=policy_from,
            effective_until=policy_until,
            zone=zone,
            calendar=calendar,
            authorities=authorities,
            organizing_units=organizing_units,
            rules=rules,
            note=note,
            extends=base.ref if base else None,
            status=status,  # type: ignore[arg-type]  # checked above
            applies_to=applies_to,
            out_of_scope=out_of_scope,
        )
    except GradingError as error:
        read.fail("policy", error.text)


def _tables(read: _Reader, data: Mapping[str, Any], name: str, *, optional: bool) -> dict[str, Any]:
    if optional and name not in data:
        return {}
    return read.table(data, name, allowed=None)


def _rule(
    read: _Reader,
    rule_id: str,
    entry: Any,
    documents: Mapping[str, SourceDocument],
    policy_from: dt.date,
    policy_until: dt.date | None,
) -> Rule:
    if rule_id not in VALUE_KINDS:
        read.fail(
            _key("rules", rule_id), msg("unknown rule id: not in the rule catalogue (rules.md)")
        )
    table = read.table({rule_id: entry}, "rules", rule_id, allowed=_RULE)
    here = ("rules", rule_id)

    values = table.get("values", {})
    if not isinstance(values, dict):
        read.fail(_key(*here, "values"), msg("must be a table"))
    kinds = VALUE_KINDS[rule_id]
    for name, value in values.items():
        if name not in kinds:
            known = ", ".join(kinds) or "none"
            problem = msg("unknown value for this rule (known: {known})", known=known)
            read.fail(_key(*here, "values", name), problem)
        if not matches_kind(value, kinds[name]):
            problem = msg("must be {kind}, got {value}", kind=kinds[name], value=repr(value))
            read.fail(_key(*here, "values", name), problem)
        if kinds[name] == "int" and value < 0:
            problem = msg("must not be negative, got {value}", value=repr(value))
            read.fail(_key(*here, "values", name), problem)
    for name in kinds:
        if name not in values:
            read.fail(_key(*here, "values", name), msg("missing ({kind})", kind=kinds[name]))

    citation = _citation(read, table, documents, *here)
    thresholds = _thresholds(read, rule_id, table, documents, here)

    start = read.date(table, *here, "effective_from", required=False) or policy_from
    until = read.date(table, *here, "effective_until", required=False) or policy_until
    if start < policy_from:
        read.fail(_key(*here, "effective_from"), msg("is before the policy's effective_from"))
    if until is not None and until < start:
        read.fail(_key(*here, "effective_until"), msg("is before the rule's effective_from"))
    try:
        return Rule(
            id=rule_id,
            summary=read.string(table, *here, "summary"),
            summary_zh=read.string(table, *here, "summary_zh", default=""),
            citation=citation,
            values=values,
            effective_from=start,
            effective_until=until,
            note=read.string(table, *here, "note", default=""),
            thresholds=thresholds,
        )
    except GradingError as error:  # pragma: no cover - every check above comes first
        read.fail(_key(*here), error.text)


def _citation(
    read: _Reader, table: Mapping[str, Any], documents: Mapping[str, SourceDocument], *here: str
) -> Citation:
    cited = read.table(table, *here, "citation", allowed=_CITATION)
    document = read.string(cited, *here, "citation", "document")
    if document not in documents:
        problem = msg("{document} is not in [documents]", document=repr(document))
        read.fail(_key(*here, "citation", "document"), problem)
    text_zh = read.string(cited, *here, "citation", "text_zh")
    if not text_zh.strip():
        read.fail(_key(*here, "citation", "text_zh"), msg("must quote the text (it is empty)"))
    citation = Citation(
        document=document,
        article=read.optional_string(cited, *here, "citation", "article"),
        item=read.optional_string(cited, *here, "citation", "item"),
        text_zh=text_zh.strip(),
        verified=read.boolean(cited, *here, "citation", "verified"),
        note=read.string(cited, *here, "citation", "note", default=""),
        subject=read.string(cited, *here, "citation", "subject", default=""),
    )
    return citation


def _thresholds(
    read: _Reader,
    rule_id: str,
    table: Mapping[str, Any],
    documents: Mapping[str, SourceDocument],
    here: tuple[str, ...],
) -> tuple[ScoreThreshold, ...]:
    """``[[rules."score.level_threshold".thresholds]]``: per-industry scores, each cited."""
    entries = table.get("thresholds", [])
    if entries and rule_id != _THRESHOLD_RULE:
        problem = msg("only {rule} holds thresholds", rule=_THRESHOLD_RULE)
        read.fail(_key(*here, "thresholds"), problem)
    if not isinstance(entries, list):
        read.fail(_key(*here, "thresholds"), msg("must be an array of tables ([[...thresholds]])"))
    found: list[ScoreThreshold] = []
    for n, entry in enumerate(entries):
        at = (*here, f"thresholds[{n}]")
        if not isinstance(entry, dict):
            read.fail(_key(*at), msg("must be a table"))
        read.table({at[-1]: entry}, *at, allowed=_THRESHOLD)
        industry = read.string(entry, *at, "industry")
        level = entry.get("level")
        if not _is_level(level):
            read.fail(_key(*at, "level"), msg("must be a level: 1, 2 or 3"))
        score = entry.get("min_score")
        if isinstance(score, bool) or not isinstance(score, int | float) or score < 0:
            problem = msg("must be a non-negative number, got {value}", value=repr(score))
            read.fail(_key(*at, "min_score"), problem)
        assert isinstance(level, int)
        threshold = ScoreThreshold(
            industry=industry,
            level=Level(level),
            min_score=Decimal(str(score)),
            citation=_citation(read, entry, documents, *at),
        )
        if any((t.industry, t.level) == (industry, threshold.level) for t in found):
            problem = msg(
                "a second threshold for {industry} at {level}",
                industry=industry,
                level=Level(level),
            )
            read.fail(_key(*at), problem)
        found.append(threshold)
    return tuple(found)


def _is_level(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in (1, 2, 3)


def load_policy(
    path: str | os.PathLike[str] | Traversable, *, bases: PolicyRegistry | None = None
) -> Policy:
    """The policy in the TOML file at ``path`` (a path, or a package resource); a policy that
    extends another finds it in ``bases`` (default: the packaged policies).

    Raises PolicyError naming the file (and the key) if it cannot be read or is malformed.
    """
    resource: Traversable = path if isinstance(path, Traversable) else Path(path)
    try:
        text = resource.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise PolicyError(
            msg(
                "{file}: cannot read the policy file: {reason}",
                file=resource.name,
                reason=str(error),
            ),
            facts={"file": resource.name, "key": ""},
        ) from None
    return parse_policy(text, source=resource.name, bases=bases)


@functools.cache
def default_policies() -> PolicyRegistry:
    """The policies shipped with gradingcore (the ``data/*.toml`` of this package), loaded once.

    Nothing is read at import time; the first call reads and checks the files. The files that
    extend another are read after the others, against them.
    """
    data = resources.files("gradingcore.policy") / "data"
    files = sorted((f for f in data.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)
    texts = [(f, f.read_text(encoding="utf-8")) for f in files]
    layered = [(f, t) for f, t in texts if "extends" in tomllib.loads(t).get("policy", {})]
    policies = [parse_policy(t, source=f.name) for f, t in texts if (f, t) not in layered]
    bases = PolicyRegistry(policies)
    policies += [parse_policy(t, source=f.name, bases=bases) for f, t in layered]
    # The national policy first, then by specificity and date: the order `policies` lists them.
    policies.sort(key=lambda p: (max(map(len, p.regions)), p.effective_from, p.id, p.version))
    return PolicyRegistry(policies)


__all__ = ["default_policies", "load_policy", "parse_policy"]
