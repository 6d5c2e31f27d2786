"""Synthesise larger networks of the same shape as a project's shipped data.

A network of N points is the shipped network replicated N / base times, where
base is the shipped number of points (250 for 当湖). Copy 0 is the shipped data
unchanged; every further copy r repeats every community (its compounds, stations
and points) with:

- ids suffixed ``-r`` (``songfeng-3``, ``S01-3``, ``K0001-3``, ``P0001-3``), so
  primary and foreign keys stay valid;
- place names prefixed ``r区`` (``3区松枫社区``, ``3区怡银苑``) wherever a
  community or compound name appears in a row, so a point's ``compounds`` still
  names compounds of its own community and every name stays unique, as in a
  real, larger street (the search dictionary grows with the network);
- annex rows renumbered and annex totals and plan targets multiplied by the
  number of copies, so totals add up and the plan has no gap.

The features' data grows with it: every topic and meeting (data/topics.yaml,
data/meetings.yaml), covenant (content/covenants/), spending record, project and
training (data/*.csv) is repeated per copy with its own ids and the copy's ids of
the hubs and communities it names, so a city holds as many of each per point as
the shipped street; the plan's targets for projects and trainings are multiplied.
The centre and the street stay one: their meetings are repeated too, as a city's
centre would meet for each district.

Everything else (subsidies and their exceptions, consent, statuses, the
urban/rural split, points per station, stations and compounds per community)
is copied as is, so the synthetic network passes ``check`` with no problem at all.
"""

from __future__ import annotations

import copy
import csv
import io
import re
import shutil
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent

# Plan targets of these tiers count hubs that the copies multiply; the centre stays one.
SCALED_TIERS = ("station", "point")


class _Dumper(yaml.SafeDumper):
    """Writes plain YAML the generator's strict loader accepts.

    The loader refuses anchors and aliases; the dumper would emit them for any
    object that appears twice, so they are turned off. Strings YAML would read
    as numbers or dates (ids, phones, dates) are quoted by the dumper itself.
    """

    def ignore_aliases(self, data) -> bool:
        return True


def base_size(source: Path = REPO) -> int:
    """The number of points in the shipped network: the unit of every size."""
    return len(_read_csv(source / "data" / "points.csv"))


def synthesise(target: Path, size: int, source: Path = REPO) -> Path:
    """Write a complete project folder with `size` points into `target`; return it.

    The folder holds data/, content/ and mkdocs.yml copied from `source`, with
    the theme's ``custom_dir`` pointing to the source's theme/ by absolute path.
    """
    base = base_size(source)
    if size <= 0 or size % base:
        raise ValueError(f"size must be a positive multiple of {base} (the shipped number of points), not {size}")
    copies = size // base
    target.mkdir(parents=True, exist_ok=False)
    data = target / "data"
    data.mkdir()
    hubs = yaml.safe_load((source / "data" / "hubs.yaml").read_text(encoding="utf-8"))
    compounds = _read_csv(source / "data" / "compounds.csv")
    points = _read_csv(source / "data" / "points.csv")
    renamers = [_renamer(hubs, compounds, r) for r in range(copies)]
    (data / "hubs.yaml").write_text(_scaled_hubs(hubs, copies, renamers), encoding="utf-8")
    _write_csv(data / "compounds.csv", _scaled_compounds(compounds, renamers))
    community_of = {station["id"]: station["community"] for station in hubs["stations"]}
    _write_csv(data / "points.csv", _scaled_points(points, community_of, renamers))
    # Every id of the network a feature's record may name: a covenant's scope names communities.
    network_ids = ({row["id"] for annex in hubs["annexes"] for row in annex["rows"]}
                   | {compound["id"] for compound in compounds}
                   | {station["id"] for station in hubs["stations"]} | {point["id"] for point in points})
    _scale_features(source, target, network_ids, renamers)
    _write_config(source, target)
    return target


# ---------------------------------------------------------------- ids and names


class _Renamer:
    """Maps ids and names of the shipped network to those of copy r (copy 0 is the original)."""

    def __init__(self, copy_index: int, names_by_community: dict[str, list[str]]):
        self.copy_index = copy_index
        # Longest names first, so 三北村一组 is matched whole before 三北村.
        self._patterns = {
            community: re.compile("|".join(re.escape(n) for n in sorted(names, key=len, reverse=True)))
            for community, names in names_by_community.items()
        }

    def id(self, value: str) -> str:
        return value if self.copy_index == 0 else f"{value}-{self.copy_index}"

    def text(self, value: str, community: str) -> str:
        """`value` with every name of `community` (the community's or a compound's) prefixed."""
        if self.copy_index == 0 or not value:
            return value
        prefix = f"{self.copy_index}区"
        return self._patterns[community].sub(lambda match: prefix + match.group(0), value)


def _renamer(hubs: dict, compounds: list[dict[str, str]], copy_index: int) -> _Renamer:
    names: dict[str, list[str]] = {}
    for annex in hubs["annexes"]:
        for row in annex["rows"]:
            names[row["id"]] = [row["name"]]
    for compound in compounds:
        names[compound["community"]].append(compound["name"])
    return _Renamer(copy_index, names)


# ---------------------------------------------------------------- the three data files


