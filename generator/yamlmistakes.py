"""How a YAML file's mistakes are recognised and told to the office.

PyYAML's complaints are reworded, and put on the line where the slip was typed; two mistakes
YAML itself accepts, or reports as something else, are recognised: a list's new item typed
without its "- ", and a value cut short by a " #" that YAML reads as a comment (on whichever of its
lines; when text goes on below it, YAML refuses the file, and the refusal names the comment).
A field or item indented off its siblings is told with the indentation to use, as PyYAML
reports one a space too deep as a stray colon.
"""

from __future__ import annotations

import re

import yaml

from .problems import Problem, Severity, problem


def line_texts(text: str):
    """The text of a line by its number; the text is split only if a problem quotes a line."""
    split: list[str] = []

    def row(number: int) -> str:
        if not split:
            split.extend(text.split("\n"))
        return split[number - 1] if number <= len(split) else ""

    return row


# A new item typed without its "- " repeats, on a line of its own, the key the item above starts with
# after its "- " (every item of a list starts with the same key, so a second one there begins the next
# item). Typed at the item's keys' indentation it parses as a duplicate key; typed at the dashes', as a
# syntax error (`_missing_dash_near`). Any other repeated key is a duplicate.
_KEY_ROW = re.compile(r"( *)([^\s#'\"?:{\[-][^:#]*?):(?:\s|$)")
_ITEM_ROW = re.compile(r"( *)-( +)([^\s#'\"?:{\[-][^:#]*?):(?:\s|$)")


def starts_item(key: str, column: int, row: str, item_row: str) -> bool:
    """Whether `key`, repeated at `column` of `row` in the item that starts on `item_row`, begins the next one."""
    item = _ITEM_ROW.match(item_row)
    return item is not None and item[3] == key and not row[:column].strip()


def missing_dash(rel: str, line: int, row: str, repeated: bool) -> Problem:
    typed = re.sub(r"\s+#.*", "", row).strip()
    key = typed.split(":", 1)[0]
    otherwise = f"；如果仍是同一项，{key} 只能写一次" if repeated else "；如果不是新的一项，请检查这一行的缩进"
    return problem("yaml-missing-dash", rel, line, found=typed, item_line=line, otherwise=otherwise)


# After a value: spaces, a "#" and a non-space, up to a comment of the usual "  # 说明" kind, if any.
_COMMENT_AFTER = re.compile(r"[ \t]+#\S.*?(?=[ \t]+#(?:\s|$)|[ \t]*$)")


def glued_comment_lines(text: str) -> tuple[dict[int, str], set[int]]:
    """The lines, by number, with a "#" after a space and before a non-space: where a value may be cut short;
    and the lines a plain value ending on one of them may start on (see `_starts_above`).

    Only values starting on these lines are looked at again, so a file without such a "#" costs one search.
    """
    lines: dict[int, str] = {}
    starts: set[int] = set()
    line, counted = 1, 0
    index = text.find("#")
    while index != -1:
        if index and text[index - 1] in " \t" and not text[index + 1: index + 2].isspace():
            line += text.count("\n", counted, index)
            counted = index
            begin, end = text.rfind("\n", 0, index) + 1, text.find("\n", index)
            if line not in lines:
                _starts_above(text, line, begin, starts)
            lines[line] = text[begin: end if end != -1 else len(text)]
        index = text.find("#", index + 1)
    return lines, starts


def _starts_above(text: str, line: int, begin: int, starts: set[int]) -> None:
    """Add to `starts` the line at `begin` in `text`, and the lines above it a plain value ending on it may start on.

    A comment ends a plain value and a ": " cannot be inside one, so such a value starts below the
    comment line above, at the nearest line with a ": " (or ending in ":") at the highest. Lines that
    only might go on from it are taken too, so none is missed; as the search stops at the comment line
    above at the latest, every line of the file is read at most once.
    """
    starts.add(line)
    while begin > 0:
        line, stop = line - 1, begin - 1
        begin = text.rfind("\n", 0, stop) + 1
        row = text[begin:stop].rstrip()
        if row.lstrip().startswith("#") or " #" in row or "\t#" in row:
            return
        if row:
            starts.add(line)
            if ": " in row or ":\t" in row or row.endswith(":"):
                return


