"""Comparing two builds by what residents read."""

from __future__ import annotations

from generator.sitediff import compare_sites


def page(folder, name, title, body, chrome=""):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"<html><head><title>{title}</title></head><body><nav>{chrome}</nav>"
                    f"<article><h1>{title}</h1><p>{body}</p><br></article></body></html>", encoding="utf-8")


def test_chrome_is_ignored_and_text_differences_found(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    page(a, "index.html", "首页", "你好", chrome="菜单一")
    page(b, "index.html", "首页", "你好", chrome="另一种菜单")
    page(a, "p/1/index.html", "点", "地址 一号")
    page(b, "p/1/index.html", "点", "地址 二号")
    page(a, "only-a.html", "甲", "")
    difference = compare_sites(a, b)
    assert difference.differing == ["p/1/index.html"]
    assert difference.only_first == ["only-a.html"]
    assert difference.only_second == []
    assert not difference.same
