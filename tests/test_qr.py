"""QR codes for printed pages decode to the URL they were made from."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from browser import CHROMIUM, CHROMIUM_FLAGS, require_chromium
from generator.qr import QrCode, qr_svg

URLS = ["https://youlin.danghu.example.org/forms/topic/?hub=P0001",
        "https://shili.example.org/youlin/forms/evaluation/?hub=S1",
        "https://a-much-longer-street-site.example.org/youlin/forms/application/?hub=S01-12"]


def test_the_svg_is_one_titled_path():
    svg = qr_svg(QrCode(URLS[0], "议题征集表<网上填写>二维码"))
    assert svg.count("<path") == 1 and "<title>议题征集表&lt;网上填写&gt;二维码</title>" in svg
    assert 'class="yl-qr"' in svg and "<script" not in svg


def test_codes_decode_to_their_urls(tmp_path):
    require_chromium()
    if shutil.which("zbarimg") is None:
        if os.environ.get("CI"):  # .ci/run installs it: there the codes must be decoded
            pytest.fail("zbarimg is missing: .ci/run must install Debian's zbar-tools")
        pytest.skip("zbarimg is not installed (apt-get install zbar-tools)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        page = browser.new_page()
        for n, url in enumerate(URLS):
            page.set_content(f"<body style='margin:0;background:#fff'>{qr_svg(QrCode(url, 'QR'))}</body>")
            image = tmp_path / f"qr{n}.png"
            page.locator("svg").screenshot(path=str(image))
            decoded = subprocess.run(["zbarimg", "--raw", "-q", str(image)], capture_output=True, text=True)
            assert decoded.stdout.strip() == url
        browser.close()
