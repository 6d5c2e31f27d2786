"""Privacy: no private name or phone in the built site, in any spelling; the public view as properties."""

from __future__ import annotations

import dataclasses
import gzip
import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import generator.cli as cli
from conftest import FIXTURE, REPO, copy_project
from generator.build import check, generate
from generator.leaks import private_values, scan_for_leaks, scan_text, source_of
from generator.links import Page
from generator.model import Leader
from generator.project import Project
from generator.public import mask_phone, public_contact, public_network
from generator.site import mkdocs_build

FIXTURE_SECRETS = {("name", "秦私密"), ("phone", "13900002222"), ("name", "钱不公开"), ("phone", "13900003333"),
                   ("name", "周某某")}


@pytest.fixture(scope="module")
def network():
    return check(Project(FIXTURE)).network


# ---------------------------------------------------------------- what is private


def test_private_values_of_the_fixture(network):
    assert {(s.kind, s.needle) for s in private_values(network)} == FIXTURE_SECRETS
    # 林晓光 published name and phone in full with consent: not private.


def test_a_value_the_data_publishes_elsewhere_is_not_searched_for(fixture_project, edit):
    # P03's leader uses the station's public office line and shares the instructor's name.
    edit.replace("points.csv", "钱不公开,否,13900003333,", "孙指导,否,0571-80000011,")
    secrets = {(s.kind, s.needle) for s in private_values(check(fixture_project).network)}
    assert ("phone", "57180000011") not in secrets and ("name", "孙指导") not in secrets
    assert ("name", "秦私密") in secrets


# ---------------------------------------------------------------- spellings


@pytest.mark.parametrize(
    "text",
    [
        "电话 13900002222",
        "139 0000 2222",
        "139-0000-2222",
        "139.0000.2222",
        "(139) 0000 2222",
        "+86 139 0000 2222",
        "0086-13900002222",
        "１３９００００２２２２",
        "１３９　００００　２２２２",
        "&#49;&#51;&#57;&#48;&#48;&#48;&#48;&#50;&#50;&#50;&#50;",
        "&#x31;39&#x30;0002222",
        '{"text": "\\u0031\\u0033\\u0039\\u0030\\u0030\\u0030\\u0030\\u0032\\u0032\\u0032\\u0032"}',
        "<td>139</td><td>0000</td><td>2222</td>",
        "tel:+8613900002222",
        "tel%3A13900002222",
        "139\\-0000\\-2222",
    ],
)
def test_a_private_phone_is_found_in_any_spelling(network, text):
    assert [s.needle for s in scan_text(text, network)] == ["13900002222"]


@pytest.mark.parametrize(
    "text",
    [
        "负责人：秦私密",
        "秦 私 密",
        "秦\u00a0私\u3000密",
        '"\\u79e6\\u200b\\u79c1\\u5bc6"',
        "&#31206;&#31169;&#x5BC6;",
        "%E7%A7%A6%E7%A7%81%E5%AF%86",
        "<b>秦</b>私<i>密</i>",
        "秦\n私密",
    ],
)
def test_a_private_name_is_found_in_any_spelling(network, text):
    assert [s.needle for s in scan_text(text, network)] == ["秦私密"]


@pytest.mark.parametrize(
    "text",
    [
        "139****2222",  # the masked form shows seven digits at most
        "电话 139****2222（部分隐藏）",
        "13900001111 林晓光",  # published in full, with consent
        "1390000222",
        "秦私",
        "2020-03-06 13:90:00",
    ],
)
def test_what_may_be_shown_is_not_a_leak(network, text):
    assert scan_text(text, network) == []


def test_a_landline_is_found_with_or_without_its_trunk_zero(fixture_project, edit):
    edit.replace("points.csv", "钱不公开,否,13900003333,", "钱不公开,否,0573-85012345,")
    network = check(fixture_project).network
    for text in ("0573-85012345", "(0573) 8501 2345", "+86 573 8501 2345", "+86-573-85012345"):
        assert [s.needle for s in scan_text(text, network)] == ["57385012345"], text