def cut_by_comment(event, key, glued: dict[int, str], rel: str) -> Problem | None:
    """A warning if this plain value ends on its line in a comment that reads as its rest ("#201室").

    A comment ends a plain value, so one typed over several lines can only be cut on its last line;
    the warning then shows that line's text, as the line number points at the cut.
    `glued` is from `glued_comment_lines`.
    """
    end = event.end_mark
    row = glued.get(end.line + 1)
    comment = _COMMENT_AFTER.match(row, end.column) if row is not None else None
    if comment is None:
        return None
    whole = event.value + row[end.column:comment.end()]  # as the value reads once quoted where it stands
    if '"' not in whole and "\\" not in whole and "\n" not in whole:
        quoted = f'"{whole}"'
    elif "\n" not in whole:
        quoted = "'" + whole.replace("'", "''") + "'"
    else:  # a blank line between its lines: kept as a line break, written on one line as \n
        quoted = '"' + whole.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'
    start = f"{key}: " if isinstance(key, str) else "- " if isinstance(key, int) else ""
    found, fix = event.value, start + quoted
    if end.line != event.start_mark.line:
        found = "…" + row[:end.column].lstrip()
        fix += f"（写在一行里）；或者把第一行写成「{start}|」，文字从下一行起缩进书写，换行会原样保留"
    return problem("yaml-comment-in-value", rel, end.line + 1, found=found, dropped=comment[0].lstrip(),
                   fix=fix, severity=Severity.WARNING)


# PyYAML's complaints, as the office would understand them.
_YAML_REASONS = [
    ("found character '\\t'", "出现了 Tab 字符：缩进只能用空格，不能用 Tab"),
    ("found unexpected end of stream", "引号没有闭合（文件在引号内结束）"),
    ("found unknown escape character", "双引号内的反斜杠 \\ 后面跟了不认识的字符；请改用单引号"),
    ("expected alphabetic or numeric character", "以 * 或 & 开头的文字会被当作 YAML 的别名或锚点：请给这段文字加英文引号"),
    ("expected URI", "以 ! 开头的文字会被当作 YAML 的类型标签：请给这段文字加英文引号"),
    ("expected '!'", "以 ! 开头的文字会被当作 YAML 的类型标签：请给这段文字加英文引号"),
    ("sequence entries are not allowed here", "这里不能出现“- ”：以“- ”开头的文字请加英文引号，列表项请检查缩进"),
    ("mapping keys are not allowed here", "这里不能出现“? ”：以“? ”开头的文字请加英文引号"),
    ("expected <block end>", "缩进不一致，或引号结束后还有多余的文字"),
    ("mapping values are not allowed here", "这里不能出现冒号“:”；含冒号的文字请加英文引号"),
    ("could not find expected ':'", "缺少冒号“:”"),
    ("expected ',' or ']'", "方括号 [ ] 没有正确结束"),
    ("expected ',' or '}'", "花括号 { } 没有正确结束"),
    ("that cannot start any token", "出现了不能放在开头的字符（如 @ 或 `）；请给这段文字加英文引号"),
    ("found undefined alias", "出现了 * 开头的别名"),
    ("expected a comment or a line break", "引号结束后还有多余的内容"),
]
# What PyYAML was reading when it failed, where that says more than the complaint itself.
_YAML_CONTEXTS = [
    ("block scalar", "以 | 或 > 开头的文字会被当作多行文字的标记：请给这段文字加英文引号"),
]
# Slips PyYAML reports a line later, or as something else: a key's colon typed in Chinese, a colon with
# no space after it, indentation typed with the ideographic space of a Chinese input method, a value
# that starts with a bracketed word.
_LINE_SLIPS = [
    (re.compile(r"^[ ]*(- )?[A-Za-z_][-\w]* *："), "冒号用了中文“：”：键后面要用英文冒号“:”，再加一个空格"),
    (re.compile(r"^[ ]*(- )?[A-Za-z_][-\w]*:[^\s/]"), "冒号“:”后面要加一个空格"),
    (re.compile(r"^[ ]*\u3000"), "缩进用了中文全角空格：缩进只能用英文空格"),
    (re.compile(r"^[ ]*-[A-Za-z_][-\w]* *:"), "列表每一项开头的“-”后面要加一个空格，写成“- ”再接字段名"),
    (re.compile(r"^[ ]*(- )?[A-Za-z_][-\w]*: *[\[{][^\]}]*[\]}] *[^\s#,]"),
     "以 [ 或 { 开头的文字会被当作列表或映射：请给这段文字加英文引号"),
]


