"""The generated Markdown of the fixture network matches the reviewed golden copy."""

from __future__ import annotations

import pytest

from generator import parallel
from golden import GOLDEN, generated_files


@pytest.mark.parametrize("cores", [1, 2], ids=["here", "on-two-cores"])
def test_generated_markdown_matches_golden(tmp_path, monkeypatch, cores):
    # The fixture is small: on two cores, even its smallest batch is handed to workers.
    monkeypatch.setattr(parallel, "cores", lambda: cores)
    monkeypatch.setattr(parallel, "MIN_PARALLEL_ITEMS", 1)
    files = generated_files(tmp_path)
    golden = {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
              for p in sorted(GOLDEN.rglob("*")) if p.is_file()}
    assert sorted(files) == sorted(golden), "pages added or removed: run python tests/golden.py and review"
    for name, text in files.items():
        assert text == golden[name], f"{name} differs from golden: run python tests/golden.py and review the diff"


def test_no_definition_runs_into_the_next_line():
    """A definition's line followed at once by a term or a button makes them one paragraph of the definition
    (Markdown's lazy continuation): a template's tag ate the blank line between them."""
    glued = []
    for path in sorted(GOLDEN.rglob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines()
        glued += [f"{path.relative_to(GOLDEN).as_posix()}:{number + 2}: {after}"
                  for number, (line, after) in enumerate(zip(lines, lines[1:]))
                  if line.startswith(":   ") and after.strip() and not after.startswith((":   ", "    "))]
    assert glued == []
