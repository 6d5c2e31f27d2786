"""The benchmark's synthesiser (benchmarks/synth.py): each copy of the network is whole on its own."""

from __future__ import annotations

import csv

import yaml

from conftest import FIXTURE, load_synth


def _strings(value):
    if isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def test_a_copied_covenant_names_only_the_hubs_and_communities_of_its_own_copy(tmp_path):
    synth = load_synth()
    # The fixture network, not the shipped data: a street's own data may have no covenant to copy.
    project = synth.synthesise(tmp_path / "network", 2 * synth.base_size(FIXTURE), source=FIXTURE)
    hubs = yaml.safe_load((project / "data" / "hubs.yaml").read_text(encoding="utf-8"))
    with (project / "data" / "points.csv").open(encoding="utf-8", newline="") as file:
        points = [row["id"] for row in csv.DictReader(file)]
    network_ids = ({row["id"] for annex in hubs["annexes"] for row in annex["rows"]}
                   | {station["id"] for station in hubs["stations"]} | set(points))
    copied = sorted((project / "content" / "covenants").glob("*-1.md"))
    assert copied
    named = set()
    for path in copied:
        front = yaml.safe_load(path.read_text(encoding="utf-8").split("---\n", 2)[1])
        named |= {value for value in _strings(front) if value in network_ids}
    # The shipped covenants' scopes are communities (a copy that kept them made the originals' pages grow).
    assert named
    assert {name for name in named if not name.endswith("-1")} == set()
