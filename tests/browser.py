"""Serving a built site on localhost and driving Debian's Chromium with Playwright."""

from __future__ import annotations

import gzip
import mimetypes
import os
import re
import shutil
import sys
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
_COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(SimpleHTTPRequestHandler):
    """Static files, gzipped as any production server would send them."""

    def log_message(self, *args):  # keep test output quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # let the base class redirect to the slash URL
            path = path / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if not path.is_file() or not kind.startswith(_COMPRESSIBLE) or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        from io import BytesIO
        return BytesIO(body)


class _QuietServer(ThreadingHTTPServer):
    """Quiet when the browser leaves a page mid-request: a reset connection is no failure of the site."""

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class SiteServer:
    def __init__(self, root: Path):
        self.httpd = _QuietServer(("127.0.0.1", 0), partial(GzipHandler, directory=str(root)))
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


def require_chromium() -> None:
    """Browser tests run wherever Chromium is; CI installs it, so there they must run."""
    if not os.path.exists(CHROMIUM) or shutil.which("chromium") is None:
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run must install Debian's chromium")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


@contextmanager
def chromium():
    """Debian's Chromium, headless with the project's flags, driven by Playwright (skipped where it is missing)."""
    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


# 10.5pt, the least print older residents read easily (a CSS pt is 4/3 px).
PRINT_MIN_PX = 14

# Every element that prints text of its own (emulate print media first): [font size in px, the text].
_PRINTED_TEXT = """() => [...document.body.querySelectorAll('*')].filter(e => {
  if (!e.getClientRects().length || e.closest('svg')) return false;
  for (let o = e; o; o = o.parentElement) {
    const style = getComputedStyle(o);
    if (style.visibility === 'hidden' || style.opacity === '0') return false;
  }
  return [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
}).map(e => [parseFloat(getComputedStyle(e).fontSize), e.className + ' ' + e.textContent.trim().slice(0, 20)])"""


def small_printed_text(page) -> list[tuple[float, str]]:
    """What the page prints smaller than 10.5pt, as [px, element's class and text]; the page is left printing."""
    page.emulate_media(media="print")
    sizes = page.evaluate(_PRINTED_TEXT)
    assert sizes, "nothing prints"
    return sorted((px, text) for px, text in sizes if px < PRINT_MIN_PX - 0.01)


def pdf_pages(page) -> int:
    """How many A4 pages the page prints on (Chromium's print to PDF, the page's own @page size)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4", prefer_css_page_size=True)))


def search(page, site_url: str, query: str) -> list[str]:
    """The pages the site's search lists for `query`, best first, each once, as paths from the site's root."""
    page.goto(site_url)  # a fresh page: no list left from an earlier query
    page.locator("label.md-header__button[for='__search']").click()
    field = page.locator("input.md-search__input")
    field.fill(query)
    field.press("End")  # Material reads the field on a key going up or on focus, not on fill's input event
    # Until the worker has indexed the site the line says so; then it counts the results, or says there are none
    # (both end 符合条件的结果). A bound for a busy CI machine, not a speed requirement.
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('符合条件的结果')",
                           timeout=60000)
    results = BeautifulSoup(page.locator(".md-search-result__list").inner_html(), "html.parser")
    root = urlparse(site_url).path
    paths = [urlparse(a["href"]).path.removeprefix(root)
             for a in results.select("li.md-search-result__item > a.md-search-result__link")]
    return list(dict.fromkeys(paths))


# The margin boxes of every @page rule of the page's stylesheets: [[page name ("" unnamed), box, content]].
_MARGIN_BOXES = """() => [...document.styleSheets]
  .flatMap(sheet => { try { return [...sheet.cssRules]; } catch (e) { return []; } })
  .flatMap(rule => rule instanceof CSSMediaRule ? [...rule.cssRules] : [rule])
  .filter(rule => rule instanceof CSSPageRule)
  .flatMap(rule => [...rule.cssRules].map(box => [rule.selectorText, box.name, box.style.content]))"""


def printed_margins(page) -> dict[str, str]:
    """What the page prints in each @page margin box (top-center, bottom-center…) of the page name its root prints
    on, the named page's rules over the unnamed ones'; the page is left printing."""
    page.emulate_media(media="print")
    name = page.evaluate("getComputedStyle(document.documentElement).page")
    boxes: dict[str, str] = {}
    for wanted in ("", name):  # "auto": the unnamed rules alone
        for selector, box, content in page.evaluate(_MARGIN_BOXES):
            if selector == wanted and content:
                boxes[box] = content
    return boxes


def pdf_text(pdf: bytes) -> list[str]:
    """The text of each page of a PDF, by poppler's pdftotext (skipped where it is not installed)."""
    import subprocess

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return text.decode("utf-8").split("\f")[:-1]
