"""Open data: the published data package validates with frictionless, the HSDS export with its schema."""

from __future__ import annotations

import csv
import json
import shutil
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import validate
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from browser import SiteServer, chromium
from conftest import FIXTURE, REPO, cell_text, copy_project
from generator.build import generate
from generator.cli import main
from generator.fieldref import known_tables

HSDS = Path(__file__).parent / "fixtures" / "hsds" / "schema"  # the official HSDS 3.0 files: see its README


def hsds_validator() -> Draft202012Validator:
    """The service schema, with the schemas it refers to by file name registered under those names."""
    schemas = {path.name: json.loads(path.read_text("utf-8")) for path in HSDS.glob("*.json")}
    registry = Registry().with_resources(
        (name, Resource.from_contents(schema, default_specification=DRAFT202012)) for name, schema in schemas.items())
    return Draft202012Validator(schemas["service.json"], registry=registry, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("opendata") / "network")
    out = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--site-dir", str(out)]) == 0
    return out


def rows(site: Path, name: str) -> list[dict]:
    with open(site / "data" / f"{name}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.mark.build
def test_published_data_package_validates(site):
    report = validate(str(site / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    names = [r["name"] for r in json.loads((site / "data" / "datapackage.json").read_text("utf-8"))["resources"]]
    assert names == ["communities", "stations", "points", "subsidy_totals", "spending_items"]


@pytest.mark.build
def test_the_download_page_links_every_published_file(site):
    page = BeautifulSoup((site / "open-data" / "index.html").read_text("utf-8"), "html.parser")
    linked = {(site / "open-data" / a["href"]).resolve() for a in page.select("article a[href]")
              if a["href"].startswith("../data/") and not a["href"].startswith("../data/fields/")}
    published = {path.resolve() for path in (site / "data").rglob("*") if path.suffix in (".json", ".csv")}
    assert linked == published


@pytest.mark.build
def test_only_public_fields_are_published(site):
    points = {r["id"]: r for r in rows(site, "points")}
    assert "leader_name" not in points["P01"] and "leader_phone" not in points["P01"]
    assert (points["P01"]["contact_name"], points["P01"]["contact_phone"]) == ("林晓光", "13900001111")
    assert points["P02"]["contact_name"] == "" and points["P02"]["contact_phone"] == "139****2222"  # masked
    assert points["P03"]["contact_name"] == "" and points["P03"]["contact_phone"] == ""
    text = "".join(p.read_text("utf-8") for p in (site / "data").rglob("*") if p.is_file())
    for private in ("秦私密", "钱不公开", "13900002222", "13900003333", "困难家庭慰问品", "FP-0103"):
        assert private not in text


@pytest.mark.build
def test_spending_totals_and_public_items(site):
    totals = {(r["hub"], r["year"]): r for r in rows(site, "subsidy_totals")}
    p02 = totals[("P02", "2020")]
    assert (p02["allocated_yuan"], p02["spent_yuan"], p02["remaining_yuan"]) == ("500.00", "300.30", "199.70")
    assert (p02["records"], p02["records_not_public"]) == ("3", "1")
    assert totals[("P01", "2021")]["flag"] == "超支" and totals[("P02", "2021")]["flag"] == "未使用"
    assert totals[("C1", "2021")]["allocated_yuan"] == "" and totals[("C1", "2021")]["spent_yuan"] == "12345.67"
    items = {r["id"] for r in rows(site, "spending_items")}
    assert "E2020-05" not in items and {"E2020-03", "E2021-04"} <= items


@pytest.mark.build
def test_the_organization_validates_against_the_schema(site):
    organizations = json.loads((site / "data" / "hsds" / "organizations.json").read_text("utf-8"))
    organization = Draft202012Validator(json.loads((HSDS / "organization.json").read_text("utf-8")))
    assert [list(organization.iter_errors(o)) for o in organizations] == [[]]
    assert {s["organization_id"] for s in services(site)} == {organizations[0]["id"]}


def services(site: Path) -> list[dict]:
    return json.loads((site / "data" / "hsds" / "services.json").read_text("utf-8"))


@pytest.mark.build
def test_hsds_export_validates_against_the_schema(site):
    validator = hsds_validator()
    found = services(site)
    assert len(found) == 1 + 3 + 4  # the centre, three stations, four points
    for service in found:
        assert list(validator.iter_errors(service)) == [], service["alternate_name"]
    # the schema can fail, nested objects included: a bad status, a location without its type, a phone without number
    broken = json.loads(json.dumps(found[1]))
    broken["status"] = "open"
    del broken["service_at_locations"][0]["location"]["location_type"]
    broken["phones"] = [{"id": "x"}]
    broken["organization"] = {"id": "x", "name": "没有说明的机构"}
    assert sorted(e.validator for e in validator.iter_errors(broken)) == ["enum", "required", "required", "required"]


@pytest.mark.build
def test_hsds_ids_are_uuid5_from_the_site_and_hub(site):
    by_hub = {s["alternate_name"]: s for s in services(site)}
    namespace = uuid.uuid5(uuid.NAMESPACE_URL, "https://shili.youlin.test/youlin/")
    assert by_hub["P01"]["id"] == str(uuid.uuid5(namespace, "service:P01"))
    assert uuid.UUID(by_hub["P01"]["id"]).version == 5
    assert len({s["id"] for s in by_hub.values()}) == len(by_hub)
    # phones only where published in full; the subsidy is an attribute
    assert [p["number"] for p in by_hub["P01"]["phones"]] == ["13900001111"]
    assert by_hub["P02"]["phones"] == [] and by_hub["P03"]["phones"] == []
    assert by_hub["P01"]["attributes"][0]["value"] == "500" and by_hub["C1"]["attributes"] == []
    assert by_hub["P04"]["status"] == "inactive"


# The files the fixture network has, in the order a clerk meets them (fieldref), and the tables of each.
FIXTURE_FILES = {
    "data/hubs.yaml": ["street", "centre", "policy", "plan", "tiers", "escalation", "targets", "milestones",
                       "plan_notes", "annexes", "communities", "stations"],
    "data/points.csv": ["points"], "data/compounds.csv": ["compounds"],
    "data/topics.yaml": ["topic_categories", "topics", "topic_escalations", "topic_loop"],
    "data/meetings.yaml": ["meeting_types", "meetings", "agenda_items", "meeting_minutes"],
    "data/spending.csv": ["spending"], "data/evaluations.csv": ["evaluations"],
    "data/applications.csv": ["applications"], "data/projects.csv": ["projects"], "data/trainings.csv": ["trainings"],
    "data/activity_targets.csv": ["activity_targets"],
    "content/covenants/": ["covenants", "covenant_stages", "covenant_votes", "covenant_versions"],
}


def html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text("utf-8"), "html.parser")


def listed_files(page: BeautifulSoup) -> dict[str, str]:
    """The files the list of the field reference names, each with its page's address."""
    return {a.get_text(): a["href"] for a in page.select("article li > a[href]")}


@pytest.mark.build
def test_the_field_reference_lists_each_file_the_fixture_has_with_its_tables(site):
    # `python -m generator fields` for an office with only a browser: a page of the files, one page a file.
    index = html(site, "data/fields")
    assert index.select_one("article h1").get_text() == "数据文件字段说明"
    files = listed_files(index)
    assert list(files) == list(FIXTURE_FILES)
    assert {spec.file for spec in known_tables(FIXTURE / "data")} == set(FIXTURE_FILES)  # the fixture has every file
    for file, href in files.items():
        page = html(site, (Path("data/fields") / href).as_posix())
        headings = [h.get_text().split("（")[-1].rstrip("）") for h in page.select("article h2")]
        assert headings == FIXTURE_FILES[file], file
        assert len(page.select("article .yl-stack.yl-fields table")) == len(headings), file
    # Which personal fields are published only by consent, and which never are.
    text = index.select_one("article").get_text(" ")
    assert "leader_name_public" in text and "leader_phone_publication" in text and "leader_consent_date" in text
    assert "议题（data/topics.yaml）： raised_by 、 raised_by_phone" in text
    assert "居民满意度评议（data/evaluations.csv）：整张表" in text


@pytest.mark.build
def test_a_fields_row_on_the_site(site):
    page = html(site, "data/fields/points")
    rows = {row.select_one("td code").get_text(): [cell_text(td) for td in row.select("td")]
            for row in page.select("article table tbody tr")}
    assert rows["leader_phone_publication"] == [
        "leader_phone_publication", "电话公开方式", "选填", "可选值之一", "none、masked、full",
        "none（不公开，默认）、masked（部分隐藏，如 138****1234）或 full（完整公开）"]
    assert [label.get_text() for label in page.select("article tbody tr")[0].select(".yl-stack__label")] == [
        "中文名", "是否必填", "类型/格式", "说明"]  # an id has no allowed values: no label in an empty cell


@pytest.mark.build
def test_the_open_data_page_links_the_field_reference(site):
    page = html(site, "open-data")
    assert [a.get_text() for a in page.select('article a[href="../data/fields/"]')] == ["数据文件字段说明"]


@pytest.mark.build
def test_the_field_reference_is_cards_on_a_phone(site):
    # Six columns with a sentence in the last were wider than a 390px screen: each field is a card, nothing scrolls.
    with SiteServer(site) as server, chromium() as browser:
        context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, locale="zh-CN")
        page = context.new_page()
        page.goto(server.url + "data/fields/hubs/")
        seen = page.evaluate("""() => ({
          width: document.documentElement.scrollWidth,
          rows: [...document.querySelectorAll('article .yl-fields tbody tr')].map(r => getComputedStyle(r).display),
          scrolling: [...document.querySelectorAll('article *')].filter(e => e.scrollWidth > e.clientWidth + 1
            && getComputedStyle(e).overflowX !== 'visible').length})""")
        context.close()
    assert seen["width"] == 390 and seen["scrolling"] == 0
    assert seen["rows"] and set(seen["rows"]) == {"grid"}


def test_a_street_without_a_features_file_has_no_page_for_it(tmp_path):
    # No meetings (data/meetings.yaml) and no covenants: neither is in the reference, and no page is made for them.
    project = copy_project(FIXTURE, tmp_path / "network")
    (project.data_dir / "meetings.yaml").unlink()
    shutil.rmtree(project.content_dir / "covenants")
    config = project.config_file.read_text("utf-8")
    project.config_file.write_text("".join(line for line in config.splitlines(keepends=True)
                                           if "covenants/index.md" not in line), "utf-8")  # the menu's 居民公约
    result = generate(project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    folder = project.build_dir / "docs" / "data" / "fields"
    assert sorted(p.stem for p in folder.glob("*.md")) == sorted(
        ["index", *(Path(file.rstrip("/")).stem for file in FIXTURE_FILES
                    if file not in ("data/meetings.yaml", "content/covenants/"))])
    index = (folder / "index.md").read_text("utf-8")
    assert "meetings.yaml" not in index and "covenants" not in index and "data/topics.yaml" in index


def test_the_readme_sends_a_clerk_with_only_a_browser_to_the_page():
    readme = (REPO / "README.md").read_text("utf-8")
    editing = readme.split("## 怎样修改数据")[1].split("\n### ")[0]
    assert "/data/fields/" in editing and "数据文件字段说明" in editing
    assert "网站上没有给维护数据的人看的字段说明页" not in readme
