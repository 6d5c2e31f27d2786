"""CI workflow files are valid, and every generator command they run exists."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import REPO
from generator.cli import main

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))


def lint(schema: str, path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_github_workflow_is_valid(path):
    result = lint("vendor.github-workflows", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_ci_is_valid():
    result = lint("vendor.gitlab-ci", REPO / ".gitlab-ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_does_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("name: x\non: push\njobs:\n  a:\n    steps:\n      - run: echo\n", encoding="utf-8")
    assert lint("vendor.github-workflows", broken).returncode != 0


def _generator_commands(text: str) -> list[list[str]]:
    return [line.split() for line in re.findall(r"python -m generator ([^\n|>&]*)", text)]


def test_every_generator_command_in_ci_parses(capsys):
    texts = [p.read_text(encoding="utf-8") for p in [*WORKFLOWS, REPO / ".gitlab-ci.yml"]]
    commands = [c for text in texts for c in _generator_commands(text)]
    assert {c[0] for c in commands} >= {"check", "changes", "build"}
    for command in commands:
        words = [w.strip('"') for w in command]
        with pytest.raises(SystemExit) as exit_info:
            main([*words, "--help"])
        assert exit_info.value.code == 0, command


def test_publish_workflow_uses_the_pages_artifact_flow():
    publish = yaml.safe_load((REPO / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8"))
    uses = [step.get("uses", "").split("@")[0] for job in publish["jobs"].values() for step in job["steps"]]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(uses)