# ---------------------------------------------------------------- the built site


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The fixture's pages generated (without MkDocs): what data each file of its site shows."""
    result = generate(copy_project(FIXTURE, tmp_path_factory.mktemp("sources") / "network"))
    assert result.report.ok, [p.format() for p in result.report.problems]
    return result


@pytest.fixture(scope="module")
def built_site(fixture_site_built):
    return fixture_site_built[1]


@pytest.mark.build
def test_the_fixture_site_leaks_nothing(built_site, network):
    assert scan_for_leaks(built_site, network) == []


@pytest.mark.build
def test_a_planted_leak_is_found_with_its_file_and_line(built_site, network, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    page = site / "points" / "P03" / "index.html"
    lines = page.read_text(encoding="utf-8").split("\n")
    lines.insert(5, "<p>负责人 钱 不 公 开，电话 &#49;39-0000-3333</p>")
    page.write_text("\n".join(lines), encoding="utf-8")
    index = site / "search" / "search_index.json"
    data = json.loads(index.read_text(encoding="utf-8"))
    data["docs"].append({"location": "x/", "title": "x", "text": "秦\u200b私密 139 0000 2222"})
    index.write_text(json.dumps(data), encoding="utf-8")  # ensure_ascii: every Chinese character as \\u
    with gzip.open(site / "sitemap.xml.gz", "wt", encoding="utf-8") as stream:
        stream.write("<urlset><url><loc>https://x.example/%E5%91%A8%E6%9F%90%E6%9F%90/</loc></url></urlset>")
    problems = scan_for_leaks(site, network)
    assert sorted((p.code, p.file, p.line, p.found) for p in problems) == [
        ("leak", "points/P03/index.html", 6, "139****3333"),
        ("leak", "points/P03/index.html", 6, "钱***"),
        ("leak", "search/search_index.json", 1, "139****2222"),
        ("leak", "search/search_index.json", 1, "秦**"),
        ("leak", "sitemap.xml.gz", 1, "周**"),
    ]
    for item in problems:  # the report itself must not print the secret
        assert not scan_text(item.format(), network), item.format()
    assert problems[0].message.startswith("生成的网站中出现了不公开的")


def _build_with_leak(project: Project, out: Path) -> int:
    """The build as `python -m generator build` runs it."""
    return cli.main(["--project", str(project.root), "build", "--out", str(out)])


@pytest.mark.build
def test_a_leak_from_a_hand_written_page_is_caught_after_mkdocs(fixture_project, tmp_path):
    (fixture_project.content_dir / "about.md").write_text(
        "# 关于本站\n\n有事请找钱不公开（电话 139 0000 3333）。\n", encoding="utf-8")
    result = generate(fixture_project)
    assert result.report.ok  # the data is fine: only the built site shows the leak
    site = tmp_path / "scratch"
    assert mkdocs_build(fixture_project, site) == 0
    found = {(p.file, p.found) for p in scan_for_leaks(site, check(fixture_project).network)}
    assert {("about/index.html", "钱***"), ("about/index.html", "139****3333"),
            ("search/search_index.json", "钱***"), ("search/search_index.json", "139****3333")} <= found


@pytest.mark.build
def test_a_leaking_build_fails_and_publishes_nothing(fixture_project, tmp_path, capsys):
    (fixture_project.content_dir / "about.md").write_text("# 关于本站\n\n电话 139 0000 3333\n", encoding="utf-8")
    out = tmp_path / "public"
    assert _build_with_leak(fixture_project, out) == 1
    assert not out.exists()
    assert "[leak]" in capsys.readouterr().err


# ---------------------------------------------------------------- where a leak was written


@pytest.mark.parametrize(
    ("path", "source"),
    [
        ("topics/T1/index.html", " data/topics.yaml 中的议题 T1"),
        ("meetings/M2/index.html", " data/meetings.yaml 中的会议 M2（或它议程上的议题）"),
        ("covenants/chenguang/index.html", " content/covenants/chenguang.md 中的公约 chenguang"),
        ("covenants/chenguang/sign-P01/index.html", " content/covenants/chenguang.md 中的公约 chenguang"),
        ("covenants/chenguang/v1/index.html", " content/covenants/chenguang/v1.md（公约 chenguang 的第 1 版）"),
        ("covenants/index.html", " content/covenants/ 中的公约"),
        ("consultation/P01/index.html", "友邻点 P01 的议题和会议（data/topics.yaml、data/meetings.yaml）"),
        ("consultation/shili/index.html", "示例街道 shili 的议题和会议（data/topics.yaml、data/meetings.yaml）"),
        ("consultation/topics/index.html", "各级的议题和会议（data/topics.yaml、data/meetings.yaml）"),
        ("agendas/S1/index.html", "友邻站 S1 的会议和议程上的议题（data/meetings.yaml、data/topics.yaml）"),
        ("calendars/C1.ics", "友邻中心 C1 的会议（data/meetings.yaml）"),
        ("calendars/index.ics", "各级的议题和会议（data/topics.yaml、data/meetings.yaml）"),
        ("points/P03/index.html", " data/points.csv 中的友邻点 P03，或页上列出的议题、会议和公约"),
        ("stations/S1/index.html", " data/hubs.yaml 中的友邻站 S1，或页上列出的友邻点、议题、会议和公约"),
        ("centre/index.html", " data/hubs.yaml 中的友邻中心，或页上列出的议题、会议和公约"),
        ("ledger/S1/2021.csv", "友邻站 S1 的支出、议题和会议（data/spending.csv、data/topics.yaml、data/meetings.yaml）"),
        ("ledger/S1/2021/index.html", "友邻站 S1 的支出、议题和会议（data/spending.csv、data/topics.yaml、data/meetings.yaml）"),
        ("ledger/index.html", "各处的支出（data/spending.csv）"),
        ("data/spending_items.csv", "各处的支出（data/spending.csv）"),
        ("posters/S1.html", "友邻站 S1 下各友邻点的信息（data/points.csv）"),
        ("forms/topic/S1.html", "友邻站 S1 及其友邻点的名称（data/hubs.yaml、data/points.csv）"),
        ("index.html", " data/ 中的数据（data/hubs.yaml、data/points.csv 等）"),
        ("find-data/index.json", " data/ 中的数据（data/hubs.yaml、data/points.csv 等）"),
        ("data/points.csv", " data/ 中的数据（data/hubs.yaml、data/points.csv 等）"),
        ("about/index.html", None),  # hand-written
        ("privacy/index.html", None),
        ("404.html", None),  # the theme
        ("assets/javascripts/bundle.js", None),
        ("forms/topic/index.html", None),  # the generator's form definitions
        ("forms/topic/schema.json", None),
    ],
)
def test_the_data_a_built_file_comes_from(generated, path, source):
    assert source_of(path, generated.sources) == source


def test_a_page_must_say_what_data_it_shows():
    # None (not from data) must be said too: a new kind of page cannot leave its leaks to blame on the templates.
    with pytest.raises(TypeError, match="source"):
        Page("x.md", "x.md.j2", "x", "x", None)
    assert Page("x.md", "x.md.j2", "x", "x", None, source=None).source is None


def test_the_search_index_blames_the_narrowest_page_that_holds_a_value(network, tmp_path, generated):
    # A topic's title is on its hub's, its meetings' and its own pages: it was written in the topic.
    site = tmp_path / "site"
    (site / "search").mkdir(parents=True)
    docs = [{"location": location, "title": "x", "text": "负责人 钱不公开"}
            for location in ("", "consultation/C1/", "meetings/M2/#议程", "topics/T1/", "about/")]
    (site / "search" / "search_index.json").write_text(json.dumps({"docs": docs}), encoding="utf-8")
    [found] = scan_for_leaks(site, network, sources=generated.sources)
    assert found.hint.startswith("网站不能发布：搜索索引中的这段文字（网页 topics/T1/）来自 data/topics.yaml 中的议题 T1，")
    [found] = scan_for_leaks(site, network, sources={})
    assert found.hint == "网站不能发布：请找出写入它的手写页面、模板或主题并删除，再重新构建"


@pytest.mark.build
def test_every_file_of_the_site_is_either_from_data_or_hand_written_or_the_themes(built_site, generated):
    """Every page and file the build makes says what data it shows (links.Page.source, GeneratedFile.source):
    a generated file that says nothing would send the clerk to the templates for a leak typed into the data."""
    not_from_data = ("about/", "privacy/", "404.html", "assets/", "search/", "sitemap.xml", "forms/")
    files = {p.relative_to(built_site).as_posix() for p in built_site.rglob("*") if p.is_file()}
    sources = generated.sources
    assert sorted(f for f in files if sources.get(f) is None and not f.startswith(not_from_data)) == []
    assert sorted(set(sources) - files) == []  # each source is keyed by the path MkDocs writes
    assert sources["forms/topic/S1.html"] is not None  # a hub's printed forms show its names


@pytest.mark.build
def test_a_leak_in_a_meeting_summary_names_the_meeting(fixture_project, edit, tmp_path):
    edit.replace("meetings.yaml", "      follow_ups:\n        - 友邻站四月底前",
                 "      summary: 钱不公开反映车位不够\n      follow_ups:\n        - 友邻站四月底前")
    (fixture_project.content_dir / "about.md").write_text("# 关于本站\n\n有事请找钱不公开。\n", encoding="utf-8")
    result = generate(fixture_project)
    assert result.report.ok, [p.format() for p in result.report.problems]  # check passes: only the build shows it
    site = tmp_path / "site"
    assert mkdocs_build(fixture_project, site) == 0
    problems = {p.file: p for p in scan_for_leaks(site, result.network, result.private_names, result.sources)
                if p.found == "钱***" and not p.file.startswith(("consultation/", "calendars/", "agendas/"))}
    assert sorted(problems) == ["about/index.html", "meetings/M2/index.html", "search/search_index.json"]
    page = (site / "meetings" / "M2" / "index.html").read_text(encoding="utf-8").split("\n")
    expected_line = next(n for n, text in enumerate(page, start=1) if "钱不公开" in text)
    assert problems["meetings/M2/index.html"].format() == (
        f"meetings/M2/index.html:{expected_line}: [leak] 生成的网站中出现了不公开的姓名（友邻点 P03 负责人，钱***）"
        " — 网站不能发布：这个网页来自 data/meetings.yaml 中的会议 M2（或它议程上的议题），请在那里删掉这个姓名，再重新构建")
    assert problems["search/search_index.json"].hint == (
        "网站不能发布：搜索索引中的这段文字（网页 meetings/M2/）来自 data/meetings.yaml 中的会议 M2（或它议程上的议题），"
        "请在那里删掉这个姓名，再重新构建")
    # A hand-written page is not made from data: there the templates and the theme are still named.
    assert problems["about/index.html"].hint == "网站不能发布：请找出写入它的手写页面、模板或主题并删除，再重新构建"


@pytest.mark.build
def test_the_build_names_the_data_a_leak_was_typed_into(fixture_project, edit, tmp_path, capsys):
    edit.replace("meetings.yaml", "      follow_ups:\n        - 友邻站四月底前",
                 "      summary: 钱不公开反映车位不够\n      follow_ups:\n        - 友邻站四月底前")
    assert _build_with_leak(fixture_project, tmp_path / "public") == 1
    report = capsys.readouterr().err
    assert "meetings/M2/index.html:" in report
    assert "这个网页来自 data/meetings.yaml 中的会议 M2（或它议程上的议题），请在那里删掉这个姓名" in report


# ---------------------------------------------------------------- the strict build stays strict


@pytest.mark.parametrize("config", [REPO / "mkdocs.yml", FIXTURE / "mkdocs.yml"], ids=["shipped", "fixture"])
def test_link_and_anchor_checks_stay_on(config):
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda *_: None)
    validation = yaml.load(config.read_text(encoding="utf-8"), Loader=loader)["validation"]
    for key in ("not_found", "anchors", "absolute_links", "unrecognized_links"):
        assert validation["links"][key] == "warn", key  # --strict turns each warning into a failure
    assert validation["nav"]["not_found"] == "warn"


