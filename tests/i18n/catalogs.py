"""Reading the project's gettext domains the way `nox -s i18n` does: babel.cfg, the keywords
of pyproject's [tool.gradingcore.catalogs], Babel's extractor and .po reader."""

from __future__ import annotations

import importlib.util
import re
import tomllib
from collections.abc import Iterator
from pathlib import Path

import attrs
from babel.messages.catalog import Catalog
from babel.messages.extract import extract, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


@attrs.frozen
class Domain:
    name: str
    package: Path
    keywords: tuple[str, ...]
    #: An installed package whose messages these are (click's), and files added to them.
    source: str | None = None
    extra: tuple[Path, ...] = ()

    @property
    def locale_dir(self) -> Path:
        return self.package / "locale"

    def installed_mo(self, locale: str = "zh_CN") -> Path:
        """The compiled catalog where the installed package loads it from."""
        spec = importlib.util.find_spec(self.package.name)
        assert spec is not None, self.package
        assert spec.submodule_search_locations, self.name
        package = Path(next(iter(spec.submodule_search_locations)))
        return package / "locale" / locale / "LC_MESSAGES" / f"{self.name}.mo"

    def po(self, locale: str = "zh_CN") -> Path:
        return self.locale_dir / locale / "LC_MESSAGES" / f"{self.name}.po"

    def read(self, locale: str = "zh_CN") -> Catalog:
        with self.po(locale).open("rb") as file:
            return read_po(file, locale=locale, domain=self.name)

    def extracted(self) -> dict[tuple[str, str | None], str | tuple[str, ...]]:
        """Every message the code marks: (singular id, context) -> id or (singular, plural)."""
        with (ROOT / "babel.cfg").open() as file:
            method_map, options_map = parse_mapping_cfg(file)
        keywords = parse_keywords(list(self.keywords))
        directory = self.package
        if self.source is not None:
            spec = importlib.util.find_spec(self.source)
            assert spec is not None, self.source
            assert spec.origin is not None, self.source
            directory = Path(spec.origin).parent
        messages = [
            (message, context)
            for _file, _line, message, _comments, context in extract_from_dir(
                str(directory), method_map, options_map, keywords=keywords
            )
        ]
        for path in self.extra:
            if path.is_dir():  # a whole package (the HTTP adapter, its templates too)
                messages += [
                    (message, context)
                    for _file, _line, message, _comments, context in extract_from_dir(
                        str(path), method_map, options_map, keywords=keywords
                    )
                ]
                continue
            with path.open("rb") as file:
                messages += [(m[1], m[3]) for m in extract("python", file, keywords=keywords)]
        return {(m if isinstance(m, str) else m[0], c): m for m, c in messages}


def domains() -> list[Domain]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        spec = tomllib.load(file)["tool"]["gradingcore"]["catalogs"]
    return [
        Domain(
            name,
            ROOT / value["package"],
            tuple(value["keywords"]),
            value.get("source"),
            tuple(ROOT / path for path in value.get("extra", ())),
        )
        for name, value in spec.items()
        if (ROOT / value["package"] / "locale").is_dir()
    ]


@attrs.frozen
class Term:
    """One glossary row's pair: an English term and the Chinese term it must be rendered as."""

    english: str
    chinese: str

    def pattern(self) -> re.Pattern[str]:
        return re.compile(rf"(?<![\w-]){re.escape(self.english)}(?![\w-])", re.IGNORECASE)


def glossary() -> list[Term]:
    """The pairs of docs/glossary.md's table. A cell with " / " holds several terms; when both
    cells hold as many, they pair up in order (自评 / 自评报告 | self-evaluation /
    self-evaluation report). A cell's parenthesis is a gloss, not part of a term."""
    terms = []
    for line in (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not re.search(r"[\u4e00-\u9fff]", cells[0]):
            continue
        # A parenthesis in either cell is a gloss: 随机抽取 (省安全生产专家) is 随机抽取.
        chinese = [re.sub(r"\s*[(（][^)）]*[)）]", "", c).strip() for c in cells[0].split("/")]
        english = [e.strip() for e in re.sub(r"\(([^)]*)\)", "", cells[1]).split("/") if e.strip()]
        if len(chinese) != len(english) or not all(re.search("[a-z]", e) for e in english):
            continue  # 一级 / 二级 / 三级 | level 1 / 2 / 3: numbers, not words to pair
        terms.extend(Term(e, c) for e, c in zip(english, chinese, strict=True))
    return terms


def missing_terms(english: str, chinese: str, terms: list[Term]) -> list[Term]:
    """The glossary terms ``english`` uses whose 中文 term ``chinese`` lacks. Where terms
    overlap, the longest one is the term used ("acceptance check" is 验收, not 受理)."""
    spans = [(m.start(), m.end(), t) for t in terms for m in t.pattern().finditer(english)]
    used = {
        t
        for start, end, t in spans
        if not any(s <= start and end <= e and e - s > end - start for s, e, _ in spans)
    }
    return [t for t in terms if t in used and t.chinese not in chinese]


def translations(catalog: Catalog) -> Iterator[tuple[str, str]]:
    """(English, Chinese) for every entry: singular with its form, plural with every form."""
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, str):
            yield message.id, str(message.string or "")
        else:
            strings = message.string if isinstance(message.string, tuple) else ()
            for text in strings:
                yield " ".join(message.id), text


#: English words allowed in Chinese output: identifiers and codes, never words of a sentence.
CODE = re.compile(
    r"`[^`]*`"  # code spans: `gradingcore policies`
    r"|'[^'\n]*'"  # quoted values, as the user typed them: 'memory', 'CASE'
    r"|\[[\w|.-]+\]"  # choices: [json|md|html|pdf]
    r"|默认：[^;\]]+"  # defaults, which are values to type: [默认：html]
    r"|[A-Za-z0-9_]+(?:\.[a-z0-9_]+)+"  # ids: apply.self_evaluation, CaseKey.specialty
    r"|--?[a-z][a-z0-9-]*"  # options: --lang, -h
    r"|\b[A-Z][A-Z0-9_]+\b"  # codes and metavars: HN, MEM, USCC, JSON, START, GRADINGCORE_LANG
    r"|[\w.*/-]+\.(?:md|db|toml|yaml|json|csv|xlsx|pdf|html|ics|key)\b"  # files: docs/audit.md
    r"|\w+://\S*"  # URLs: postgresql://
    r"|\bv\d+\b"  # versions: v3
)

#: Names that are not translated: the program, the products it uses, the locale codes.
NAMES = (
    "gradingcore",
    "SQLite",
    "PostgreSQL",
    "Bash",
    "Windows",
    "Chromium",
    "uvicorn",
    "zh",
    "en",
)


def english_words(text: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The English words of a Chinese text once ids, codes, options, file names, NAMES and the
    ``allowed`` strings (names the user typed) are taken out."""

    def drop(text: str, names: tuple[str, ...]) -> str:
        for name in sorted(names, key=len, reverse=True):
            text = re.sub(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", " ", text)
        return text

    # What the user typed first (an actor's id "hn-academy" is a name, not an option
    # "-academy"), then codes and files, then the product names ("zh" in "anchor-zh.json" is
    # part of a file name).
    text = drop(CODE.sub(" ", drop(text, allowed)), NAMES)
    return re.findall(r"[A-Za-z]{2,}", text)
