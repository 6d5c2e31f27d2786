"""The printed sheets' page rules (generator/forms/printing.py)."""

from __future__ import annotations

import re

from browser import PRINT_MIN_PX
from generator.forms.printing import print_style


def test_the_header_and_page_numbers_print_no_smaller_than_the_sheets_text():
    # The margin boxes are outside the page's DOM, where the browser tests measure printed text: 10pt there
    # was under the 10.5pt every printed word keeps for elderly readers.
    sizes = [float(size) for size in re.findall(r"font-size:\s*([0-9.]+)pt", print_style("议题征集表 · 东方社区友邻站"))]
    assert len(sizes) == 2 and min(sizes) * 96 / 72 >= PRINT_MIN_PX
