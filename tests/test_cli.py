"""The command line's own words: argparse's usage, help and errors in Chinese, and a mistyped command's nearest."""

from __future__ import annotations

import argparse

import pytest

from generator.cli import main

COMMANDS = "check、build、serve、changes、compare、import、intake、fields"


def refused(capsys, *argv: str) -> str:
    """The error line argparse printed for `argv`, which it rejects with its usage-error status, 2."""
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    assert stopped.value.code == 2
    printed = capsys.readouterr().err
    assert printed.startswith("用法：python -m generator")
    return printed.splitlines()[-1]


def test_a_mistyped_command_names_the_nearest_one(capsys):
    assert refused(capsys, "chek") == (
        f"python -m generator：错误：没有 chek 这个命令，是不是 check？可用的命令：{COMMANDS}")
    assert refused(capsys, "bulid").endswith(f"是不是 build？可用的命令：{COMMANDS}")
    assert refused(capsys, "xyz") == f"python -m generator：错误：没有 xyz 这个命令，可用的命令：{COMMANDS}"


def test_a_mistyped_choice_names_the_nearest_one(capsys):
    assert refused(capsys, "check", "--format", "jsn") == (
        "python -m generator check：错误：--format 不能是 jsn，是不是 json？可选：text、github、json、gitlab")


def test_argparses_own_errors_are_in_chinese(capsys):
    assert refused(capsys) == "python -m generator：错误：缺少：命令"
    assert refused(capsys, "compare", "a") == "python -m generator compare：错误：缺少：网站文件夹2"
    assert refused(capsys, "changes") == "python -m generator changes：错误：缺少：--base"
    assert refused(capsys, "check", "--bogus") == "python -m generator：错误：不认识这些参数：--bogus"
    assert refused(capsys, "--project") == "python -m generator：错误：--project：后面要写一个值"


@pytest.mark.parametrize("argv", [["--help"], ["check", "-h"], ["import", "--help"]])
def test_help_is_in_chinese(capsys, argv):
    with pytest.raises(SystemExit) as stopped:
        main(argv)
    assert stopped.value.code == 0
    printed = capsys.readouterr().out
    assert printed.startswith("用法：python -m generator")
    assert "-h, --help" in printed and "显示这段说明，然后退出" in printed and "\n选项:\n" in printed
    for english in ("usage:", "show this help message", "positional arguments", "options:"):
        assert english not in printed


def test_other_parsers_keep_their_words(capsys):
    # The catalog is bound only while the generator's parser runs: pytest's own parser is argparse too.
    with pytest.raises(SystemExit):
        main(["chek"])
    capsys.readouterr()
    assert argparse.ArgumentParser(prog="other").format_usage() == "usage: other [-h]\n"
