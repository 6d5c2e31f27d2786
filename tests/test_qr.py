"""QR codes of printed pages: an escaped slot in the page, drawn by qr.js into a code that decodes to its URL."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from browser import chromium, require_chromium
from conftest import REPO
from generator.qr import QR_SCRIPTS, QrCode, qr_slot

URLS = ["https://youlin.danghu.example.org/forms/topic/?hub=P0001",
        "https://shili.youlin.test/youlin/forms/evaluation/?hub=S1",
        "https://a-much-longer-street-site.example.org/youlin/forms/application/?hub=S01-12&x=\"<y>"]
THEME = REPO / "theme"


def test_the_slot_carries_the_url_and_title_as_text_only():
    slot = BeautifulSoup(str(qr_slot(QrCode(URLS[2], "议题征集表<网上填写>二维码"))), "html.parser").span
    assert slot["class"] == ["yl-qr"]
    assert slot["data-qr"] == URLS[2] and slot["data-qr-title"] == "议题征集表<网上填写>二维码"
    assert slot.get_text() == URLS[2]  # what shows without scripts
    assert not slot.find_all(True)


def test_the_scripts_a_print_page_loads_are_in_the_theme():
    for script in QR_SCRIPTS:
        assert (THEME / script).is_file(), script


def test_codes_are_drawn_and_decode_to_their_urls(tmp_path):
    require_chromium()
    if shutil.which("zbarimg") is None:
        if os.environ.get("CI"):  # .ci/run installs it: there the codes must be decoded
            pytest.fail("zbarimg is missing: .ci/run must install Debian's zbar-tools")
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools)")
    slots = "".join(f"<p style='width:6cm'>{qr_slot(QrCode(url, f'码{n}'))}</p>" for n, url in enumerate(URLS))
    with chromium() as browser:
        page = browser.new_page()
        page.set_content(f"<body style='margin:0;background:#fff'>{slots}</body>")
        for script in QR_SCRIPTS:
            page.add_script_tag(path=str(THEME / script))
        svgs = page.locator(".yl-qr > svg")
        assert svgs.count() == len(URLS)
        for n, url in enumerate(URLS):
            svg = svgs.nth(n)
            assert svg.get_attribute("role") == "img" and svg.get_attribute("aria-label") == f"码{n}"
            image = tmp_path / f"qr{n}.png"
            svg.screenshot(path=str(image))
            decoded = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
            assert decoded.stdout.strip() == url
