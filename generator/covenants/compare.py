"""What changed between two versions of a covenant, for the residents who voted on the older one.

A changed article is paired with its edited version when the two are similar enough
(`_SIMILAR`) and shown with the changed characters marked <del> and <ins>; an article
without such a match is shown as removed or added whole.
"""

from __future__ import annotations

import difflib

from markupsafe import Markup, escape

from .source import Article, CovenantText


def compare_texts(older: CovenantText, newer: CovenantText) -> tuple[Markup, ...]:
    """What changed from one version to the next, article by article, with inline marks."""
    before, after = older.articles, newer.articles
    matcher = difflib.SequenceMatcher(None, [_plain(a) for a in before], [_plain(a) for a in after], autojunk=False)
    changes: list[Markup] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        changes += _pair_up(before[i1:i2], after[j1:j2])
    return tuple(changes)


_SIMILAR = 0.4  # below this an article reads as replaced, not edited


def _pair_up(old: list[Article], new: list[Article]) -> list[Markup]:
    """Within a changed stretch, show edits to the same article inline, in order; the rest as removed or added."""
    changes: list[Markup] = []
    j = 0
    for article in old:
        ratios = [difflib.SequenceMatcher(None, _plain(article), _plain(b), autojunk=False).ratio() for b in new[j:]]
        best = max(range(len(ratios)), key=ratios.__getitem__) if ratios else None
        if best is None or ratios[best] < _SIMILAR:
            changes.append(_whole("删去", article, "del"))
            continue
        changes += [_whole("新增", b, "ins") for b in new[j:j + best]]
        changes.append(_changed(article, new[j + best]))
        j += best + 1
    changes += [_whole("新增", b, "ins") for b in new[j:]]
    return changes


def _plain(article: Article) -> str:
    return " ".join(f"{article.title} {article.text}".split())


def _changed(old: Article, new: Article) -> Markup:
    label = old.label if old.label == new.label else f"{old.label}（现为{new.label}）"
    a, b = _plain(old), _plain(new)
    pieces = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op in ("equal",):
            pieces.append(escape(a[i1:i2]))
        if op in ("delete", "replace"):
            pieces.append(Markup("<del>") + escape(a[i1:i2]) + Markup("</del>"))
        if op in ("insert", "replace"):
            pieces.append(Markup("<ins>") + escape(b[j1:j2]) + Markup("</ins>"))
    return Markup('<p class="yl-diff"><strong>修改 ') + escape(label) + Markup("</strong>：") + Markup("").join(pieces) + Markup("</p>")


def _whole(action: str, article: Article, tag: str) -> Markup:
    return (Markup(f'<p class="yl-diff"><strong>{action} ') + escape(article.label) + Markup(f"</strong>：<{tag}>")
            + escape(_plain(article)) + Markup(f"</{tag}></p>"))
