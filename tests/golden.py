"""Golden output: the Markdown generated from the fixture network.

Refresh after an intended change with:  python tests/golden.py
then review the diff of tests/fixtures/golden/ before committing it.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

TESTS = Path(__file__).resolve().parent
sys.path.insert(0, str(TESTS.parent))

from conftest import copy_project  # noqa: E402
from generator.build import generate  # noqa: E402

GOLDEN = TESTS / "fixtures" / "golden"
FIXTURE = TESTS / "fixtures" / "network"


def generated_files(workdir: Path) -> dict[str, str]:
    """Generate the fixture network in a scratch copy; return every output file's text."""
    project_dir = workdir / "network"
    result = generate(copy_project(FIXTURE, project_dir))
    assert result.report.ok, [p.format() for p in result.report.problems]
    build = project_dir / "build"
    return {p.relative_to(build).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(build.rglob("*")) if p.is_file()}


def refresh() -> None:
    with tempfile.TemporaryDirectory() as workdir:
        files = generated_files(Path(workdir))
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, text in files.items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    print(f"wrote {len(files)} files to {GOLDEN.relative_to(TESTS.parent)}")


if __name__ == "__main__":
    refresh()
