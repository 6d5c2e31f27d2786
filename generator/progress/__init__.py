"""Plan progress (规划进展): the plan's targets set against what the data holds, with charts.

The plan's tier targets, milestones and annexes are in data/hubs.yaml; running
projects and trainings, when the office records them, in ``data/projects.csv``
and ``data/trainings.csv``, and the plan's numbers for them in
``data/activity_targets.csv`` (all optional). A hub counts towards a target when it is
set up (running or paused; a planned one, 筹建中, is not), and towards it on time
when it was also established by the due date.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Sequence

from ..cache import FileGroup
from ..consultation.hubrefs import (HubReference, Part, WrittenHub, one_per_copied_file, told_which_hub,
                                   unknown_hub_advice, written_hubs)
from ..consultation.model import hub_directory
from ..features import earlier_feature
from ..ledger import LedgerFeature
from ..model import Network, Source
from ..problems import Problem, problem, register_messages
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

# What the files hold, for the error of one copied from elsewhere (consultation/hubrefs.py).
_TARGET = "（data/activity_targets.csv 里{what}的目标数若也是复制来的，改成本地规划的，或删掉那一行）"
_PARTS = {SPECS[name].file: Part(what, f"，“规划进展”页就不列{what}" + _TARGET.format(what=what))
          for name, what in (("projects", "运作项目"), ("trainings", "专题培训"))}

register_messages({
    "activity-hub-unknown": (
        "{subject}的{field} {found} 不是友邻中心、友邻站或友邻点的编号",
        "{advice}",  # RECORD_HUB_IDS, or the hub whose name or id in other case was written (consultation/hubrefs.py)
    ),
})

__all__ = ["ProgressFeature", "load_progress"]


def load_progress(project: Project, network: Network, settings: Settings,
                  earlier: Sequence = ()) -> tuple[ProgressFeature | None, list[Problem]]:
    """The progress page always exists; projects and trainings only when their files do.

    Only the three files are read, so what they hold is kept between runs under their bytes (see cache.py).
    """
    has_ledger = earlier_feature(earlier, LedgerFeature) is not None  # loaded before: it publishes its pages
    activities, found, written = activity_files(project.data_dir).read()
    directory = cache(lambda: hub_directory(network))  # made only to tell an unknown hub
    if activities is None:
        return None, told_which_hub(found, written, directory)
    problems = list(found)  # a kept result is not extended in place
    hubs = network.record_hub_ids()
    for kind, field, items in (("运作项目", "承办单位", activities.projects),
                               ("专题培训", "举办单位", activities.trainings)):
        for item in items:
            if item.hub not in hubs:
                problems.append(problem("activity-hub-unknown", item.source.file, item.source.line,
                                        subject=f"{kind} {item.id} ", field=field, found=item.hub,
                                        advice=unknown_hub_advice(directory(), item.hub)))
    references = (HubReference(item.source.file, item.source.line, item.hub, item.hub in hubs)
                  for item in (*activities.projects, *activities.trainings))
    problems = one_per_copied_file(problems, references, directory, _PARTS, ("activity-hub-unknown",))
    return ProgressFeature(network, activities, has_ledger), problems


def activity_files(data_dir: Path) -> FileGroup[tuple[Activities | None, list[Problem], tuple[WrittenHub, ...]]]:
    return FileGroup("activities", data_dir, tuple(Path(spec.file).name for spec in SPECS.values()),
                     lambda: _read_activities(data_dir))


def _read_activities(data_dir: Path) -> tuple[Activities | None, list[Problem], tuple[WrittenHub, ...]]:
    """The checked records (none when none of the files exists); None when they have errors, and then the
    hubs as written (for the hint of a refused one)."""
    tables, problems = read_optional_csvs(data_dir, SPECS)
    if tables is None:
        return Activities((), (), ()), problems, ()
    if any(p.is_error for p in problems):
        return None, problems, written_hubs((row.record for name in ("projects", "trainings")
                                             for row in tables.rows.get(name, [])), "hub")

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
    return Activities(projects, trainings, targets), problems, ()
