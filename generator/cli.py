"""Command line: check, build, serve, and the helpers CI uses (changes, compare).

Only this module turns problems into exit statuses and printed lines.
"""

from __future__ import annotations

import argparse
import difflib
import gettext
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .build import check, generate
from .forms.intake import intake, write_intake
from .changes import format_changes, network_at, summarise_changes
from .fieldref import field_reference, known_names, known_tables, select_tables, tables_mentioning
from .importing import add_arguments as add_import_arguments
from .importing import run_import
from .leaks import scan_for_leaks
from .problems import SITE_REFUSED, Report
from .project import Project
from .publish import staged_folder, swap_into_place
from .reporting import CHECK_REFUSED, FORMATS, format_report, summary_table
from .site import mkdocs_build, mkdocs_serve
from .sitediff import compare_sites, format_difference

EXIT_OK, EXIT_INVALID, EXIT_BUILD_FAILED = 0, 1, 2


# argparse takes its own words (usage line, headings, error messages) through gettext's `_()` and `ngettext()`,
# and Python ships no Chinese catalog for them: this is one, keyed by argparse's msgids (Lib/argparse.py).
# A msgid not here (a newer Python's) stays English rather than breaking.
_ARGPARSE_WORDS = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "show this help message and exit": "显示这段说明，然后退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s：%(message)s",
    "the following arguments are required: %s": "缺少：%s",
    "unrecognized arguments: %s": "不认识这些参数：%s",
    "expected one argument": "后面要写一个值",
    "expected at most one argument": "后面最多写一个值",
    "expected at least one argument": "后面至少要写一个值",
    "ambiguous option: %(option)s could match %(matches)s": "%(option)s 可能是 %(matches)s，请写完整",
    "invalid %(type)s value: %(value)r": "%(value)r 不是有效的值（%(type)s）",
    "not allowed with argument %s": "不能和 %s 一起用",
    "ignored explicit argument %r": "后面不用写值（写了 %r）",
    "one of the arguments %s is required": "要写 %s 中的一个",
}
_ARGPARSE_PLURALS = {"expected %s argument": "后面要写 %s 个值"}


class _ArgparseCatalog(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return _ARGPARSE_WORDS.get(message, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _ARGPARSE_PLURALS.get(singular) or super().ngettext(singular, plural, n)


@contextmanager
def _argparse_in_chinese() -> Iterator[None]:
    """argparse's words from `_ArgparseCatalog` while this CLI's parser is built and used.

    Bound for that time only, not installed as gettext's global domain: other parsers in the same process
    (pytest's, when tests call `main`) keep their own words.
    """
    catalog = _ArgparseCatalog()
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = catalog.gettext, catalog.ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


class _Parser(argparse.ArgumentParser):
    """An argparse parser that names the nearest choice to a mistyped one (a command, or --format's value)."""

    def _check_value(self, action: argparse.Action, value) -> None:
        if action.choices is None or value in action.choices:
            return
        choices = [str(choice) for choice in action.choices]
        nearest = difflib.get_close_matches(str(value), choices, n=1)
        guess = f"是不是 {nearest[0]}？" if nearest else ""
        if action.dest == "command":
            message = f"没有 {value} 这个命令，{guess}可用的命令：{'、'.join(choices)}"
        else:
            message = f"{'/'.join(action.option_strings) or action.dest} 不能是 {value}，{guess}可选：{'、'.join(choices)}"
        # No action: the message names the command or option itself.
        raise argparse.ArgumentError(None, message)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m generator", description="友邻网络网站生成器",
                     epilog="看一个命令的用法：python -m generator 命令 -h，如 python -m generator check -h")
    parser.add_argument("--project", type=Path, default=Path("."), metavar="文件夹",
                        help="项目文件夹（含 mkdocs.yml、data/ 和 content/），默认当前文件夹")
    commands = parser.add_subparsers(dest="command", required=True, metavar="命令")
    check_parser = commands.add_parser("check", help="只检查数据，不生成网站")
    check_parser.add_argument("--format", choices=FORMATS, default="text",
                              help="输出格式：text（默认）、github（GitHub 注释）、json、gitlab（代码质量报告）")
    check_parser.add_argument("--summary", type=Path, default=None, metavar="文件",
                              help="另把中文问题表（Markdown）追加到这个文件，如 $GITHUB_STEP_SUMMARY")
    build_parser = commands.add_parser("build", help="检查数据，生成页面，再用 MkDocs 严格构建")
    build_parser.add_argument("--out", "--site-dir", dest="out", type=Path, default=None, metavar="文件夹",
                              help="网站输出文件夹，默认 mkdocs.yml 中的 site_dir；构建全部成功后才替换旧网站")
    serve_parser = commands.add_parser("serve", help="本地预览：数据或页面改动后自动重新生成")
    serve_parser.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="地址",
                              help="预览地址，默认 127.0.0.1:8000")
    changes_parser = commands.add_parser("changes", help="与 git 中的某个版本相比，列出友邻站、友邻点和补助的变化")
    changes_parser.add_argument("--base", required=True, metavar="版本", help="比较的基准版本，如 origin/main")
    compare_parser = commands.add_parser("compare", help="比较两次构建出的网站（如 MkDocs 与 Zensical）")
    compare_parser.add_argument("first", type=Path, metavar="网站文件夹1", help="一次构建出的网站")
    compare_parser.add_argument("second", type=Path, metavar="网站文件夹2", help="另一次构建出的网站")
    import_parser = commands.add_parser("import", help="把 Excel/WPS 导出的表格（CSV 或 .xlsx）转换为规范的 UTF-8 CSV，按编号合并进数据文件")
    add_import_arguments(import_parser)
    intake_parser = commands.add_parser("intake", help="检查网上填写或录入的表格记录（JSON 或 CSV），追加到数据文件")
    intake_parser.add_argument("files", type=Path, nargs="+", metavar="记录文件",
                               help="网页下载的记录文件（.json 或 .csv），可以一次多个")
    intake_parser.add_argument("--dry-run", action="store_true", help="只检查、显示会收录什么，不写文件")
    fields_parser = commands.add_parser("fields", help="列出各数据文件的字段：字段名、是否必填、格式和可选值（Markdown）")
    fields_parser.add_argument("name", nargs="?", default=None, metavar="文件或表",
                               help="只看一个文件或一张表，如 points、points.csv、stations、友邻点；不写则列出全部")
    return parser