def syntax_problem(exc: yaml.YAMLError, rel: str, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):  # a character YAML refuses, before parsing: no mark, a position
        return problem("yaml-syntax", rel, text[:exc.position].count("\n") + 1,
                       reason=f"出现了不能出现在 YAML 中的控制字符 U+{exc.character:04X}")
    mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    context = getattr(exc, "context", None) or ""
    original = getattr(exc, "problem", None) or str(exc)
    reason = next((zh for en, zh in _YAML_REASONS if en in original), f"无法解析（{original}）")
    if "quoted scalar" in context and context_mark is not None:
        mark = context_mark  # point at the opening quote, not at the end of the file
    elif (slip := _slip_near(text, mark.line if mark else None)) is not None:
        line, reason = slip
        return problem("yaml-syntax", rel, line, reason=reason)
    elif mark is not None and original.startswith(_LOST_BLOCK) and (dash := _missing_dash_near(text, mark.line)):
        return missing_dash(rel, dash[0], dash[1], repeated=False)
    elif mark is not None and "'<scalar>'" in original and (cut := _comment_ended_text(text, mark.line)):
        line, reason = cut
        return problem("yaml-syntax", rel, line, reason=reason)
    elif mark is not None and original.startswith(_LOST_BLOCK) and (shift := _misindented_near(text, mark.line)):
        return problem("yaml-indent", rel, shift["item_line"], **shift)
    elif (known := next((zh for en, zh in _YAML_CONTEXTS if en in context), None)) is not None:
        reason = known
        mark = context_mark or mark
    elif mark is not None and original.startswith(_LOST_BLOCK):
        quote = _unbalanced_quote_before(text, mark.line)
        if quote is not None:
            reason += f"；第 {quote} 行的引号可能没有闭合"
    return problem("yaml-syntax", rel, mark.line + 1 if mark else None, reason=reason)


# PyYAML's complaints when a line's indentation does not fit the block it is in.
_LOST_BLOCK = ("expected <block end>", "mapping values", "could not find")


def _missing_dash_near(text: str, line_index: int) -> tuple[int, str] | None:
    """A key typed at a list's dashes on the failing line or the one before, the key the item above
    starts with: a new item without its "- " (the line's number and text). See `starts_item`."""
    rows = text.split("\n")
    for index in (line_index, line_index - 1):
        key = _KEY_ROW.match(rows[index]) if 0 <= index < len(rows) else None
        if key is None:
            continue
        indent = len(key[1])
        for above in reversed(rows[:index]):
            content = above.lstrip(" ")
            if not content or content.startswith("#") or len(above) - len(content) > indent:
                continue  # blank, a comment, or inside the item above
            item = _ITEM_ROW.match(above)
            if item and len(item[1]) <= indent < len(item[1]) + 1 + len(item[2]) and item[3] == key[2]:
                return index + 1, rows[index]
            break
    return None


# A comment after a value's text, and the text before it; the text ends in neither a quote nor an indicator.
_TEXT_THEN_COMMENT = re.compile(r"(.*?[^\s'\":|>])[ \t]+(#.*)")
_ENDS_IN_TEXT = re.compile(r".*[^\s'\":|>]$")


def _comment_ended_text(text: str, line_index: int) -> tuple[int, str] | None:
    """A comment that ended an unquoted value typed over several lines, so that the failing line's text
    (not a key) could not continue it: the comment's line number and what happened, or None.

    The first comment after the value's last line is told: one after its text ("#3单元") or, when
    there is none, a line of its own ("# 说明", or text the office began with "#").
    """
    rows = text.split("\n")
    if not 0 < line_index < len(rows) or _KEY_ROW.match(rows[line_index]):
        return None
    stray = rows[line_index].split(" #", 1)[0].strip()
    index, own = line_index - 1, None
    while index > 0 and (not rows[index].strip() or rows[index].lstrip().startswith("#")):
        own = index if rows[index].strip() else own  # the comment line nearest the value
        index -= 1
    after = _TEXT_THEN_COMMENT.match(rows[index].strip())
    if after is not None and not after[1].count('"') % 2 and not after[1].count("'") % 2:  # not # in quotes
        return index + 1, (f"「{after[2]}」前面有空格，被当作注释，没有引号的文字在这里结束，第 {line_index + 1} 行的"
                           f"「{stray}」因此接不上；要保留整段文字，请给整段文字加英文引号，或改用 | 写多行文字")
    if own is not None and after is None and _ENDS_IN_TEXT.match(rows[index].strip()):
        return own + 1, (f"这一行以 # 开头，被当作注释，上面没有引号的文字在这里结束，第 {line_index + 1} 行的「{stray}」"
                         "因此接不上；如果这一行是文字，请给整段文字加英文引号，或改用 | 写多行文字；"
                         "如果是注释，请移到整段文字的前面或后面")
    return None


