"""Reading covenant files: front matter as table records, the body as numbered articles.

A covenant is one Markdown file, ``content/covenants/<id>.md``: its front matter
holds the lifecycle and the vote, its body the articles as ``## 第一章 …`` and
``### 第一条 …`` headings. Earlier versions are kept beside it as
``content/covenants/<id>/v1.md``, ``v2.md`` … so residents can read how the
discussion rounds shaped the text. Every version's articles are published as written, so
they are looked through for resident ID and mobile numbers as free text in data is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..hygiene import check_lines
from ..loading import Record, read_text
from ..problems import Problem, problem, register_messages
from ..yamlfiles import YamlDocument, parse_yaml

FOLDER = "covenants"  # under content/

register_messages({
    "front-matter-missing": ("文件开头没有以 --- 包围的公约信息（front matter）", "请参照 README 中的公约示例，在文件开头写上标题、类型、范围和各阶段"),
    "front-matter-end-typo": ("结束公约信息（front matter）的这一行写成了「{found}」",
                              "要正好是三个英文减号 ---，前后不加别的字符"),
    "front-matter-unclosed": ("公约信息（front matter）没有结束的 --- 行：这一行「{found}」已是正文",
                              "公约信息从第 1 行的 --- 开始，写完后要单独一行写 --- 再写正文：在这一行之前加一行 ---"),
    "front-matter-unended": ("公约信息（front matter）从第 1 行的 --- 开始，到文件末尾也没有结束的 --- 行",
                             "公约信息写完后单独一行写 ---，再写条文（“## 第一章 …”“### 第一条 …”）"),
    "covenant-file-name": ("公约文件名 {found} 不能作为编号", "文件名只用英文字母、数字、- 或 _，如 meiyuan-community.md"),
    "version-file-name": ("历史版本文件名 {found} 不对", "历史版本放在 content/covenants/<编号>/ 下，命名为 v1.md、v2.md……"),
    "article-heading": ("标题「{found}」不是“第…章”或“第…条”", "章用 “## 第一章 标题”，条用 “### 第一条”；其他小标题请用粗体"),
    "article-gap": ("{what}编号不连续：{previous}之后是{found}", "应为{expected}；请检查是否漏了或重复了"),
    "article-missing": ("{subject}没有任何条文", "条文用 “### 第一条” 这样的标题开始"),
})


@dataclass
class Article:
    number: int
    label: str  # as written: 第一条
    title: str
    line: int
    text: str


@dataclass
class Chapter:
    number: int | None  # None: articles before any chapter heading
    label: str
    title: str
    line: int
    articles: list[Article] = field(default_factory=list)


@dataclass
class CovenantText:
    """The articles of one version, and where the body starts in its file."""

    file: str
    body: str
    body_line: int
    chapters: list[Chapter]

    @property
    def articles(self) -> list[Article]:
        return [a for c in self.chapters for a in c.articles]


@dataclass
class CovenantSource:
    id: str
    file: str
    records: dict[str, list[Record]]  # table name -> records
    text: CovenantText
    versions: dict[int, CovenantText]  # earlier versions by number


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}
_HEADING = re.compile(r"^(#{2,3})\s+(.*?)\s*$")
_NUMBERED = re.compile(r"^第([零一二三四五六七八九十百两\d]+)([章条])\s*(.*)$")


def chinese_number(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十三 → 23, 一百零五 → 105; Arabic digits pass through."""
    if text.isdigit():
        return int(text)
    text = text.replace("两", "二")
    total, current = 0, 0
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char]
        elif char == "十":
            total += (current or 1) * 10
            current = 0
        elif char == "百":
            total += (current or 1) * 100
            current = 0
        else:
            return None
    return total + current


def chinese_numeral(number: int) -> str:
    """1 → 一, 12 → 十二, 23 → 二十三, 105 → 一百零五, 110 → 一百一十: the inverse of `chinese_number` below 1000."""
    hundreds, tens, units = number // 100, number // 10 % 10, number % 10
    text = f"{'零一二三四五六七八九'[hundreds]}百" if hundreds else ""
    if tens:
        text += ("" if tens == 1 and not hundreds else "零一二三四五六七八九"[tens]) + "十"
    elif hundreds and units:
        text += "零"
    return text + ("零一二三四五六七八九"[units] if units or not text else "")


def numbered_label(number: int, kind: str, written: list[str]) -> str:
    """第二条 for article 2 of `kind` (章 or 条), in the numerals of the labels as `written`: 第2条 where most are Arabic."""
    arabic = sum(bool(re.match(r"第\d", label)) for label in written)
    return f"第{number if 2 * arabic > len(written) or number >= 1000 else chinese_numeral(number)}{kind}"


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """(front matter with the opening --- blanked, body, body's first line), or None."""
    if not text.startswith("---\n"):
        return None
    end = (text + "\n").find("\n---\n", 4)  # the front matter may end the file
    if end < 0:
        return None
    front = "\n" + text[4:end + 1]  # a blank first line keeps YAML's line numbers the file's
    body_line = text[: end + 5].count("\n") + 1
    return front, text[end + 5:], body_line


# Lines of front matter: blank, indented, a list item, a comment or a `key:` line. The first other line is where the
# front matter should have ended; a line of dashes alone was meant to end it.
_FRONT_LINE = re.compile(r"(\s.*|-\s.*|-|#.*|[^\s#:-][^:]*:(\s.*)?)?")
_DASHES = re.compile(r"\s*[-－—–_]{2,}\s*")