def main(argv: list[str] | None = None) -> int:
    with _argparse_in_chinese():
        args = _parser().parse_args(argv)
    project = Project(args.project.resolve())
    # A project checked from another folder (README: 给另一个街道建网站): the paths in messages are its own
    # (data/points.csv), and the commands the hints give need --project.
    elsewhere = args.project if project.root != Path.cwd().resolve() else None
    if args.command != "compare" and not project.root.is_dir():
        # Checked first: a mistyped path would otherwise get a cache folder and four "file missing" errors.
        print(f"找不到项目文件夹 {args.project}：请检查 --project 后面的路径", file=sys.stderr)
        return EXIT_INVALID
    if args.command == "check":
        return _check(project, args.format, args.summary, elsewhere)
    if args.command == "build":
        return _build(project, args.out, elsewhere)
    if args.command == "changes":
        return _changes(project, args.base, elsewhere)
    if args.command == "compare":
        return _compare(args.first, args.second)
    if args.command == "import":
        return run_import(args.file, args.table, args.output, project.data_dir, args.dry_run, args.replace,
                          command=_command(elsewhere), replace_records=args.replace_records)
    if args.command == "intake":
        return _intake(project, args.files, args.dry_run)
    if args.command == "fields":
        return _fields(project, args.name)
    return _serve(project, args.dev_addr, elsewhere)


def print_report(report: Report, refused: str = SITE_REFUSED, elsewhere: Path | None = None) -> None:
    """The problems, errors to stderr, and the summary; `elsewhere`: the project's folder as typed, when it is not
    the current one."""
    problems = report.sorted()
    for item in problems:
        print(item.format(), file=sys.stderr if item.is_error else sys.stdout)
    print(report.summary(refused))
    if problems and elsewhere is not None:
        print(f"以上的文件都在项目文件夹 {elsewhere} 里（{problems[0].file} 就是 {elsewhere / problems[0].file}）；"
              f"照提示运行命令时，写成 {_command(elsewhere)} …，命令里的文件也写项目里的路径。")


def _command(elsewhere: Path | None) -> str:
    """How to run the generator on this project from the current folder."""
    return "python -m generator" + (f" --project {elsewhere}" if elsewhere is not None else "")