def _slip_near(text: str, line_index: int | None) -> tuple[int, str] | None:
    """A slip on the failing line or the one before (the line number to show, and what it is)."""
    if line_index is None:
        return None
    lines = text.split("\n")
    for index in (line_index - 1, line_index):
        if 0 <= index < len(lines):
            content = lines[index].split(" #", 1)[0]
            for pattern, reason in _LINE_SLIPS:
                if pattern.search(content):
                    return index + 1, reason
    return None


def _unbalanced_quote_before(text: str, line_index: int) -> int | None:
    """The nearest earlier line with an odd number of double quotes (a likely unclosed string)."""
    lines = text.split("\n")
    for index in range(min(line_index, len(lines)) - 1, max(line_index - 30, 0) - 1, -1):
        content = lines[index].split(" #", 1)[0]
        if (content.count('"') - content.count('\\"')) % 2 == 1:
            return index + 1
    return None


# A line as its indentation goes: its spaces, a list item's "- " and the spaces after it, then a field's name
# (written as the data files' names are, or a title as mkdocs.yml's nav has them) and what follows its colon.
_SHAPE = re.compile(r"( *)(?:(-)( +|$))?(?:([^\W\d][-\w]*):(?:[ \t]+(.*))?|(.+))?")


def _shape(row: str) -> tuple[int, bool, int, str | None, str] | None:
    """A structure line's (indentation, starts an item, its field's column, the field, its value), or None
    for anything else (text going on from the line above, a flow collection's line, a Tab)."""
    content = re.sub(r"[ \t]+#.*", "", row).rstrip()
    shape = _SHAPE.fullmatch(content)
    if shape is None or not (shape[2] or shape[4]):
        return None
    indent = len(shape[1])
    column = indent + 1 + len(shape[3]) if shape[2] else indent
    return indent, bool(shape[2]), column, shape[4], (shape[5] or shape[6] or "").strip()


def _misindented_near(text: str, line_index: int) -> dict | None:
    """A field or item on the failing line or the one before indented unlike its siblings: the line, the
    indentation found and the one to use, and who it was measured against; or None if the text does not show it."""
    rows = text.split("\n")
    for index in (line_index, line_index - 1):
        if 0 < index < len(rows) and _unbalanced_quote_before(text, index) is None:
            shift = _misindented(rows, index)
            if shift is not None:
                return shift
    return None


def _misindented(rows: list[str], index: int) -> dict | None:
    """See `_misindented_near`. The blocks this line could belong to are the lines above it each indented
    less than those below it (the line above, its parent, its parent's parent...); a field lines up with
    a field of one of them, counting an item's "- " as indentation, and an item with the "- " of one."""
    shape = _shape(rows[index])
    if shape is None or shape[3] is None:
        return None
    indent, item, column, key, _ = shape
    chain: list[tuple[int, tuple]] = []  # (line index, shape), nearest first
    for above in range(index - 1, -1, -1):
        row = rows[above]
        stripped = row.lstrip(" ")
        if not stripped or stripped.startswith("#") or chain and len(row) - len(stripped) >= chain[-1][1][0]:
            continue
        parent = _shape(row)
        if parent is None or re.fullmatch(r"[|>][-+0-9]*", parent[4]):
            return None  # text, or a block of text, whose lines need not line up
        if not chain and not parent[4] and (indent >= parent[2] if item else indent > parent[2]):
            return None  # the first line of what the line above opens (a field without a value, or a bare "- ")
        chain.append((above, parent))
        if parent[0] == 0:
            break
    if item:
        siblings = [(above, s) for above, s in chain if s[1]]
        same = [(above, s) for above, s in siblings if s[3] == key]  # the items of one list start alike
        found, place = indent, lambda s: s[0]
    else:
        siblings = same = [(above, s) for above, s in chain if s[3] is not None]
        found, place = column, lambda s: s[2]
    if not siblings or any(place(s) == found for _, s in siblings):
        return None
    candidates = same or siblings
    nearest = min(abs(place(s) - found) for _, s in candidates)
    closest = [(above, s) for above, s in candidates if abs(place(s) - found) == nearest]  # nearest line first
    if len({place(s) for _, s in closest}) != 1:
        return None  # as far from two blocks: which was meant is not shown
    above, sibling = closest[0]
    odd = False if item else _odd_one(rows, above, sibling, index, found)
    if odd:  # the lines around it agree with this one: the one it was measured against is off
        return _told(rows, above, sibling, index, shape, [s for _, s in chain if s[0] < sibling[0]])
    if odd is None:
        return None  # either could be off: which was meant is not shown
    return _told(rows, index, shape, above, sibling, [s for _, s in chain])


