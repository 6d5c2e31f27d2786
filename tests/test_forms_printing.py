"""The printed sheets' page rules (generator/forms/printing.py), and the covenant form's counted sign sheet."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from browser import PRINT_MIN_PX, SiteServer, chromium, pdf_pages, pdf_text, printed_margins
from conftest import FIXTURE, copy_project
from generator.cli import main
from generator.forms.definitions import DEFINITIONS_DIR, shipped_definition
from generator.forms.printing import paper_sheet, print_style, sheet_table


def test_the_header_and_page_numbers_print_no_smaller_than_the_sheets_text():
    # The margin boxes are outside the page's DOM, where the browser tests measure printed text: 10pt there
    # was under the 10.5pt every printed word keeps for elderly readers.
    sizes = [float(size) for size in re.findall(r"font-size:\s*([0-9.]+)pt", print_style("议题征集表 · 东方社区友邻站"))]
    assert len(sizes) == 2 and min(sizes) * 96 / 72 >= PRINT_MIN_PX


def test_the_covenant_forms_sheet_is_counted_and_a_sign_in_sheet_is_not():
    covenant = sheet_table(shipped_definition("covenant"))
    assert covenant.rows == tuple(range(1, 16)) and covenant.tally.startswith("本张签约＿＿＿户")
    assert sheet_table(shipped_definition("covenant"), 8).rows == tuple(range(1, 9))  # a covenant's sheet_rows
    assert sheet_table(shipped_definition("signin")).tally == ""  # a meeting's sign-in runs on as it needs


@pytest.mark.parametrize("form, opinions", [
    ("application", {"申请人签名": False, "友邻站审核意见": True, "社区办审核意见": True}),
    ("spending", {"经办人签名": False, "友邻站社工审核": False}),  # a sign-off, not an opinion to write
])
def test_a_sign_off_asking_for_an_opinion_gets_room_to_write_it(form, opinions):
    # The application's review lines (友邻站审核意见) were signature lines, a name's width to write an opinion on.
    sheet = paper_sheet(shipped_definition(form))
    assert {line.text: line.opinion for line in sheet.signatures} == opinions


MM_PT = 72 / 25.4  # PDF points in a millimetre


def _pdf_words(pdf: bytes) -> list[list[tuple[float, float, float, str]]]:
    """Each printed page's words as (left, top, bottom, text) in mm, by poppler's pdftotext -bbox."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    html = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return [[(float(w["xmin"]) / MM_PT, float(w["ymin"]) / MM_PT, float(w["ymax"]) / MM_PT, w.get_text())
             for w in page.find_all("word")] for page in BeautifulSoup(html, "html.parser").find_all("page")]


# ---------------------------------------------------------------- printed from the forms


@pytest.fixture(scope="module")
def covenant_form_site(tmp_path_factory):
    """The fixture network built with the covenant form printed for its stations too (a street's data/forms/)."""
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("covenant-form") / "network")
    (project.data_dir / "forms").mkdir()
    text = (DEFINITIONS_DIR / "covenant.yaml").read_text(encoding="utf-8")
    assert text.count("\ntiers: []\n") == 1
    (project.data_dir / "forms" / "covenant.yaml").write_text(text.replace("\ntiers: []\n", "\ntiers: [station]\n"),
                                                               encoding="utf-8")
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    return site


@pytest.mark.build
@pytest.mark.parametrize("path", ["forms/covenant/", "forms/covenant/S1.html"])
def test_the_covenant_forms_blank_sheet_is_the_covenants_one_numbered_a4_sheet(covenant_form_site, path):
    html = covenant_form_site / path / "index.html" if path.endswith("/") else covenant_form_site / path
    sheet = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one(".yl-paper")
    assert [tr.td.get_text() for tr in sheet.select("tbody tr")] == [str(n) for n in range(1, 16)]
    assert sheet.select_one(".yl-sheet__number + .yl-sheet__frame > table.yl-sheet__table") is not None
    assert sheet.select_one(".yl-sheet__frame + .yl-sheet__tally") is not None
    with SiteServer(covenant_form_site) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        pages = pdf_pages(page)
        (text,) = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
        margins = printed_margins(page)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    assert pages == 1
    assert [line for line in lines if re.fullmatch(r"\d+", line)] == [str(n) for n in range(1, 16)]
    assert "第＿＿＿张" in lines and any(line.startswith("本张签约＿＿＿户（每户一行）") for line in lines)
    assert lines[0].startswith("公约签约表")  # the running header
    assert lines[1:].count("公约签约表") == 1  # the sheet's own title, not the page's too above it
    # Its number is the hand-written one: the printer's "第 1 页，共 1 页" is left off.
    assert margins["bottom-center"] == "none" and not any(re.search(r"第 \d+ 页", line) for line in lines)


