"""Benchmark the whole build on synthetic networks of growing size.

    python benchmarks/bench.py [--sizes 250,2500,25000] [--keep DIR]

For each size, a project folder of that many points is synthesised (see
synth.py) and built stage by stage, each stage in a process of its own so its
wall time and peak memory are its own:

1. check      generator.build.check      (what `python -m generator check` does), from nothing
   check warm the same again, with what the first one kept in .cache/youlin (see generator/cache.py)
   check edit the same after a clerk's edit of one row of points.csv (synth.edit_a_point)
2. generate   generator.build.generate   (check again, render, write build/docs), from nothing:
              .cache/youlin is moved aside first, as in a fresh clone
3. mkdocs     generator.site.mkdocs_build   (what `generator build` runs next: mkdocs build --strict,
              in shards on every core when the site is large)
4. bare       python -m mkdocs build            (plain MkDocs on the same pages in one run, for comparison)

MkDocs runs without --quiet, as generator/site.py runs it: --quiet silences the
warnings that --strict counts. The peak memory of stage 3 is that of its largest
MkDocs run.

`generator build` is stage 2 followed by stage 3, so the whole build takes
generate + mkdocs seconds and the generator's share of it is generate / build.
The site of stage 3 is then measured: pages, bytes, the point pages and the
search index.

Prints one Markdown table and the PASS/FAIL lines of the project's targets, and
writes both to benchmarks/results/latest.json. If a stage fails, the larger
sizes are not run, the targets that need them FAIL, and the exit status is 1.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from synth import REPO, base_size, edit_a_point, synthesise

sys.path.insert(0, str(REPO))  # the stages run with the repository on PYTHONPATH; so does this
from generator.project import Project  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parent
RESULTS = BENCHMARKS / "results"
STAGE_SCRIPT = BENCHMARKS / "stage.py"
DEFAULT_SIZES = (250, 2500, 25000)
MIB = 1024 * 1024


class StageFailed(Exception):
    """A stage exited with an error; the message is its status and the end of its stderr."""


@dataclass
class Stage:
    """One stage as the operating system saw it."""

    seconds: float  # wall time of the whole process
    peak_mib: float  # peak resident memory of the process and its children
    output: str  # its standard output


def run_stage(name: str, command: list[str], cwd: Path, logs: Path) -> Stage:
    """Run one stage as a child process; wait4 gives this child's own peak memory."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "NO_MKDOCS_2_WARNING": "1"}
    out, err = logs / f"{name}.out", logs / f"{name}.err"
    with out.open("wb") as stdout, err.open("wb") as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=stderr)
        # Not process.wait(): RUSAGE_CHILDREN would be the maximum over all children so far.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    # Tell Popen the child is reaped, or it would try to reap it again.
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        errors = err.read_text(encoding="utf-8", errors="replace").strip()
        raise StageFailed(f"{name} exited with {process.returncode}: {errors[-3000:]}")
    output = out.read_text(encoding="utf-8", errors="replace")
    return Stage(seconds=seconds, peak_mib=usage.ru_maxrss / 1024, output=output)  # ru_maxrss is in KiB


@dataclass
class Row:
    """Everything measured for one size; the JSON and the table are made from it."""

    points: int
    pages: int
    check_s: float  # the check process: start-up, imports, load and validate, nothing kept from before
    check_call_s: float  # generator.build.check itself, without start-up and imports
    check_warm_s: float  # the check process again, with what the first one kept in .cache/youlin
    check_edit_s: float  # the check process after one row of points.csv changed, with the same kept results
    render_write_s: float  # generate minus check: what building pages adds to checking
    generate_s: float  # the generate process: start-up, check, render, write
    mkdocs_s: float
    build_s: float  # generate + mkdocs: the whole `python -m generator build`
    overhead: float  # generate / build
    bare_mkdocs_s: float
    peak_check_mib: float
    peak_generate_mib: float
    peak_mkdocs_mib: float
    peak_bare_mkdocs_mib: float
    site_bytes: int
    point_page_bytes: float  # mean of site/points/*/index.html
    point_page_max_bytes: int
    form_page_max_bytes: int  # the largest of site/forms/*/index.html: the same at every size, like a point page
    search_index_bytes: int
    search_index_gzip_bytes: int

    @property
    def peak_build_mib(self) -> float:
        return max(self.peak_generate_mib, self.peak_mkdocs_mib)


