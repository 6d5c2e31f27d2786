"""Forms offer, and speak of, only what the site has: topics, meetings, a subsidy ledger, covenants.

A new town starts from the README with its hubs only: no data/topics.yaml or meetings.yaml (its
navigation may still link the empty consultation section), no data/spending.csv and no covenants.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE, cell_text, copy_project
from generator.build import check
from generator.cli import main
from generator.forms import FormsFeature
from generator.links import Linker, point_path

ALL_FORMS = ["topic", "evaluation", "signin", "covenant", "spending", "application"]
COVENANTS_NAV = "  - 居民公约: covenants/index.md\n"
MEETINGS = "到会人数记在会议纪要里"
LEDGER_PAGE = "在“补助台账”页公布（不公开明细的只计入合计）"


def new_town(project) -> None:
    """The fixture network as a town that has just started: hubs, and nothing of the other features."""
    for name in ("topics.yaml", "meetings.yaml", "evaluations.csv", "spending.csv"):
        (project.data_dir / name).unlink()
    shutil.rmtree(project.content_dir / "covenants")
    config = project.config_file.read_text(encoding="utf-8")
    assert COVENANTS_NAV in config
    project.config_file.write_text(config.replace(COVENANTS_NAV, ""), encoding="utf-8")


def forms_of(project) -> FormsFeature:
    result = check(project)
    assert result.report.ok, [p.format() for p in result.report.problems]
    (feature,) = [f for f in result.features if isinstance(f, FormsFeature)]
    return feature


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -------------------------------------------------------------- which forms, which sentences


def test_a_site_with_every_feature_keeps_every_form_and_sentence(fixture_project):
    forms = forms_of(fixture_project).forms
    assert list(forms) == ALL_FORMS
    assert forms["signin"].destination == f"纸质表，开会时传阅签名；{MEETINGS}"
    assert forms["spending"].destination == f"交给友邻站社工，记入补助台账；{LEDGER_PAGE}"


def test_a_new_town_offers_only_the_forms_it_can_use(fixture_project):
    new_town(fixture_project)
    forms = forms_of(fixture_project).forms
    # No topic categories to file a topic under, no topic to evaluate, no covenant to sign.
    assert list(forms) == ["signin", "spending", "application"]
    # A sign-in sheet serves any activity; without meetings there are no minutes to count it in.
    assert forms["signin"].destination == "纸质表，开会时传阅签名"
    # The first spending record taken in starts the ledger; until then no ledger page is promised.
    assert forms["spending"].destination == "交给友邻站社工，记入补助台账"


def test_categories_without_topics_yet_offer_the_topic_form_but_not_the_evaluation(fixture_project):
    new_town(fixture_project)
    (fixture_project.data_dir / "topics.yaml").write_text("categories:\n  - 停车\n\ntopics: []\n", encoding="utf-8")
    forms = forms_of(fixture_project).forms
    assert "topic" in forms and "evaluation" not in forms  # residents raise the first topics with it
    assert forms["topic"].field("category").options == ("停车",)


def test_the_evaluation_form_comes_with_the_first_topic(fixture_project):
    new_town(fixture_project)
    (fixture_project.data_dir / "topics.yaml").write_text(
        "categories:\n  - 停车\n\ntopics:\n  - id: T1\n    title: 停车位不够\n    category: 停车\n"
        "    raised_at: P01\n    raised_on: 2021-03-01\n", encoding="utf-8")
    assert {"topic", "evaluation"} <= set(forms_of(fixture_project).forms)


def test_records_kept_for_a_form_the_site_cannot_use_are_a_warning_not_silently_skipped(fixture_project):
    new_town(fixture_project)
    shutil.copy(FIXTURE / "data" / "evaluations.csv", fixture_project.data_dir / "evaluations.csv")
    problems = check(fixture_project).report.problems
    (found,) = [p for p in problems if p.code == "form-records-not-used"]
    assert (found.file, found.line, found.is_error) == ("data/evaluations.csv", None, False)
    assert found.message == ("居民满意度评议表的记录没有检查，也不会用在网站上："
                             "网站上要有议题（data/topics.yaml 的 topics），才用得上这张表")


def test_meeting_types_say_where_attendance_goes(fixture_project):
    new_town(fixture_project)
    types = (FIXTURE / "data" / "meetings.yaml").read_text(encoding="utf-8").split("\nmeetings:")[0]
    (fixture_project.data_dir / "meetings.yaml").write_text(types + "\n", encoding="utf-8")
    assert forms_of(fixture_project).forms["signin"].destination.endswith(f"；{MEETINGS}")


def test_a_ledger_in_the_navigation_is_published_before_any_spending(fixture_project):
    new_town(fixture_project)
    config = fixture_project.config_file.read_text(encoding="utf-8")
    fixture_project.config_file.write_text(
        config.replace("  - 表格: forms/index.md\n", "  - 表格: forms/index.md\n  - 补助台账: ledger/index.md\n"),
        encoding="utf-8")
    assert forms_of(fixture_project).forms["spending"].destination.endswith(f"；{LEDGER_PAGE}")


def test_covenants_bring_their_sheet_to_the_list(fixture_project):
    shutil.rmtree(fixture_project.content_dir / "covenants")
    config = fixture_project.config_file.read_text(encoding="utf-8")
    fixture_project.config_file.write_text(config.replace(COVENANTS_NAV, ""), encoding="utf-8")
    assert "covenant" not in forms_of(fixture_project).forms


def test_a_streets_wording_keeps_what_the_form_needs(fixture_project):
    # The street copied the evaluation form before forms said what they need: it still needs topics.
    new_town(fixture_project)
    shipped = (Path(__file__).parents[1] / "generator" / "forms" / "definitions" / "evaluation.yaml")
    text = shipped.read_text(encoding="utf-8").replace("needs: [topics]\n", "").replace("评一评", "说一说")
    (fixture_project.data_dir / "forms").mkdir()
    (fixture_project.data_dir / "forms" / "evaluation.yaml").write_text(text, encoding="utf-8")
    assert "evaluation" not in forms_of(fixture_project).forms


def test_a_street_may_make_its_own_sentences_depend_on_the_site(fixture_project):
    new_town(fixture_project)
    text = (Path(__file__).parents[1] / "generator" / "forms" / "definitions" / "signin.yaml").read_text(encoding="utf-8")
    text = text.replace("  - 纸质表，开会时传阅签名\n", "  - 纸质表，活动时传阅签名\n  - text: 签到人数记入补助台账\n    needs: [ledger]\n")
    (fixture_project.data_dir / "forms").mkdir()
    (fixture_project.data_dir / "forms" / "signin.yaml").write_text(text, encoding="utf-8")
    assert forms_of(fixture_project).forms["signin"].destination == "纸质表，活动时传阅签名"


@pytest.mark.parametrize("needs, field", [("needs: [topcis]", "needs"), ("needs: topics", "needs"),
                                          ("neds: [topics]", "neds")])
def test_a_misspelt_need_is_a_problem_at_its_line(fixture_project, needs, field):
    text = (Path(__file__).parents[1] / "generator" / "forms" / "definitions" / "signin.yaml").read_text(encoding="utf-8")
    text = text.replace("    needs: [meetings]\n", f"    {needs}\n")
    (fixture_project.data_dir / "forms").mkdir()
    (fixture_project.data_dir / "forms" / "signin.yaml").write_text(text, encoding="utf-8")
    line = text[: text.index(needs)].count("\n") + 1
    found = [(p.code, p.file, p.line) for p in check(fixture_project).report.errors]
    code = {"needs: [topcis]": "form-value", "needs: topics": "yaml-shape", "neds: [topics]": "unknown-field"}[needs]
    assert found == [(code, "data/forms/signin.yaml", line)]


def test_a_point_with_only_paper_sheets_says_nothing_of_filling_in_online(fixture_project):
    # A street whose points keep no spending of their own: a new town's points then have the sign-in sheet only.
    new_town(fixture_project)
    text = (Path(__file__).parents[1] / "generator" / "forms" / "definitions" / "spending.yaml").read_text(encoding="utf-8")
    (fixture_project.data_dir / "forms").mkdir()
    (fixture_project.data_dir / "forms" / "spending.yaml").write_text(
        text.replace("tiers: [point, station]", "tiers: [station]"), encoding="utf-8")
    (section,) = forms_of(fixture_project).hub_sections("point", "P01", Linker(point_path("P01")))
    assert [link.text for link in section.links] == ["打印会议签到表"]
    assert section.note == ""


# -------------------------------------------------------------- the built site of a new town


@pytest.fixture(scope="module")
def new_site(tmp_path_factory) -> Path:
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("new-town") / "network")
    new_town(project)
    out = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--site-dir", str(out)]) == 0
    return out


@pytest.mark.build
def test_the_forms_page_lists_and_says_only_what_the_town_has(new_site):
    article = soup(new_site / "forms" / "index.html").select_one("article")
    rows = {cell_text(tr.select("td")[0]): cell_text(tr.select("td")[3]) for tr in article.select("table tbody tr")}
    assert rows == {"会议签到表": "纸质表，开会时传阅签名", "补贴使用登记表": "交给友邻站社工，记入补助台账",
                    "友邻点设立申请表": "交给友邻站社工，由社区办审核；同意后设立新的友邻点，在网站上公布"}
    text = article.get_text()
    assert "会议纪要" not in text and "“补助台账”页" not in text and "公约" not in text and "议题" not in text
    assert not (new_site / "forms" / "evaluation").exists() and not (new_site / "forms" / "covenant").exists()


@pytest.mark.build
def test_hub_pages_of_a_new_town_link_no_evaluation(new_site):
    for page in (new_site / "points" / "P01" / "index.html", new_site / "stations" / "S1" / "index.html"):
        links = [a.get_text() for a in soup(page).select("article a")]
        assert "打印会议签到表" in links and "网上填写补贴使用登记表" in links
        assert not [text for text in links if "评议" in text or "议题征集" in text], page


@pytest.mark.build
def test_the_form_pages_say_only_true_sentences(new_site):
    signin = soup(new_site / "forms" / "signin" / "index.html").select_one("article").get_text()
    spending = soup(new_site / "forms" / "spending" / "index.html").select_one("article").get_text()
    assert "纸质表，开会时传阅签名。" in signin and "会议纪要" not in signin
    assert "交给友邻站社工，记入补助台账。" in spending and "“补助台账”页" not in spending


def test_a_new_towns_first_spending_record_starts_its_ledger(fixture_project, tmp_path, capsys):
    new_town(fixture_project)
    record = {"hub": "P01", "date": "2021-06-01", "item": "购买茶叶", "category": "日常活动", "amount_yuan": "12.00",
              "receipt": "No.1", "detail_public": True}
    submitted = tmp_path / "s.json"
    submitted.write_text(json.dumps({"form": "spending", "record": record}, ensure_ascii=False), encoding="utf-8")
    assert main(["--project", str(fixture_project.root), "intake", str(submitted)]) == 0
    assert forms_of(fixture_project).forms["spending"].destination.endswith(f"；{LEDGER_PAGE}")
    # Nothing to evaluate yet: an evaluation record is no form of this site.
    evaluation = tmp_path / "v.json"
    evaluation.write_text(json.dumps({"form": "evaluation", "record": {"topic": "T1", "hub": "P01", "date": "2021-06-01",
                                                                       "rating": "满意", "ref": "W1"}}), encoding="utf-8")
    capsys.readouterr()
    assert main(["--project", str(fixture_project.root), "intake", str(evaluation)]) == 1
    assert "[intake-form-unknown]" in capsys.readouterr().err
