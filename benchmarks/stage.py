"""One generator stage of the benchmark, run in its own process.

    python benchmarks/stage.py check|generate|site PROJECT

Runs `generator.build.check`, `generator.build.generate` or `generator.site.mkdocs_build`
(MkDocs, in shards on every core when the site is large) on the project folder
and prints one JSON line: the seconds spent inside that call (the process's wall
time, measured by bench.py, adds interpreter start-up and imports), the number of
errors and warnings, and for `generate` the number of pages. Exits 1 if the data
has errors, after printing the first of them to stderr. Each stage gets a process
of its own so that bench.py can read its peak memory from the operating system.

bench.py puts the repository on PYTHONPATH so `generator` can be imported.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from generator.build import check, generate
from generator.project import Project
from generator.site import mkdocs_build

STAGES = {"check": check, "generate": generate}


def main(stage: str, root: str) -> int:
    project = Project(Path(root).resolve())
    if stage == "site":
        started = time.perf_counter()
        status = mkdocs_build(project)
        print(json.dumps({"seconds": time.perf_counter() - started}))
        return status
    started = time.perf_counter()
    result = STAGES[stage](project)
    seconds = time.perf_counter() - started
    report = result.report
    # The first few errors are enough to say why a synthetic network was refused.
    for item in report.errors[:10]:
        print(item.format(), file=sys.stderr)
    print(json.dumps({
        "seconds": seconds,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "pages": getattr(result, "pages", None),
    }))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