def _check(project: Project, fmt: str, summary: Path | None, elsewhere: Path | None) -> int:
    report = check(project).report
    if fmt == "text":
        print_report(report, CHECK_REFUSED, elsewhere)
    else:
        sys.stdout.write(format_report(report, fmt))
    if summary is not None:
        with summary.open("a", encoding="utf-8") as handle:
            handle.write(summary_table(report))
    return EXIT_OK if report.ok else EXIT_INVALID


def _build(project: Project, out: Path | None, elsewhere: Path | None) -> int:
    started = time.perf_counter()
    result = generate(project)
    print_report(result.report, elsewhere=elsewhere)
    if not result.report.ok:
        return EXIT_INVALID
    print(f"已生成 {result.pages} 个页面（写入 {result.written.written} 个文件，"
          f"{result.written.unchanged} 个未变，删除 {result.written.removed} 个），"
          f"用时 {time.perf_counter() - started:.1f} 秒。正在用 MkDocs 构建网站……")
    target = (out if out is not None else project.root / str(result.site_dir)).resolve()
    with staged_folder(target) as staging:
        if mkdocs_build(project, staging) != 0:
            print(f"MkDocs 构建失败，见上方信息。{target} 保持原样。", file=sys.stderr)
            return EXIT_BUILD_FAILED
        leaks = scan_for_leaks(staging, result.network, result.private_names, result.sources)
        if leaks:
            print_report(Report(leaks))
            print(f"生成的网站中出现了不公开的个人信息，没有发布。{target} 保持原样。", file=sys.stderr)
            return EXIT_INVALID
        swap_into_place(staging, target)
    print(f"网站已生成到 {target}，用时 {time.perf_counter() - started:.1f} 秒。")
    return EXIT_OK


def _changes(project: Project, base: str, elsewhere: Path | None) -> int:
    after = check(project)
    if after.network is None:
        print_report(after.report, CHECK_REFUSED, elsewhere)
        return EXIT_INVALID
    before, _ = network_at(project, base)
    print(format_changes(summarise_changes(before, after.network)), end="")
    return EXIT_OK


def _compare(first: Path, second: Path) -> int:
    difference = compare_sites(first, second)
    print(format_difference(difference, first.name, second.name), end="")
    return EXIT_OK if difference.same else EXIT_INVALID


def _intake(project: Project, files: list[Path], dry_run: bool) -> int:
    result = intake(project, files)
    if not result.report.ok:
        print_report(result.report, refused="没有收录任何记录：请改正上面的问题后再收录整批文件。")
        return EXIT_INVALID
    for submission, record_id in result.accepted:
        print(f"{submission.file}: {submission.subject} → {submission.form.store}，编号 {record_id}")
    if dry_run:
        print(f"（试运行）可以收录 {len(result.accepted)} 条记录；没有写入文件。")
        return EXIT_OK
    write_intake(project, result)
    print(f"已收录 {len(result.accepted)} 条记录，改动了 {'、'.join(sorted(result.texts))}。"
          "请用 git diff 核对后提交。")
    return EXIT_OK


def _fields(project: Project, name: str | None) -> int:
    specs = known_tables(project.data_dir)
    chosen = specs if name is None else select_tables(specs, name)
    if not chosen and name is not None and (chosen := tables_mentioning(specs, name)):
        print(f"没有叫「{name}」的数据文件或表；下面是写到「{name}」的表（表名、说明或字段名里有这个词）。", file=sys.stderr)
    if not chosen:
        print(f"没有叫「{name}」的数据文件或表。可以写文件名、表名或中文名，例如：\n{known_names(specs)}",
              file=sys.stderr)
        return EXIT_INVALID
    try:
        sys.stdout.write(field_reference(chosen))
        sys.stdout.flush()
    except BrokenPipeError:
        # `fields | head` stops reading early; that is what the reader wanted, not an error.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return EXIT_OK


def _serve(project: Project, address: str, elsewhere: Path | None) -> int:
    """Regenerate whenever data/ or content/ changes; MkDocs reloads the browser."""
    result = generate(project)
    print_report(result.report, elsewhere=elsewhere)
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
                print_report(generate(project).report, elsewhere=elsewhere)
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