def _odd_one(rows: list[str], index: int, shape: tuple, below: int, column: int) -> bool | None:
    """Whether the field at `index` is the one off, not the one at `below` (at `column`); None if either could be.

    It is when the line above it is at `column` too (typed between the lines of one block), or when it is
    the first line of what the line above opens, that YAML measures the rest by, and is typed no further in
    than that line, or the line after `below` agrees with `below`. A list item's first field is placed by its
    "- ", so the other line is off.
    """
    before = _neighbour(rows, index, -1)
    if before and before[2] == column and not shape[1]:
        return True
    if not before or before[1] or before[4] or before[0] > shape[0]:
        return False
    if before[0] == shape[0] and column > shape[2] or _neighbour(rows, below, 1)[2:3] == (column,):
        return shape[0] + column - shape[2] >= 0
    return False if shape[1] else None


def _neighbour(rows: list[str], index: int, step: int) -> tuple:
    """The shape of the nearest line below (step 1) or above (-1) `index` that is neither blank nor a comment."""
    index += step
    while 0 <= index < len(rows) and (not rows[index].strip() or rows[index].lstrip().startswith("#")):
        index += step
    return (_shape(rows[index]) if 0 <= index < len(rows) else None) or ()


def _told(rows: list[str], index: int, shape: tuple, other: int, by: tuple, chain: list[tuple]) -> dict:
    """The line at `index`, of `shape`, told to line up with the line `other` (of shape `by`), above or below
    it: an item's "- " with the one of the item above, a field with its field; `chain` is the blocks it is in."""
    dashes = shape[1] and by[1] and other < index  # else a field lines up with a field
    key, expected = (None, by[0]) if dashes else (by[3], by[2])
    between = rows[min(other, index) + 1:max(other, index)]
    adjacent = not any(r.strip() and not r.lstrip().startswith("#") for r in between)
    here = ("上一行" if other < index else "下一行") if adjacent else f"第 {other + 1} 行"
    if key is None:  # an item's "- " lines up with the one above
        found = shape[0]
        what, whose = "「- 」前面", ("上一行" if adjacent else f"上一项（第 {other + 1} 行）") + "的「- 」前面"
        indented, theirs = (f"有 {found} 个空格" if found else "没有空格"), (f"有 {expected} 个" if expected else "没有空格")
        rule, fix = "同一列表的各项要对齐", (f"改成 {expected} 个空格" if expected else "去掉前面的空格，顶格写")
    else:
        found, dash = shape[2], shape[0] + expected - shape[2]
        what = f" {shape[3]} 连同前面的「- 」" if shape[1] else ""
        whose = f"{here} {key} " + ("连同前面的「- 」" if by[1] else "")
        indented, theirs = (f"缩进了 {found} 个空格" if found else "没有缩进"), (f"是 {expected} 个" if expected else "没有缩进")
        in_item = shape[1] or any(s[1] and s[2] == expected for s in chain)
        rule = "同一项的字段要对齐" if in_item else "同一层的字段要对齐"
        fix = (f"改成 {expected} 个空格" if expected else "去掉前面的空格，顶格写") if not shape[1] else \
            (f"把「- 」前面的空格改成 {dash} 个" if dash else "去掉「- 」前面的空格")
    return {"item_line": index + 1, "found": found, "expected": expected, "what": what, "indented": indented,
            "whose": whose, "theirs": theirs, "rule": rule, "fix": fix}