def unclosed_front_matter(text: str, rel: str) -> Problem:
    """What is wrong with a file that opens its front matter with --- but has no line --- to close it."""
    lines = text.split("\n")
    for number, line in enumerate(lines[1:], start=2):
        if _DASHES.fullmatch(line):
            return problem("front-matter-end-typo", rel, number, found=line)
        if not _FRONT_LINE.fullmatch(line) or _HEADING.match(line):
            found = line.strip()
            return problem("front-matter-unclosed", rel, number, found=found if len(found) <= 20 else found[:20] + "…")
    return problem("front-matter-unended", rel, 1)


def parse_articles(body: str, body_line: int, file: str) -> tuple[list[Chapter], list[Problem]]:
    chapters: list[Chapter] = []
    problems: list[Problem] = []
    current: Chapter | None = None
    article: Article | None = None
    lines: list[str] = []

    def close_article():
        if article is not None:
            article.text = "\n".join(lines).strip()

    for offset, raw in enumerate(body.split("\n")):
        line = body_line + offset
        heading = _HEADING.match(raw)
        if not heading:
            lines.append(raw)
            continue
        numbered = _NUMBERED.match(heading.group(2))
        level = len(heading.group(1))
        if not numbered or (level == 2) != (numbered.group(2) == "章"):
            problems.append(problem("article-heading", file, line, found=raw.strip()))
            lines.append(raw)
            continue
        close_article()
        number = chinese_number(numbered.group(1))
        label = f"第{numbered.group(1)}{numbered.group(2)}"
        if numbered.group(2) == "章":
            current = Chapter(number, label, numbered.group(3), line)
            chapters.append(current)
            article = None
        else:
            if current is None:
                current = Chapter(None, "", "", line)
                chapters.append(current)
            article = Article(number, label, numbered.group(3), line, "")
            current.articles.append(article)
            lines = []
    close_article()
    return chapters, problems


def read_text_version(path: Path, rel: str) -> tuple[YamlDocument | None, CovenantText | None, list[Problem]]:
    """One covenant file (current or earlier version): its front matter and its text."""
    text, problems = read_text(path, rel)
    if text is None:
        return None, None, problems
    parts = split_front_matter(text)
    if parts is None:
        opened = text.startswith("---\n")  # then it is the line to close it that is missing
        return None, None, [unclosed_front_matter(text, rel) if opened else problem("front-matter-missing", rel, 1)]
    front, body, body_line = parts
    document, found = parse_yaml(front, rel)
    problems += found
    if document is None:
        return None, None, problems
    if not isinstance(document.data, dict):
        return None, None, problems + [problem("front-matter-missing", rel, 1)]
    chapters, found = parse_articles(body, body_line, rel)
    problems += found
    return document, CovenantText(rel, body, body_line, chapters), problems


def read_covenants(content_dir: Path) -> tuple[list[CovenantSource], list[Problem]]:
    """Every covenant under content/covenants/, with its earlier versions."""
    folder = content_dir / FOLDER
    if not folder.is_dir():
        return [], []
    sources, problems = [], []
    for path in sorted(folder.glob("*.md")):
        rel = f"content/{FOLDER}/{path.name}"
        covenant_id = path.stem
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", covenant_id):
            problems.append(problem("covenant-file-name", rel, None, found=path.name))
            continue
        document, text, found = read_text_version(path, rel)
        problems += found
        if document is None:
            continue
        records = _table_records(covenant_id, document)
        title = document.data.get("title")
        subject = f"公约「{title}」" if isinstance(title, str) and title else f"公约 {covenant_id}"
        problems += _personal_numbers(text, subject)
        versions: dict[int, CovenantText] = {}
        for version_path in sorted((folder / covenant_id).glob("*.md")) if (folder / covenant_id).is_dir() else []:
            version_rel = f"content/{FOLDER}/{covenant_id}/{version_path.name}"
            number = re.fullmatch(r"v(\d+)\.md", version_path.name)
            if not number:
                problems.append(problem("version-file-name", version_rel, None, found=version_path.name))
                continue
            version_document, version_text, found = read_text_version(version_path, version_rel)
            problems += found
            if version_document is None:
                continue
            version_record = _at_top(version_document.record(()))
            version_record.values["covenant"] = covenant_id
            records["covenant_versions"].append(version_record)
            versions[int(number.group(1))] = version_text
            problems += _personal_numbers(version_text, f"{subject}第 {int(number.group(1))} 版")
        sources.append(CovenantSource(covenant_id, rel, records, text, versions))
    return sources, problems


def _personal_numbers(text: CovenantText, subject: str) -> list[Problem]:
    """ID and mobile numbers in the articles, which are published as written (the front matter's texts
    are checked with their tables)."""
    return check_lines(text.body, text.file, text.body_line, subject, "条文")


def _at_top(record: Record) -> Record:
    record.line = 1  # the front matter as a whole starts the file
    return record


def _table_records(covenant_id: str, document: YamlDocument) -> dict[str, list[Record]]:
    """The front matter's nested `stages` and `vote` become rows of their own tables."""
    main = _at_top(document.record(()))
    stages, vote = main.values.pop("stages", None), main.values.pop("vote", None)
    main.values["id"] = covenant_id
    tables: dict[str, list[Record]] = {"covenants": [main], "covenant_stages": [], "covenant_votes": [],
                                       "covenant_versions": []}
    if isinstance(stages, list):
        tables["covenant_stages"] = [record for record in document.records(("stages",)) if record.values]
    elif stages is not None:
        main.values["stages"] = stages  # the schema stage reports it as a field of the wrong shape
    if isinstance(vote, dict):
        tables["covenant_votes"] = [document.record(("vote",))]
    for table in ("covenant_stages", "covenant_votes"):
        for record in tables[table]:
            record.values["covenant"] = covenant_id
    return tables