def _scaled_hubs(hubs: dict, copies: int, renamers: list[_Renamer]) -> str:
    hubs = copy.deepcopy(hubs)
    for annex in hubs["annexes"]:
        originals = annex["rows"]
        annex["rows"] = [
            {**row, "seq": r.copy_index * len(originals) + row["seq"], "id": r.id(row["id"]),
             "name": r.text(row["name"], row["id"])}
            for r in renamers
            for row in originals
        ]
        for total in ("total_units", "total_population", "total_planned_points"):
            annex[total] *= copies
    for target in hubs["targets"]:
        if target["tier"] in SCALED_TIERS:
            target["count"] *= copies
    hubs["stations"] = [
        {**station, "id": r.id(station["id"]), "community": r.id(station["community"]),
         **{key: r.text(station[key], station["community"]) for key in ("name", "venue", "address")}}
        for r in renamers
        for station in hubs["stations"]
    ]
    return _yaml(hubs)


def _scaled_compounds(compounds: list[dict[str, str]], renamers: list[_Renamer]) -> list[dict[str, str]]:
    return [
        {**row, "id": r.id(row["id"]), "name": r.text(row["name"], row["community"]),
         "community": r.id(row["community"])}
        for r in renamers
        for row in compounds
    ]


def _scaled_points(points: list[dict[str, str]], community_of: dict[str, str],
                   renamers: list[_Renamer]) -> list[dict[str, str]]:
    return [
        {**row, "id": r.id(row["id"]), "station": r.id(row["station"]),
         **{key: r.text(row[key], community_of[row["station"]]) for key in ("name", "address", "compounds")}}
        for r in renamers
        for row in points
    ]


# ---------------------------------------------------------------- the features' data

# Files whose top-level lists hold records with ids of their own (the rest is copied once).
_FEATURE_LISTS = {"topics.yaml": "topics", "meetings.yaml": "meetings"}
# Tables of records that belong to hubs (spending, projects, trainings): repeated per copy.
_FEATURE_TABLES = ("spending.csv", "projects.csv", "trainings.csv")
# Plan targets for those records, multiplied like the hubs' targets.
_ACTIVITY_TARGETS = "activity_targets.csv"
_COVENANTS = Path("content") / "covenants"


def _scale_features(source: Path, target: Path, network_ids: set[str], renamers: list[_Renamer]) -> None:
    documents = {name: yaml.safe_load((source / "data" / name).read_text(encoding="utf-8"))
                 for name in _FEATURE_LISTS if (source / "data" / name).exists()}
    covenants = sorted((source / _COVENANTS).glob("*.md")) if (source / _COVENANTS).is_dir() else []
    # Records refer to each other (a meeting's agenda to topics, a covenant to the one it replaces).
    renamed = network_ids | {path.stem for path in covenants} | {
        record["id"] for name, document in documents.items() for record in document.get(_FEATURE_LISTS[name]) or []
    }
    for name, document in documents.items():
        key = _FEATURE_LISTS[name]
        document[key] = [_renamed(record, renamed, r) for r in renamers for record in document.get(key) or []]
        (target / "data" / name).write_text(_yaml(document), encoding="utf-8")
    for name in _FEATURE_TABLES:
        if (source / "data" / name).exists():
            rows = _read_csv(source / "data" / name)
            own = {row["id"] for row in rows}
            # The centre's own records (its spending, its trainings) stay one, as the centre does.
            _write_csv(target / "data" / name, [_renamed(row, network_ids | own, r) for r in renamers for row in rows
                                                if r.copy_index == 0 or row["hub"] in network_ids])
    if (source / "data" / _ACTIVITY_TARGETS).exists():
        targets = _read_csv(source / "data" / _ACTIVITY_TARGETS)
        _write_csv(target / "data" / _ACTIVITY_TARGETS,
                   [{**row, "count": str(int(row["count"]) * len(renamers))} for row in targets])
    shutil.copytree(source / "content", target / "content", ignore=shutil.ignore_patterns("covenants"))
    for r in renamers:
        for path in covenants:
            folder = target / _COVENANTS
            folder.mkdir(parents=True, exist_ok=True)
            covenant_id = r.id(path.stem)
            (folder / f"{covenant_id}.md").write_text(_renamed_page(path, renamed, r), encoding="utf-8")
            for version in sorted((source / _COVENANTS / path.stem).glob("*.md")):
                (folder / covenant_id).mkdir(exist_ok=True)
                (folder / covenant_id / version.name).write_text(_renamed_page(version, renamed, r), encoding="utf-8")


def _renamed(value, ids: set[str], r: _Renamer):
    """`value` with every string that is one of `ids` (or a dict key's value) given copy r's id."""
    if isinstance(value, dict):
        return {key: _renamed(item, ids, r) for key, item in value.items()}
    if isinstance(value, list):
        return [_renamed(item, ids, r) for item in value]
    return r.id(value) if isinstance(value, str) and value in ids else value


def _renamed_page(path: Path, ids: set[str], r: _Renamer) -> str:
    """A Markdown page with its front matter's ids renamed; the text below is kept as written."""
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    return f"---\n{_yaml(_renamed(yaml.safe_load(front), ids, r))}---\n{body}"


def _yaml(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1_000_000)


def edit_a_point(project: Path) -> None:
    """A clerk's edit of points.csv: the last point's address gains a gate (the data stays valid)."""
    path = project / "data" / "points.csv"
    rows = _read_csv(path)
    rows[-1]["address"] += "东门"
    _write_csv(path, rows)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _write_config(source: Path, target: Path) -> None:
    """mkdocs.yml as shipped, but with the theme overrides found from anywhere."""
    lines = (source / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    theme = (source / "theme").resolve()
    lines = [f"  custom_dir: {theme}" if line.strip().startswith("custom_dir:") else line for line in lines]
    (target / "mkdocs.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")

