"""Open data: the published data package validates with frictionless, the HSDS export with its schema."""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from frictionless import validate
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import FIXTURE, copy_project
from generator.cli import main

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
              if a["href"].startswith("../data/")}
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
