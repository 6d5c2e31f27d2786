"""Resident covenants (公约): read, checked and published as a feature of the site."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..cache import FileGroup, cached_over
from ..model import Network
from ..problems import Problem
from ..project import Project, Settings
from ..rules import network_files
from ..tables import TableSpec, spaced
from ..validation import validate_tables
from .lifecycle import STAGE_NAMES, Covenant, build_covenants, check_covenants
from .pages import CovenantFeature
from .source import FOLDER, read_covenants
from .unread import unread_covenant_files


@dataclass(frozen=True)
class _StageSpec(TableSpec):
    """A stage is named by its covenant and stage (公约 c1 的“公示”阶段); one whose stage is wrong or missing by its
    covenant alone, as that error names the field 阶段 itself (公约 c1 的阶段「公告」不是可选的值)."""

    def subject(self, values: dict[str, Any], index: int) -> str:
        stage = values.get("stage")
        named = f"公约 {values.get('covenant')}"
        return spaced(f"{named} 的“{STAGE_NAMES[stage]}”阶段" if stage in STAGE_NAMES else named)


# The covenants' tables. Each row names its own file in messages; the tables' file is only used for foreign keys.
# A covenant's `stages` and `vote` are read as rows of tables of their own.
SPECS = {spec.name: spec for spec in (
    TableSpec("covenants", "公约", f"content/{FOLDER}/", nested=("stages", "vote")),
    # Rows of every covenant are one table: numbered, a covenant's vote was its place among all the votes.
    _StageSpec("covenant_stages", "公约阶段", f"content/{FOLDER}/", named_by="covenant"),
    TableSpec("covenant_votes", "公约表决", f"content/{FOLDER}/", named_by="covenant"),
    TableSpec("covenant_versions", "公约历史版本", f"content/{FOLDER}/", named_by="covenant"),
)}


def load_covenants(project: Project, network: Network, settings: Settings,
                   earlier: Sequence = ()) -> tuple[CovenantFeature | None, list[Problem]]:
    """Read content/covenants/, check it against its schemas and the network; None if there are none.

    Only that folder is read, so the covenants are kept between runs under its files' bytes (see
    cache.py); what checking them against the network found is kept under those and the network's.
    """
    groups = (network_files(project.data_dir), covenant_files(project.content_dir))
    covenants, problems = groups[1].read()
    if covenants is None:
        return None, problems
    # The network is the project's, as the pipeline passes it.
    found = cached_over("covenant-checks", groups, lambda: check_covenants(covenants, network))
    return CovenantFeature(covenants, network, settings.today, settings.site_url), problems + found


def covenant_files(content_dir: Path) -> FileGroup[tuple[list[Covenant] | None, list[Problem]]]:
    files = sorted(path.relative_to(content_dir).as_posix() for path in (content_dir / FOLDER).rglob("*"))
    return FileGroup("covenants", content_dir, tuple(files), lambda: _read(content_dir))


def _read(content_dir: Path) -> tuple[list[Covenant] | None, list[Problem]]:
    sources, problems = read_covenants(content_dir)
    # Named even when no covenant is read: the only one may be the file under the wrong name.
    problems += unread_covenant_files(content_dir)
    if not sources:
        return None, problems
    records = {name: [r for s in sources for r in s.records[name]] for name in SPECS}
    tables, found = validate_tables(records, SPECS)
    problems += found
    if any(p.is_error for p in problems):
        return None, problems
    return build_covenants(sources, tables), problems
