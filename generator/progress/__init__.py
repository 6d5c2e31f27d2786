"""Plan progress (规划进展): the plan's targets set against what the data holds, with charts.

The plan's tier targets, milestones and annexes are in data/hubs.yaml; running
projects and trainings, when the office records them, in ``data/projects.csv``
and ``data/trainings.csv``, and the plan's numbers for them in
``data/activity_targets.csv`` (all optional). A hub counts towards a target when it is
set up (running or paused; a planned one, 筹建中, is not), and towards it on time
when it was also established by the due date.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..cache import FileGroup
from ..features import earlier_feature
from ..ledger import LedgerFeature
from ..model import Network, Source
from ..problems import CLOSED_HUB, Problem, problem, register_messages
from ..project import Project, Settings
from ..tables import TableSpec
from ..validation import read_optional_csvs
from .feature import ProgressFeature
from .model import Activities, ActivityTarget, Project as RunningProject, Training

SPECS = {
    "projects": TableSpec("projects", "运作项目", "data/projects.csv"),
    "trainings": TableSpec("trainings", "专题培训", "data/trainings.csv"),
    "activity_targets": TableSpec("activity_targets", "项目和培训目标", "data/activity_targets.csv"),
}

register_messages({
    "activity-hub-unknown": (
        "{subject}的{field} {found} 不是友邻中心、友邻站或友邻点的编号",
        "友邻点的编号见 data/points.csv，友邻站和友邻中心的编号见 data/hubs.yaml" + CLOSED_HUB,
    ),
})

__all__ = ["ProgressFeature", "load_progress"]


def load_progress(project: Project, network: Network, settings: Settings,
                  earlier: Sequence = ()) -> tuple[ProgressFeature | None, list[Problem]]:
    """The progress page always exists; projects and trainings only when their files do.

    Only the three files are read, so what they hold is kept between runs under their bytes (see cache.py).
    """
    has_ledger = earlier_feature(earlier, LedgerFeature) is not None  # loaded before: it publishes its pages
    activities, found = activity_files(project.data_dir).read()
    if activities is None:
        return None, found
    problems = list(found)  # a kept result is not extended in place
    hubs = {network.centre.id, *network.stations, *network.points}
    for kind, field, items in (("运作项目", "承办单位", activities.projects),
                               ("专题培训", "举办单位", activities.trainings)):
        for item in items:
            if item.hub not in hubs:
                problems.append(problem("activity-hub-unknown", item.source.file, item.source.line,
                                        subject=f"{kind} {item.id} ", field=field, found=item.hub))
    return ProgressFeature(network, activities, has_ledger), problems


def activity_files(data_dir: Path) -> FileGroup[tuple[Activities | None, list[Problem]]]:
    return FileGroup("activities", data_dir, tuple(Path(spec.file).name for spec in SPECS.values()),
                     lambda: _read_activities(data_dir))


def _read_activities(data_dir: Path) -> tuple[Activities | None, list[Problem]]:
    """The checked records (none when none of the files exists); None when they have errors."""
    tables, problems = read_optional_csvs(data_dir, SPECS)
    if tables is None:
        return Activities((), (), ()), problems
    if any(p.is_error for p in problems):
        return None, problems

    def source(row) -> Source:
        return Source(row.record.file, row.record.line)

    rows = tables.rows
    projects = tuple(RunningProject(**{k: r.values.get(k) for k in ("id", "title", "kind", "hub", "started", "ended",
                                                                    "status")}, source=source(r))
                     for r in rows.get("projects", []))
    trainings = tuple(Training(**{k: r.values.get(k) for k in ("id", "title", "date", "hub", "participants")},
                               source=source(r)) for r in rows.get("trainings", []))
    targets = tuple(ActivityTarget(r.values["table"], r.values["count"], r.values["due"], r.values.get("basis"),
                                   source(r)) for r in rows.get("activity_targets", []))
    return Activities(projects, trainings, targets), problems
