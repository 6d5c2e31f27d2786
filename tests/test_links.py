"""Page paths: links between pages of the docs folder."""

from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.links import relative

_PARTS = st.sampled_from(["points", "stations", "ledger", "S01", "2018", "forms", "topic", "a", "b"])
_FOLDERS = st.lists(_PARTS, max_size=3)
_FILES = st.sampled_from(["index.md", "P0001.md", "S01.html#P0001", "2018.csv", "a.md"])


@settings(max_examples=300, deadline=None)
@given(_FOLDERS, _FILES, _FOLDERS, _FILES)
def test_relative_links_are_what_relpath_gives(from_folders, from_file, to_folders, to_file):
    from_page = "/".join([*from_folders, from_file])
    to_page = "/".join([*to_folders, to_file])
    assert relative(from_page, to_page) == posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")


def test_relative_links_by_hand():
    assert relative("index.md", "points/P0001.md") == "points/P0001.md"
    assert relative("points/P0001.md", "points/P0002.md") == "P0002.md"
    assert relative("points/P0001.md", "posters/S01.md#P0001") == "../posters/S01.md#P0001"
    assert relative("ledger/S01/2018.md", "index.md") == "../../index.md"
