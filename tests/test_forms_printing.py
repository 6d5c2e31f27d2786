"""The printed sheets' page rules (generator/forms/printing.py), and the covenant form's counted sign sheet."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from browser import PRINT_MIN_PX, SiteServer, chromium, pdf_pages, pdf_text, printed_margins
from conftest import FIXTURE, copy_project
from generator.cli import main
from generator.forms.definitions import DEFINITIONS_DIR, shipped_definition
from generator.forms.printing import print_style, sheet_table


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


@pytest.mark.build
def test_a_station_print_of_other_sheets_keeps_its_page_numbers(covenant_form_site):
    with SiteServer(covenant_form_site) as server, chromium() as browser:
        page = browser.new_page(locale="zh-CN")
        page.goto(server.url + "forms/signin/S1.html")
        page.wait_for_load_state("networkidle")
        texts = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
    assert len(texts) > 1
    for number, text in enumerate(texts, start=1):
        assert [line.strip() for line in text.splitlines() if line.strip()][-1] == f"第 {number} 页，共 {len(texts)} 页"


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
