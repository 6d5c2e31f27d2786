"""Shared fixtures: the small fixture network (editable copies, and one built site for the session), and the
shipped data.

Tests of the shipped sample (Danghu's data/, content/ and mkdocs.yml: its page counts, its names) are marked
`shipped_sample`: a street that forks the repository and puts its own three in their place (README: 给另一个街道建网站)
sees them skipped, not failed. Whether the project holds the sample is decided here only (`is_shipped_sample`)."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Iterator

import pytest
import yaml

from generator.project import Project

TESTS = Path(__file__).parent
REPO = TESTS.parent
FIXTURE = TESTS / "fixtures" / "network"

# The shipped sample's street (data/hubs.yaml): a fork that keeps one of the two but not the other has begun its
# own data, which the sample's tests would only fail on.
SAMPLE_STREET = {"id": "danghu", "name": "当湖街道"}
NOT_SAMPLE = ("data/ 不是附带的当湖示例数据：这个测试核对的是示例数据"
              "（data/ is not the shipped Danghu sample: this test checks the sample's own facts）")


def is_shipped_sample(root: Path) -> bool:
    """Whether the project folder `root` holds the shipped sample, by its data/hubs.yaml's street; a folder whose
    hubs.yaml is missing or unreadable is another street's (its own check tells what is wrong)."""
    try:
        hubs = yaml.safe_load((root / "data" / "hubs.yaml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return False
    street = hubs.get("street") if isinstance(hubs, dict) else None
    return isinstance(street, dict) and all(street.get(key) == value for key, value in SAMPLE_STREET.items())


def pytest_configure(config):
    config.addinivalue_line("markers",
                            "shipped_sample: checks the shipped Danghu sample; skipped on another street's data")


def pytest_collection_modifyitems(config, items):
    marked = [item for item in items if item.get_closest_marker("shipped_sample")]
    if marked and not is_shipped_sample(REPO):
        for item in marked:
            item.add_marker(pytest.mark.skip(reason=NOT_SAMPLE))


def write(tmp_path, name: str, data: bytes | str):
    """A file in `tmp_path` holding `data` (text is written as UTF-8)."""
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def codes(problems) -> list[tuple[str, int | None]]:
    """Each problem's code and line, in order."""
    return [(p.code, p.line) for p in problems]


def load_synth():
    """The benchmark's synthesiser (benchmarks/synth.py); benchmarks/ is not a package, so it is loaded by path."""
    spec = importlib.util.spec_from_file_location("synth", REPO / "benchmarks" / "synth.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def copy_project(source: Path, target: Path) -> Project:
    """A copy of a project folder without its build output and cache; the theme is linked to the repo's."""
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("build", "site", ".cache"))
    config = target / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = "\n".join(
        f"  custom_dir: {REPO / 'theme'}" if line.strip().startswith("custom_dir:") else line
        for line in text.splitlines()
    )
    config.write_text(text + "\n", encoding="utf-8")
    return Project(target)


@pytest.fixture
def fixture_project(tmp_path) -> Project:
    """A fresh, writable copy of the fixture network."""
    return copy_project(FIXTURE, tmp_path / "network")


def cell_text(cell) -> str:
    """A table cell's text without its label (.yl-stack__label: what a phone's card says before the value; the column
    head says it), as get_text(strip=True) gives it."""
    return "".join(text.strip() for text in cell.find_all(string=True)
                   if "yl-stack__label" not in (text.parent.get("class") or []))


class Edit:
    """Edits a data file of a project and tells the line of what it changed."""

    def __init__(self, project: Project):
        self.project = project

    def path(self, name: str) -> Path:
        return self.project.data_dir / name

    def replace(self, name: str, old: str, new: str) -> int:
        """Replace the one occurrence of `old`; return the line it is on (1-based)."""
        path = self.path(name)
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {name}"
        path.write_text(text.replace(old, new), encoding="utf-8")
        return text[: text.index(old)].count("\n") + 1

    def append(self, name: str, text: str) -> int:
        path = self.path(name)
        before = path.read_text(encoding="utf-8")
        path.write_text(before + text, encoding="utf-8")
        return before.count("\n") + 1

    def add_column(self, name: str, column: str, values: dict[str, str]) -> dict[str, int]:
        """Add a CSV column, empty but in the rows whose id `values` names; return those rows' lines."""
        path = self.path(name)
        header, *rows = path.read_text(encoding="utf-8").splitlines()
        ids = [row.split(",", 1)[0] for row in rows]
        rows = [f"{row},{values.get(id_, '')}" for row, id_ in zip(rows, ids)]
        path.write_text("\n".join([f"{header},{column}", *rows]) + "\n", encoding="utf-8")
        return {id_: ids.index(id_) + 2 for id_ in values}

    def drop_section(self, name: str, key: str) -> None:
        """Remove a YAML file's top-level section `key`, up to the next top-level key."""
        path = self.path(name)
        kept, dropping = [], False
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line[:1].isalpha():
                dropping = line.startswith(f"{key}:")
            if not dropping:
                kept.append(line)
        assert len(kept) < len(path.read_text(encoding="utf-8").splitlines()), f"no section {key} in {name}"
        path.write_text("".join(kept), encoding="utf-8")



@pytest.fixture(scope="session")
def fixture_site_built(tmp_path_factory) -> tuple[Project, Path]:
    """The fixture network built once, by the CLI as a street builds it: (project, site). Tests only read it."""
    from generator.cli import main

    project = copy_project(FIXTURE, tmp_path_factory.mktemp("fixture-site") / "network")
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    return project, site


@pytest.fixture(scope="session")
def fixture_site_served(fixture_site_built) -> Iterator[tuple[Project, str]]:
    """`fixture_site_built` on a local server, for the browser: (project, its address)."""
    from browser import SiteServer, require_chromium

    require_chromium()
    project, site = fixture_site_built
    with SiteServer(site) as server:
        yield project, server.url

@pytest.fixture
def edit(fixture_project) -> Edit:
    return Edit(fixture_project)
