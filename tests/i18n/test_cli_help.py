"""Every command's help, in both languages: Chinese with no English word but ids, codes and
names; English as written. ``--lang`` first, then GRADINGCORE_LANG and LANG/LC_ALL."""

from __future__ import annotations

import re
from collections.abc import Iterator

import click
import pytest
from click.testing import CliRunner

from gradingcore_cli._app import cli
from tests.i18n.catalogs import english_words


def command_paths(command: click.Command, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    yield path
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from command_paths(sub, (*path, name))


PATHS = list(command_paths(cli))
NAMES = sorted({name for path in PATHS for name in path}, key=len, reverse=True)


def without_command_names(text: str) -> str:
    """The output without the command names a user types (in usage lines and the listing of
    a group's commands), which stay English."""
    names = "|".join(map(re.escape, NAMES))
    text = re.sub(rf"^(\s*)(?:{names})(?=\s)", r"\1", text, flags=re.MULTILINE)
    return re.sub(rf"gradingcore(?: (?:{names}))*", " ", text)


def run(args: list[str], **env: str) -> str:
    result = CliRunner().invoke(cli, args, env=env, prog_name="gradingcore")
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.output


def test_there_are_commands_to_walk() -> None:
    assert ("case", "show") in PATHS
    assert len(PATHS) > 15


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "gradingcore")
def test_help_in_chinese(path: tuple[str, ...]) -> None:
    out = run(["--lang", "zh", *path, "--help"])
    assert "用法：" in out
    assert english_words(without_command_names(out)) == [], out


@pytest.mark.parametrize("path", PATHS, ids=lambda p: " ".join(p) or "gradingcore")
def test_help_in_english(path: tuple[str, ...]) -> None:
    out = run(["--lang", "en", *path, "--help"])
    command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert "Usage:" in out
    assert "Show this message and exit." in out
    first_line = (command.help or "").strip().splitlines()[0]
    assert " ".join(first_line.split()[:4]) in " ".join(out.split())


def test_the_environment_chooses_when_lang_is_not_given() -> None:
    assert "用法：" in run(["--help"], GRADINGCORE_LANG="", LC_ALL="", LANG="zh_CN.UTF-8")
    assert "Usage:" in run(["--help"], GRADINGCORE_LANG="", LC_ALL="en_US.UTF-8", LANG="zh_CN")
    assert "用法：" in run(["--help"], GRADINGCORE_LANG="", LC_ALL="", LANG="C.UTF-8")
    assert "Usage:" in run(["--help"], GRADINGCORE_LANG="en", LANG="zh_CN.UTF-8")


def test_lang_beats_the_environment() -> None:
    assert "用法：" in run(["--lang", "zh", "--help"], GRADINGCORE_LANG="en")
    assert "Usage:" in run(["--lang=en", "--help"], LANG="zh_CN.UTF-8", GRADINGCORE_LANG="")


def test_usage_errors_in_chinese() -> None:
    result = CliRunner().invoke(cli, ["--lang", "zh", "case", "show"], prog_name="gradingcore")
    assert result.exit_code == 2
    assert "错误：缺少参数 'CASE'" in result.output
    assert english_words(without_command_names(result.output)) == []


def test_an_unknown_language_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["--lang", "fr", "--help"], env={"GRADINGCORE_LANG": ""})
    assert result.exit_code == 2
    assert "'fr'" in result.output


def test_a_run_leaves_no_language_behind() -> None:
    run(["--lang", "zh", "--help"])
    assert cli.help is not None
    assert cli.help.startswith("gradingcore: grading cases")
    assert "Usage:" in run(["--lang", "en", "--help"])
