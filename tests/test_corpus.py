"""The bad-input corpus: each bad file is refused with exactly its errors, in Chinese, and nothing is written.

The cases are listed in tests/corpus/cases.yaml; each replaces one data file in a
copy of the fixture network and runs the whole pipeline.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURE, copy_project
from generator.build import generate
from generator.loading import MAX_FILE_BYTES

CORPUS = Path(__file__).parent / "corpus"
CASES = yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))
CJK = re.compile(r"[\u4e00-\u9fff]")


def expected(case: dict) -> list[tuple[str, str, int | None]]:
    return sorted((e[0], e[2] if len(e) > 2 else case["replaces"], e[1]) for e in case["expect"])


def refused(project) -> list[tuple[str, str, int | None]]:
    """Run the pipeline; return its errors, after checking they are Chinese and nothing was written."""
    result = generate(project)
    errors = result.report.errors
    for error in errors:
        assert CJK.search(error.message), f"not a Chinese message: {error.format()}"
        assert "Traceback" not in error.message
    assert not result.report.ok
    assert not project.build_dir.exists(), "a refused run wrote the build folder"
    assert result.written is None and result.pages == 0
    return sorted((p.code, p.file, p.line) for p in errors)


def test_the_corpus_is_large_and_lists_every_file():
    listed = {case["file"] for case in CASES}
    on_disk = {p.relative_to(CORPUS).as_posix() for p in CORPUS.rglob("*") if p.is_file() and p.name != "cases.yaml"}
    assert listed == on_disk
    assert len(CASES) >= 40
    categories = {case["file"].split("/")[0] for case in CASES}
    assert categories == {"encoding", "structure", "values", "injection", "integrity", "yaml"}


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_bad_file_is_refused_with_exactly_its_errors(case, tmp_path):
    project = copy_project(FIXTURE, tmp_path / "network")
    shutil.copyfile(CORPUS / case["file"], project.root / case["replaces"])
    assert refused(project) == expected(case), case["about"]


def test_a_10_mb_yaml_file_is_refused_before_it_is_parsed(tmp_path):
    project = copy_project(FIXTURE, tmp_path / "network")
    hubs = project.data_dir / "hubs.yaml"
    padding = ("# " + "填充" * 40 + "\n").encode("utf-8")
    with hubs.open("ab") as stream:
        for _ in range(10 * 1024 * 1024 // len(padding) + 1):
            stream.write(padding)
    assert hubs.stat().st_size > 10 * 1024 * 1024 > MAX_FILE_BYTES
    assert refused(project) == [("file-too-large", "data/hubs.yaml", None)]
    (error,) = generate(project).report.errors
    assert error.message == "文件太大（10.0 MB），超过上限 5.0 MB"