def _printed(server, browser, path: str) -> list[list[str]]:
    """Each printed page's lines of text, as Chromium prints `path` to PDF."""
    page = browser.new_page(locale="zh-CN")
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    texts = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    page.close()
    return [[line.strip() for line in text.splitlines() if line.strip()] for text in texts]


@pytest.mark.build
@pytest.mark.parametrize("form, title", [("signin", "会议签到表"), ("topic", "议题征集表")])
def test_a_stations_print_heads_each_sheet_with_its_own_hub_and_counts_no_pages_across_them(covenant_form_site,
                                                                                          form, title):
    # A station's file prints a form for the station and one for each of its points: each page was headed with the
    # station's name, a point's form too, and footed "第 2 页，共 3 页", so a resident handed their point's sheet
    # looked for the rest of a document that is not one.
    hubs = ["东方社区友邻站（S1）", "晨光苑友邻点（P01）", "星*光[1]|号 <b>友邻点</b>（P02）"]
    with SiteServer(covenant_form_site) as server, chromium() as browser:
        whole = _printed(server, browser, f"forms/{form}/S1.html")
        alone = _printed(server, browser, f"forms/{form}/S1.html#P01")
        application = _printed(server, browser, "forms/application/S1.html")  # one sheet, on two pages
    assert [lines[0] for lines in whole] == [f"{title} · {hub}" for hub in hubs]
    assert not [line for lines in whole for line in lines if re.search(r"第 \d+ 页|共 \d+ 页", line)]
    # A point's sheet printed from its page is the whole print: headed with the point, its pages counted.
    assert [(lines[0], lines[-1]) for lines in alone] == [(f"{title} · 晨光苑友邻点（P01）", "第 1 页，共 1 页")]
    assert [(lines[0], lines[-1]) for lines in application] == [
        ("友邻点设立申请表 · 东方社区友邻站（S1）", f"第 {n} 页，共 2 页") for n in (1, 2)]


@pytest.mark.build
def test_a_sheet_printed_from_its_forms_page_is_headed_once(covenant_form_site):
    # The sign-in sheet's page title repeated the sheet's own above it, and pushed its rows onto a second page.
    with SiteServer(covenant_form_site) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + "forms/signin/")
        page.wait_for_load_state("networkidle")
        texts = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    lines = [line.strip() for line in texts[0].splitlines() if line.strip()]
    assert len(texts) == 1
    assert lines[0] == "会议签到表" and lines[1:].count("会议签到表") == 1  # the running header, then the sheet's title
    assert lines[-1] == "第 1 页，共 1 页"  # not a counted sheet: its page number stays


@pytest.mark.build
@pytest.mark.parametrize("path", ["forms/application/S1.html", "forms/application/S1.html#S1"])
def test_the_applications_reviewers_have_room_to_write_on_its_second_page_and_no_third(covenant_form_site, path):
    # Its second page was mostly blank under review lines a name's width and height: each office's opinion now has
    # a box of lines to write in, its signature and date under it, on the page that was blank.
    with SiteServer(covenant_form_site) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + path)
        page.wait_for_load_state("networkidle")
        pages = _pdf_words(page.pdf(format="A4", prefer_css_page_size=True))
    assert len(pages) == 2
    # What starts a line at the sheet's left edge, top to bottom: labels, and the lines to sign.
    left = min(x for x, _, _, _ in pages[1])
    lines = sorted((top, bottom, text) for x, top, bottom, text in pages[1] if x < left + 1)
    opinions = [i for i, (_, _, text) in enumerate(lines) if text.endswith("意见：")]
    assert [lines[i][2] for i in opinions] == ["友邻站审核意见：", "社区办审核意见："]
    for i in opinions:
        (_, label_bottom, _), (below, _, text) = lines[i], lines[i + 1]
        assert text == "签名：" and below - label_bottom >= 5 * 7  # five handwritten lines between, at least
