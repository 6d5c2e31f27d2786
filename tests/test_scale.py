"""Scale guard: point pages stay small and the sidebar stays fixed as the network grows.

Builds the 250-point network of the benchmark's synthesiser (benchmarks/synth.py,
see benchmarks/README.md). A point page that grows past its budget, or a sidebar
that starts listing points, makes the built site grow with the square of the
network; benchmarks/bench.py measures how fast, this only says that it happened.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import load_synth
from generator.cli import main

pytestmark = pytest.mark.build

SIZE = 250
# The largest point page of the 250-point network measured 13,594 bytes at d07413c, and
# 17,048 once point pages linked to their forms and their ledger years (November 2026);
# the budget leaves about 15% for growth. It bounds the page, not the network: the
# benchmark shows the same bytes per point page at 25,000 points.
POINT_PAGE_BUDGET = 19_500


@pytest.fixture(scope="module")
def point_pages(tmp_path_factory) -> list[Path]:
    project = load_synth().synthesise(tmp_path_factory.mktemp("scale") / f"points-{SIZE}", SIZE)
    assert main(["--project", str(project), "build"]) == 0
    pages = sorted((project / "site" / "points").glob("*/index.html"))
    assert len(pages) == SIZE
    return pages


def test_no_point_page_exceeds_its_budget(point_pages):
    sizes = {page.parent.name: page.stat().st_size for page in point_pages}
    over = {point: size for point, size in sizes.items() if size > POINT_PAGE_BUDGET}
    assert not over, f"point pages over {POINT_PAGE_BUDGET:,} bytes: {over}"


def test_the_sidebar_of_a_point_page_links_to_no_point(point_pages):
    for page in point_pages:
        # Where the page is served, relative to the site root, to resolve its relative links.
        base = f"https://site.invalid/points/{page.parent.name}/"
        html = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        sidebar = html.select("nav.md-nav--primary a[href]")
        assert sidebar, f"{page}: no sidebar found"
        points = [a["href"] for a in sidebar if urlparse(urljoin(base, a["href"])).path.startswith("/points/")]
        assert not points, f"{page}: the sidebar links to points {points[:5]}"