@pytest.mark.build
def test_a_planted_broken_anchor_fails_the_build(fixture_project, tmp_path):
    (fixture_project.content_dir / "about.md").write_text("# 关于本站\n\n[隐私](privacy.md#no-such-heading)\n",
                                                          encoding="utf-8")
    assert cli.main(["--project", str(fixture_project.root), "build", "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- the public view, as properties

MOBILE = st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True)
LANDLINE = st.from_regex(r"0[0-9]{2,3}-?[0-9]{7,8}", fullmatch=True)
NAMES = st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5), min_size=2, max_size=4)
LEADERS = st.builds(
    Leader,
    name=st.one_of(st.none(), NAMES),
    name_public=st.booleans(),
    phone=st.one_of(st.none(), MOBILE, LANDLINE),
    phone_publication=st.sampled_from(["none", "masked", "full"]),
    consent_date=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31))),
)
PROPERTY = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@PROPERTY
@given(leader=LEADERS)
def test_a_full_phone_only_where_publication_is_full(leader):
    contact = public_contact(leader)
    full = leader.phone is not None and leader.phone_publication == "full" and leader.consent_date is not None
    assert (contact.phone == leader.phone and leader.phone is not None) is full
    assert (contact.tel is not None) is full
    if contact.tel:
        assert contact.tel == leader.phone.replace("-", "")
    shown = leader.name_public and leader.consent_date is not None
    assert contact.name == (leader.name if shown else None)


