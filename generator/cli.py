"""Command line: check, build and serve a street's network site.

Only this module turns problems into exit statuses and printed lines.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .build import check, generate
from .problems import Report
from .project import Project
from .site import mkdocs_build, mkdocs_serve

EXIT_OK, EXIT_INVALID, EXIT_BUILD_FAILED = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description="友邻网络网站生成器")
    parser.add_argument("--project", type=Path, default=Path("."),
                        help="项目文件夹（含 mkdocs.yml、data/ 和 content/），默认当前文件夹")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="只检查数据，不生成网站")
    build_parser = commands.add_parser("build", help="检查数据，生成页面，再用 MkDocs 严格构建到 site/")
    build_parser.add_argument("--site-dir", type=Path, default=None, help="网站输出文件夹，默认 mkdocs.yml 中的 site_dir")
    serve_parser = commands.add_parser("serve", help="本地预览：数据或页面改动后自动重新生成")
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", help="预览地址，默认 127.0.0.1:8000")
    args = parser.parse_args(argv)
    project = Project(args.project.resolve())
    if args.command == "check":
        return _check(project)
    if args.command == "build":
        return _build(project, args.site_dir)
    return _serve(project, args.dev_addr)


def print_report(report: Report) -> None:
    for item in report.sorted():
        print(item.format(), file=sys.stderr if item.is_error else sys.stdout)
    print(report.summary())


def _check(project: Project) -> int:
    report = check(project).report
    print_report(report)
    return EXIT_OK if report.ok else EXIT_INVALID


def _build(project: Project, site_dir: Path | None) -> int:
    started = time.perf_counter()
    result = generate(project)
    print_report(result.report)
    if not result.report.ok:
        return EXIT_INVALID
    print(f"已生成 {result.pages} 个页面（写入 {result.written.written} 个文件，"
          f"{result.written.unchanged} 个未变，删除 {result.written.removed} 个），"
          f"用时 {time.perf_counter() - started:.1f} 秒。正在用 MkDocs 构建网站……")
    status = mkdocs_build(project, site_dir)
    if status != 0:
        print("MkDocs 构建失败，见上方信息。", file=sys.stderr)
        return EXIT_BUILD_FAILED
    print(f"网站已生成，用时 {time.perf_counter() - started:.1f} 秒。")
    return EXIT_OK


def _serve(project: Project, address: str) -> int:
    """Regenerate whenever data/ or content/ changes; MkDocs reloads the browser."""
    result = generate(project)
    print_report(result.report)
    if not result.report.ok:
        return EXIT_INVALID
    server = mkdocs_serve(project, address)
    seen = _snapshot(project)
    try:
        while server.poll() is None:
            time.sleep(1)
            now = _snapshot(project)
            if now != seen:
                seen = now
                print("数据有改动，重新生成……")
                print_report(generate(project).report)
    except KeyboardInterrupt:
        pass
    finally:
        server.terminate()
        server.wait()
    return EXIT_OK


def _snapshot(project: Project) -> dict[str, float]:
    return {
        str(path): path.stat().st_mtime
        for folder in (project.data_dir, project.content_dir)
        if folder.is_dir()
        for path in folder.rglob("*")
        if path.is_file()
    }
