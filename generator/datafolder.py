"""Files in data/ that nothing reads.

A clerk who saves topics.yaml as topics.yml, or points.csv as 友邻点.csv, would
otherwise see the check pass and the site go without that data, with no word of
why. Every file of data/ is one the generator reads under that name (the network's,
the features', the forms' records and data/forms/), or it is named here.
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Iterable

from .cache import FileGroup
from .forms.definitions import OVERRIDE_DIR, record_files
from .loading import WORKBOOK_SUFFIXES, is_system_file
from .problems import Problem, Severity, problem
from .rules import NETWORK_FILES


def check_data_folder(data_dir: Path, groups: Iterable[FileGroup]) -> list[Problem]:
    """A warning for each file or folder of `data_dir` read under no name (hidden files aside)."""
    if not data_dir.is_dir():
        return []
    known = {Path(rel).name for rel in (*NETWORK_FILES, *record_files(data_dir), OVERRIDE_DIR)}
    known |= {name for group in groups if group.folder == data_dir for name in group.names}
    stems = {Path(name).stem for name in known}
    listed = "、".join(sorted(f"{name}/" if name == Path(OVERRIDE_DIR).name else name for name in known))
    problems = []
    for path in sorted(data_dir.iterdir()):
        name = path.name
        if name in known or is_system_file(name):
            continue
        if path.suffix.lower() in WORKBOOK_SUFFIXES and path.stem in stems:
            continue  # the workbook a CSV was saved from, kept beside it (or reported missing in its place)
        problems.append(problem("data-file-unread", f"data/{name}", None, found=name, expected=listed,
                                advice=_advice(path, sorted(known)), severity=Severity.WARNING))
    return problems


def _advice(path: Path, known: list[str]) -> str:
    meant = get_close_matches(path.name, known, n=1, cutoff=0.6)
    if meant:
        return f"是不是要叫 {meant[0]}？改成这个名字才会被检查和发布"
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return f"Excel 表格要先导入成 CSV：python -m generator import data/{path.name}"
    return "用不上的文件请移出 data/ 文件夹"