def measure(size: int, workdir: Path) -> Row:
    """Synthesise a network of `size` points in `workdir` and run every stage on it."""
    project = synthesise(workdir / f"points-{size}", size)
    logs = project / "benchmark-logs"
    logs.mkdir()
    python = sys.executable
    check = run_stage("check", [python, str(STAGE_SCRIPT), "check", str(project)], project, logs)
    check_warm = run_stage("check-warm", [python, str(STAGE_SCRIPT), "check", str(project)], project, logs)
    edit_a_point(project)
    check_edit = run_stage("check-edit", [python, str(STAGE_SCRIPT), "check", str(project)], project, logs)
    # The whole build is measured as from a fresh clone: nothing kept by the checks above. The kept
    # results are moved aside, and deleted only after the build: on an ext4 mounted with `discard`,
    # files created right after a large delete took several times longer to make.
    cache_dir = Project(project).cache_dir
    aside = cache_dir.rename(cache_dir.with_name(f"{cache_dir.name}.aside"))
    generate = run_stage("generate", [python, str(STAGE_SCRIPT), "generate", str(project)], project, logs)
    mkdocs = run_stage("mkdocs", [python, str(STAGE_SCRIPT), "site", str(project)], project, logs)
    site = measure_site(project / "site")
    bare = run_stage("bare-mkdocs", [python, "-m", "mkdocs", "build"], project, logs)
    shutil.rmtree(aside)
    build_s = generate.seconds + mkdocs.seconds
    return Row(
        points=size,
        check_s=check.seconds,
        check_call_s=json.loads(check.output)["seconds"],
        check_warm_s=check_warm.seconds,
        check_edit_s=check_edit.seconds,
        render_write_s=generate.seconds - check.seconds,
        generate_s=generate.seconds,
        mkdocs_s=mkdocs.seconds,
        build_s=build_s,
        overhead=generate.seconds / build_s,
        bare_mkdocs_s=bare.seconds,
        peak_check_mib=check.peak_mib,
        peak_generate_mib=generate.peak_mib,
        peak_mkdocs_mib=mkdocs.peak_mib,
        peak_bare_mkdocs_mib=bare.peak_mib,
        **site,
    )


def measure_site(site: Path) -> dict:
    pages = list(site.rglob("*.html"))
    point_pages = [path.stat().st_size for path in site.glob("points/*/index.html")]
    index = (site / "search" / "search_index.json").read_bytes()
    return {
        "pages": len(pages),
        "site_bytes": sum(path.stat().st_size for path in site.rglob("*") if path.is_file()),
        "point_page_bytes": sum(point_pages) / len(point_pages),
        "point_page_max_bytes": max(point_pages),
        "form_page_max_bytes": max(path.stat().st_size for path in site.glob("forms/*/index.html")),
        "search_index_bytes": len(index),
        # Level 6 is gzip's own default and what web servers are usually set to.
        "search_index_gzip_bytes": len(gzip.compress(index, compresslevel=6, mtime=0)),
    }


# ---------------------------------------------------------------- report


COLUMNS = [
    ("points", lambda r: f"{r.points:,}"),
    ("pages", lambda r: f"{r.pages:,}"),
    ("check s", lambda r: f"{r.check_s:.2f}"),
    ("check() s", lambda r: f"{r.check_call_s:.2f}"),
    ("check warm s", lambda r: f"{r.check_warm_s:.2f}"),
    ("check edit s", lambda r: f"{r.check_edit_s:.2f}"),
    ("render+write s", lambda r: f"{r.render_write_s:.2f}"),
    ("generate s", lambda r: f"{r.generate_s:.2f}"),
    ("mkdocs s", lambda r: f"{r.mkdocs_s:.1f}"),
    ("build s", lambda r: f"{r.build_s:.1f}"),
    ("overhead", lambda r: f"{r.overhead:.1%}"),
    ("bare mkdocs s", lambda r: f"{r.bare_mkdocs_s:.1f}"),
    ("peak MiB check/gen/mkdocs/bare",
     lambda r: f"{r.peak_check_mib:.0f} / {r.peak_generate_mib:.0f} / {r.peak_mkdocs_mib:.0f} / "
               f"{r.peak_bare_mkdocs_mib:.0f}"),
    ("site MiB", lambda r: f"{r.site_bytes / MIB:.1f}"),
    ("B / point page", lambda r: f"{r.point_page_bytes:,.0f}"),
    ("B largest form page", lambda r: f"{r.form_page_max_bytes:,}"),
    ("search index KiB", lambda r: f"{r.search_index_bytes / 1024:,.0f}"),
    ("search gz KiB", lambda r: f"{r.search_index_gzip_bytes / 1024:,.0f}"),
]


