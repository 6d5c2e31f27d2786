"""Files under content/covenants/ that the covenants feature does not read.

A covenant copied as other.md.txt, saved from Word as other.docx or named other.MD
would otherwise pass the check and simply not be published; if it was the only one,
the nav check would even advise deleting the section. What is read is ``<id>.md``
in the folder and the ``.md`` files directly inside a folder of the same name (its
earlier versions, see source.py); every other file is named here, with the name it
should have. Hidden files (.DS_Store, .gitkeep) and an editor's lock files (~$…) are
not the clerk's.
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path, PurePosixPath

from ..loading import is_system_file
from ..problems import Problem, Severity, problem, register_messages
from .source import FOLDER

register_messages({
    "covenant-file-unread": ("content/covenants/ 中的 {found} 不会被读取：{why}", "{advice}"),
})

_MARKDOWN = (".md", ".markdown")
# Where a covenant's text was typed before it became Markdown: the text is to be saved as a .md file.
_DOCUMENTS = (".txt", ".doc", ".docx", ".wps", ".rtf", ".odt", ".pdf", ".htm", ".html")


def unread_covenant_files(content_dir: Path) -> list[Problem]:
    """A warning for each file under content/covenants/ that reading the covenants passes over."""
    folder = content_dir / FOLDER
    if not folder.is_dir():
        return []
    read = sorted(path.name for path in folder.glob("*.md") if path.is_file())
    misnamed = sorted(path.name for path in folder.iterdir()
                      if path.is_file() and path.suffix != ".md" and not is_system_file(path.name))
    problems = []
    for path in sorted(folder.rglob("*")):
        rel = PurePosixPath(path.relative_to(folder).as_posix())
        if path.is_dir() or any(is_system_file(part) for part in rel.parts):
            continue
        if len(rel.parts) == 1:
            if rel.suffix != ".md":
                problems.append(_unread(rel, "公约文件的名字要以 .md（小写）结尾", _rename(rel, read, read)))
            continue
        covenant = f"{rel.parts[0]}.md"
        if covenant not in read:
            problems.append(_unread(rel, f"没有与文件夹同名的公约 {covenant}，历史版本跟着同名的公约才会读取",
                                    _folder_advice(rel.parts[0], read, misnamed)))
        elif len(rel.parts) > 2:
            problems.append(_unread(rel, f"历史版本只读 {rel.parts[0]}/ 里的文件，不读更下一层的文件夹",
                                    f"把它移到 content/covenants/{rel.parts[0]}/ 下，命名为 v1.md、v2.md……"))
        elif rel.suffix != ".md":
            versions = sorted(p.name for p in (folder / rel.parts[0]).glob("*.md") if p.is_file())
            examples = [f"{rel.parts[0]}/{version}" for version in versions] or read
            problems.append(_unread(rel, "历史版本的名字要以 .md（小写）结尾", _rename(rel, versions, examples)))
    return problems


def _unread(rel: PurePosixPath, why: str, advice: str) -> Problem:
    return problem("covenant-file-unread", f"content/{FOLDER}/{rel}", None, found=str(rel), why=why, advice=advice,
                   severity=Severity.WARNING)


def _rename(rel: PurePosixPath, beside: list[str], examples: list[str]) -> str:
    """What to call a file that is not read: its name ending in .md, or its text saved as one.

    `beside` are the .md files of its folder, `examples` those to show as the model (under content/covenants/).
    """
    name, suffix = rel.name, rel.suffix.lower()
    if suffix in _MARKDOWN:
        target = f"{rel.stem}.md"  # .MD, .markdown
    elif PurePosixPath(rel.stem).suffix.lower() in _MARKDOWN:
        target = f"{PurePosixPath(rel.stem).stem}.md"  # other.md.txt: the ending a program added
    elif not suffix:
        target = f"{name}.md"
    else:
        target = ""
    if target and target in beside:
        return f"已经有 {target}：这份是多余的副本就移出 content/covenants/，要用它就替换 {target}"
    if target:
        return f"改名为 {target}，才会被检查和发布"
    target = f"{rel.stem}.md"
    like = f"，像 {examples[0]} 那样" if examples else ""
    if suffix in _DOCUMENTS:
        return f"公约的文字要写成 Markdown 文件（.md）{like}：把文字存为 {target}，才会被检查和发布"
    return f"公约只读 Markdown 文件（.md）{like}：这个文件用不上，就移出 content/covenants/"


def _folder_advice(name: str, covenants: list[str], misnamed: list[str]) -> str:
    # The covenant itself under the wrong name (chenguang.md.txt beside chenguang/): its own warning says what to do.
    owner = next((file for file in misnamed if file.startswith(f"{name}.")), None)
    if owner:
        return f"{owner} 按它的警告改为 {name}.md 后，这里的历史版本才会读取"
    meant = get_close_matches(f"{name}.md", covenants, n=1, cutoff=0.6)
    if meant:
        return f"是不是 {PurePosixPath(meant[0]).stem}/ 的历史版本？文件夹改名为 {PurePosixPath(meant[0]).stem}/"
    return f"公约存为 content/covenants/{name}.md，它的历史版本才会从 content/covenants/{name}/ 读取"