@PROPERTY
@given(leader=LEADERS)
def test_a_masked_phone_always_has_the_masked_shape(leader):
    contact = public_contact(leader)
    if leader.phone is None or leader.consent_date is None or leader.phone_publication != "masked":
        assert contact.phone is None or leader.phone_publication == "full"
        return
    digits = re.sub(r"\D", "", leader.phone)
    if re.fullmatch(r"1[3-9][0-9]{9}", leader.phone):
        assert re.fullmatch(r"1[0-9]{2}\*{4}[0-9]{4}", contact.phone)
        assert contact.phone[:3] == digits[:3] and contact.phone[-4:] == digits[-4:]
    else:
        assert re.fullmatch(r"(0[0-9]{2,3}-)?\*+[0-9]{4}", contact.phone)
    assert contact.phone == mask_phone(leader.phone)
    assert digits not in re.sub(r"\D", "", contact.phone)
    assert contact.tel is None


@PROPERTY
@given(leaders=st.lists(LEADERS, min_size=4, max_size=4))
def test_the_public_network_holds_no_private_value(network, leaders):
    """Whatever the leaders chose, the view templates receive holds nothing they did not publish."""
    points = {pid: dataclasses.replace(p, leader=leader) for (pid, p), leader in zip(network.points.items(), leaders)}
    varied = dataclasses.replace(network, points=points)
    published = json.dumps(dataclasses.asdict(public_network(varied)), default=str, ensure_ascii=False)
    assert scan_text(published, varied) == []
    # A number another leader publishes in full is published, however either wrote it (000-0000000, 0000000000).
    published_digits = {re.sub(r"\D", "", leader.phone) for leader in leaders if public_contact(leader).tel}
    for leader in leaders:
        if leader.phone and not public_contact(leader).tel and re.sub(r"\D", "", leader.phone) not in published_digits:
            assert leader.phone not in published


@pytest.mark.build
def test_who_raised_a_topic_is_scanned_for_too(fixture_project, tmp_path):
    from generator.cli import main

    # 王阿姨 raised a fixture topic; a hand-written page that names her must stop the build.
    about = fixture_project.content_dir / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n感谢王阿姨的建议。\n", encoding="utf-8")
    out = tmp_path / "site"
    assert main(["--project", str(fixture_project.root), "build", "--out", str(out)]) == 1
    assert not out.exists()