def table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(name for name, _ in COLUMNS) + " |", "|" + "---:|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(row) for _, cell in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Verdict:
    target: str
    status: str  # PASS, FAIL, or SKIP when the sizes it needs were not run
    detail: str


def verdicts(rows: list[Row], failures: dict[int, str]) -> list[Verdict]:
    """The project's targets, each judged on the sizes it names.

    A target fails if a size it needs failed to build; it is skipped if that
    size was not asked for.
    """
    by_size = {row.points: row for row in rows}

    def judge(target: str, sizes: tuple[int, ...], test) -> Verdict:
        failed = [f"{size:,} points: {failures[size]}" for size in sizes if size in failures]
        if failed:
            return Verdict(target, "FAIL", "; ".join(failed))
        if not all(size in by_size for size in sizes):
            return Verdict(target, "SKIP", f"needs sizes {', '.join(map(str, sizes))}")
        ok, detail = test(*(by_size[size] for size in sizes))
        return Verdict(target, "PASS" if ok else "FAIL", detail)

    def page_growth(small: Row, large: Row):
        change = large.point_page_bytes / small.point_page_bytes - 1
        return abs(change) <= 0.10, f"{small.point_page_bytes:,.0f} → {large.point_page_bytes:,.0f} B ({change:+.1%})"

    def build_growth(small: Row, large: Row):
        ratio = large.build_s / small.build_s
        return ratio <= 11, f"{small.build_s:.1f} s → {large.build_s:.1f} s (×{ratio:.1f})"

    return [
        judge("generator overhead ≤ 20% of the whole build at 2,500 points", (2500,),
              lambda r: (r.overhead <= 0.20, f"{r.overhead:.1%} ({r.generate_s:.1f} of {r.build_s:.1f} s; "
                                              f"against bare MkDocs {r.generate_s / (r.generate_s + r.bare_mkdocs_s):.1%})")),
        judge("bytes per point page at 25,000 within 10% of 250", (250, 25000), page_growth),
        judge("t(25,000) / t(2,500) ≤ 11 for the whole build", (2500, 25000), build_growth),
        judge("25,000 build under 10 minutes", (25000,),
              lambda r: (r.build_s < 600, f"{r.build_s:.0f} s")),
        judge("25,000 build peak memory under 2 GB", (25000,),
              lambda r: (r.peak_build_mib < 2048, f"{r.peak_build_mib:,.0f} MiB")),
        judge("check alone at 25,000 under 3 s", (25000,),
              lambda r: (r.check_s < 3, f"{r.check_s:.2f} s ({r.check_call_s:.2f} s in check()); "
                                        f"again with .cache/youlin kept: {r.check_warm_s:.2f} s; "
                                        f"after an edit of points.csv: {r.check_edit_s:.2f} s")),
        judge("search index at 2,500 points under 2 MB gzipped", (2500,),
              lambda r: (r.search_index_gzip_bytes < 2_000_000, f"{r.search_index_gzip_bytes:,} B")),
    ]


def write_json(rows: list[Row], failures: dict[int, str], results: list[Verdict], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "platform": platform.platform(), "cpus": os.cpu_count()},
        "rows": [asdict(row) for row in rows],
        "failures": {str(size): reason for size, reason in failures.items()},
        "targets": [asdict(verdict) for verdict in results],
    }
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- command line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="numbers of points, comma-separated multiples of the shipped count (default %(default)s)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep the synthetic projects and their sites in DIR (default: a deleted temporary folder)")
    args = parser.parse_args(argv)
    sizes = sorted(int(size) for size in args.sizes.split(","))
    base = base_size()
    if any(size <= 0 or size % base for size in sizes):
        parser.error(f"every size must be a positive multiple of {base}, the shipped number of points")
    rows: list[Row] = []
    failures: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="youlin-bench-") as scratch:
        workdir = args.keep.resolve() if args.keep else Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            print(f"{size:,} points …", file=sys.stderr, flush=True)
            try:
                rows.append(measure(size, workdir))
            except (StageFailed, FileExistsError) as exc:
                print(exc, file=sys.stderr)
                failures[size] = str(exc).splitlines()[0]
                break  # a larger network would fail the same way, only later
            print(f"{size:,} points: whole build {rows[-1].build_s:.1f} s", file=sys.stderr, flush=True)
    results = verdicts(rows, failures)
    print(table(rows))
    for size, reason in failures.items():
        print(f"\n{size:,} points not measured: {reason}")
    print()
    for verdict in results:
        print(f"{verdict.status}  {verdict.target}: {verdict.detail}")
    write_json(rows, failures, results, RESULTS / "latest.json")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
