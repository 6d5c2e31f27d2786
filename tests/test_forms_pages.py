"""Form pages built from the fixture network: the web form from the schema, printed sheets, hub links, schemas."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import FIXTURE, cell_text, copy_project
from generator.build import generate
from generator.cli import main
from generator.forms import read_forms
from generator.forms.validation import browser_spec

pytestmark = pytest.mark.build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("forms") / "network")
    out = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--site-dir", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def forms():
    return read_forms(FIXTURE / "data")[0]


def form_page(site: Path, form_id: str) -> BeautifulSoup:
    return soup(site / "forms" / form_id / "index.html")


def test_every_field_has_a_label_and_its_hint_is_tied_to_it(site, forms):
    page = form_page(site, "spending")
    form = page.select_one("form.yl-form")
    for field in forms["spending"].fields:
        box = form.select_one(f"[data-field='{field.name}']")
        if field.widget == "radios":
            assert box.name == "fieldset"
            assert box.select_one("legend").get_text().startswith(field.label)
            inputs = box.select("input[type=radio]")
            assert [i["value"] for i in inputs] == list(field.options)
            for radio in inputs:  # each answer has its own label
                assert form.select_one(f"label[for='{radio['id']}']").get_text() == radio["value"]
            described = box
        else:
            control = box.select_one("input, textarea, select")
            label = form.select_one(f"label[for='{control['id']}']")
            assert label.get_text().startswith(field.label)
            described = control
        if field.hint:
            hint_id = described["aria-describedby"]
            assert page.find(id=hint_id).get_text() == field.hint
        optional = box.select_one(".yl-optional")
        assert (optional is not None and optional.get_text() == "（选填）") == (not field.required)


def test_choices_become_radios_or_a_list_and_widgets_follow_the_type(site):
    topic = form_page(site, "topic").select_one("form.yl-form")
    options = [o.get_text() for o in topic.select("select[name=category] option")]
    assert options == ["请选择", "停车", "宠物", "环境卫生", "养老", "绿化", "安全"]
    assert topic.select_one("textarea[name=description]") is not None
    assert topic.select_one("input[name=raised_on]")["type"] == "date"
    application = form_page(site, "application").select_one("form.yl-form")
    assert application.select_one("input[name=leader_phone]")["type"] == "tel"
    assert application.select_one("input[name=ref]")["type"] == "hidden"
    assert application.select_one("[data-field=venue_note]")["data-show-if"] == "venue_type"


def test_groups_are_fieldsets_with_legends(site, forms):
    form = form_page(site, "evaluation").select_one("form.yl-form")
    legends = [f.select_one("legend").get_text() for f in form.select("fieldset.yl-form__group")]
    assert legends == [g.legend for g in forms["evaluation"].groups]


def test_the_page_carries_the_same_rules_as_the_python_check(site, forms):
    for form_id in ("topic", "spending", "evaluation", "application"):
        page = form_page(site, form_id).select_one(".yl-formpage")
        assert json.loads(page["data-spec"]) == browser_spec(forms[form_id], None)


def test_without_javascript_the_page_is_the_paper_form(site):
    page = form_page(site, "spending")
    assert page.select_one("form.yl-form").has_attr("hidden")
    paper = page.select_one(".yl-form-paper")
    assert not paper.has_attr("hidden")
    labels = [p.get_text() for p in paper.select(".yl-paper__label")]
    assert labels[:3] == ["友邻点（站）编号", "支出日期", "支出事项"]
    assert "□ 氛围营造" in paper.select_one(".yl-paper__options").get_text()
    assert paper.select_one(".yl-paper__qr .yl-qr")["data-qr"] == \
        "https://shili.youlin.test/youlin/forms/spending/"  # qr.js draws the code that opens the online form
    signatures = [p.get_text() for p in paper.select(".yl-paper__signatures .yl-paper__line")]
    assert signatures[0].startswith("经办人签名")


FIND_CODE = "在‘我的友邻点’页面查编号"


def test_a_resident_without_the_code_is_led_to_it_by_their_compound(site, forms):
    """Residents do not know codes: beside the hub's code, the find page's two steps (forms.js), and without
    scripts a plain link to the find page, whose point pages give the code."""
    for form_id in ("topic", "spending", "evaluation", "application"):
        page = form_page(site, form_id)
        base = f"https://site.invalid/forms/{form_id}/"
        (link,) = [a for a in page.select(".yl-form-paper a") if a.get_text() == FIND_CODE]  # shown without scripts
        assert urlsplit(urljoin(base, link["href"])).path == "/find/" and (site / "find" / "index.html").is_file()
        form = page.select_one("form.yl-form")
        hub = forms[form_id].hub_field
        (finder,) = form.select("details.yl-hubfinder")
        assert finder.find_parent(attrs={"data-field": True})["data-field"] == hub  # under the code it fills in
        assert finder.has_attr("hidden")  # until forms.js can work it, and only where no link gave the code
        assert finder.summary.get_text() == "不知道编号？按住的小区找"
        # The find page's own data, no new file: a page that does not grow with the network.
        data = urljoin(base, finder["data-index"])
        assert urlsplit(data).path == "/find-data/index.json" and (site / "find-data" / "index.json").is_file()
        assert finder["data-tiers"] == " ".join(t for t in forms[form_id].tiers if t != "centre")
        for select in finder.select("select"):
            assert form.select_one(f"label[for='{select['id']}']").get_text().startswith(("第一步", "第二步"))
            assert not select.has_attr("name")  # not part of the record
        assert [a.get_text() for a in finder.select("a")] == [FIND_CODE]
        assert urlsplit(urljoin(base, finder.select_one("a")["href"])).path == "/find/"
        assert finder.select_one(".yl-hubfinder__result")["aria-live"] == "polite"
    # A sheet with no hub's code to fill in has neither.
    signin = form_page(site, "signin")
    assert not signin.select("details.yl-hubfinder") and FIND_CODE not in signin.get_text()


def test_the_form_page_prints_on_a4_with_page_numbers(site):
    style = form_page(site, "topic").select_one("article style").string
    assert "size: A4" in style and 'counter(page)' in style and "counter(pages)" in style


def test_hub_pages_link_to_their_forms_with_the_hub_filled_in(site):
    point = soup(site / "points" / "P01" / "index.html")
    links = {a.get_text(): a["href"] for a in point.select("article a") if "/forms/" in a["href"]}
    online = urlsplit(links["网上填写补贴使用登记表"])
    assert online.path == "../../forms/spending/" and parse_qs(online.query) == {"hub": ["P01"]}
    assert links["打印补贴使用登记表"] == "../../forms/spending/S1.html#P01"
    assert "网上填写友邻点设立申请表" not in links  # a station's form
    station = soup(site / "stations" / "S1" / "index.html")
    station_links = {a.get_text(): a["href"] for a in station.select("article a") if "/forms/" in a["href"]}
    assert station_links["打印友邻点设立申请表"] == "../../forms/application/S1.html"
    centre = soup(site / "centre" / "index.html")
    assert any(a["href"].startswith("../forms/topic/?hub=C1") for a in centre.select("article a"))


def test_a_station_prints_its_points_sheets_on_one_page(site):
    page = soup(site / "forms" / "topic" / "S1.html")
    sheets = page.select("section.yl-paper")
    assert [s["id"] for s in sheets] == ["S1", "P01", "P02"]
    p01 = page.find(id="P01")
    assert p01.select_one(".yl-paper__hub").get_text() == "友邻点：晨光苑友邻点（P01） · 所属友邻站：东方社区友邻站"
    assert p01.select_one("[data-field=raised_at] .yl-paper__box").get_text() == "P01"  # the hub's id already written in
    assert p01.select_one(".yl-paper__url").get_text() == "网上填写：https://shili.youlin.test/youlin/forms/topic/?hub=P01"
    qr = p01.select_one(".yl-paper__qr .yl-qr")
    assert (qr["data-qr"], qr["data-qr-title"]) == ("https://shili.youlin.test/youlin/forms/topic/?hub=P01",
                                                  "议题征集表网上填写二维码")
    scripts = [script["src"] for script in page.select("script[src]")]
    assert scripts == ["../../assets/javascripts/vendor/qrcode-generator-2.0.4.js", "../../assets/javascripts/qr.js",
                       "../../assets/javascripts/youlin.js", "../../assets/javascripts/forms.js"]
    style = page.select_one("head style").string
    assert 'content: "议题征集表 · 晨光苑友邻点（P01）"' in style  # a point's printed pages name the form and point


def test_the_receipt_line_names_who_takes_the_sheet_in_at_its_hub(site):
    def lines(page: BeautifulSoup) -> list[str]:
        return [p.get_text() for p in page.select(".yl-paper__signatures .yl-paper__line")]

    topic = soup(site / "forms" / "topic" / "S1.html")
    # A station's own sheet is handed to its social worker, a point's to the point's leader.
    assert lines(topic.find(id="S1"))[1].startswith("友邻站社工签收：")
    assert lines(topic.find(id="P01"))[1].startswith("友邻点负责人签收：")
    assert lines(soup(site / "forms" / "topic" / "C1.html").find(id="C1"))[1].startswith("友邻中心工作人员签收：")
    assert lines(form_page(site, "topic").select_one(".yl-form-paper"))[1].startswith("收表人签收：")  # blank: anywhere
    assert lines(topic.find(id="S1"))[0].startswith("提出人签名：")


@pytest.mark.parametrize("site_url, specimen", [("https://youlin.danghu.example.org/", True),
                                                ("https://shili.youlin.test/youlin/", False)],
                         ids=["example-address", "real-address"])
def test_sheets_printed_from_the_example_site_url_say_their_codes_do_not_work(tmp_path, site_url, specimen):
    project = copy_project(FIXTURE, tmp_path / "network")
    config = project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace(
        "site_url: https://shili.youlin.test/youlin/", f"site_url: {site_url}"), encoding="utf-8")
    result = generate(project)
    assert result.report.ok
    assert ("site-url-example" in [p.code for p in result.report.problems]) == specimen  # the check says so too
    docs = project.build_dir / "docs" / "forms"
    sheets = [s for name in ("topic/S1.html", "topic/C1.html", "spending/S1.html", "application/S1.html")
              for s in soup(docs / name).select("section.yl-paper")]
    sheets.append(BeautifulSoup((docs / "topic" / "index.md").read_text(encoding="utf-8"), "html.parser")
                  .select_one(".yl-form-paper section.yl-paper"))  # the blank sheet on the form's own page
    assert len(sheets) == 9 and all(s.select_one(".yl-paper__qr") for s in sheets)
    for sheet in sheets:
        mark = sheet.select_one(".yl-paper__specimen")
        url = sheet.select_one(".yl-paper__url").get_text()
        if specimen:
            assert mark.get_text() == "样张：网址和二维码是示例，不能使用"
            assert sheet.select_one(".yl-paper__qr figcaption").get_text() == "示例，不能扫码"
            assert url.startswith(f"示例网址，不能使用：{site_url}forms/")
        else:
            assert mark is None and url.startswith(f"网上填写：{site_url}forms/")
    # A sign-in sheet prints no address or code: nothing on it is an example.
    assert soup(docs / "signin" / "S1.html").select(".yl-paper__specimen, .yl-paper__qr") == []
    # So do a station's posters of its points, whose codes open the points' pages.
    posters = soup(project.build_dir / "docs" / "posters" / "S1.html").select("section.yl-poster")
    assert posters and all(bool(p.select_one(".yl-poster__specimen")) == specimen for p in posters)


def test_print_pages_grow_with_stations_not_points(site):
    pages = sorted(p.stem for p in (site / "forms" / "topic").glob("*.html") if p.name != "index.html")
    hubs = soup(site / "stations" / "index.html")
    stations = {a["href"].strip("./").split("/")[-1] for a in hubs.select("article table a") if "S" in a["href"]}
    assert set(pages) == {"C1"} | {s for s in stations if s}


def test_sign_in_sheet_has_numbered_rows_for_handwriting(site):
    page = soup(site / "forms" / "signin" / "S1.html")
    sheet = page.find(id="P01")
    heads = [th.get_text() for th in sheet.select("thead th")]
    assert heads == ["序号", "姓名", "住址（小区、楼栋或村民小组）", "签名"]
    rows = sheet.select("tbody tr")
    assert [r.td.get_text() for r in rows] == [str(n) for n in range(1, 15)]  # one A4 page
    assert [p.get_text() for p in sheet.select(".yl-paper__line")][:1] == ["会议名称："]


def test_schemas_are_published(site, forms):
    for form_id in ("topic", "spending", "evaluation", "application"):
        table = json.loads((site / "forms" / form_id / "tableschema.json").read_text(encoding="utf-8"))
        assert [f["name"] for f in table["fields"]] == [f.name for f in forms[form_id].fields]
        schema = json.loads((site / "forms" / form_id / "schema.json").read_text(encoding="utf-8"))
        assert schema["properties"]["form"] == {"const": form_id}
    spending = json.loads((site / "forms" / "spending" / "tableschema.json").read_text(encoding="utf-8"))
    amount = next(f for f in spending["fields"] if f["name"] == "amount_yuan")
    assert amount["constraints"]["pattern"] == "^(0|[1-9][0-9]{0,6})(\\.[0-9]{1,2})?$"  # the ledger's own rule


def test_forms_index_says_where_records_go(site):
    rows = soup(site / "forms" / "index.html").select("article table tbody tr")
    cells = {cell_text(r.select("td")[0]): cell_text(r.select("td")[3]) for r in rows}
    # In a resident's words: who takes it, and where it is published; no data file or command.
    assert cells["补贴使用登记表"] == "交给友邻站社工，记入补助台账；在“补助台账”页公布（不公开明细的只计入合计）"
    assert not any("data/" in where or "python" in where for where in cells.values())
    assert set(cells) == {"议题征集表", "会议签到表", "公约签约表", "补贴使用登记表", "居民满意度评议表", "友邻点设立申请表"}


def test_applicants_are_never_published(site):
    # The fixture's data/applications.csv names 申秘密 and 13900008888; the build's leak scan passed,
    # and neither is anywhere in the site.
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".json", ".xml", ".txt", ".js"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert "申秘密" not in text and "13900008888" not in text, path


def test_the_form_page_speaks_to_residents_and_keeps_the_schemas_for_it_staff(site):
    page = form_page(site, "topic")
    # Without scripts a resident reads what to do, not how to switch their browser's JavaScript on.
    assert page.select_one(".yl-form-paper > p").get_text() == "您的浏览器不能在网上填写，请打印这张表手写后交回。"
    article = page.select_one("article")
    (details,) = article.select("details.yl-print__screen-only")
    assert details.summary.get_text() == "给信息化人员" and not details.has_attr("open")
    schema_links = [a for a in article.select("a") if a.get_text() in ("JSON Schema", "Table Schema")]
    assert len(schema_links) == 2 and all(a.find_parent("details") is details for a in schema_links)
    assert "JavaScript" not in article.get_text()


def test_the_form_page_knows_where_topics_and_the_centres_phone_are(site):
    evaluation = form_page(site, "evaluation").select_one(".yl-formpage")
    assert evaluation["data-topic-pages"] == "../../topics/{id}/"  # forms.js names the topic whose code is filled in
    assert (site / "topics" / "T1" / "index.html").is_file()
    assert form_page(site, "spending").select_one(".yl-formpage")["data-topic-pages"] == ""
    # The centre's page is not named by its code: its name and phone come with the form, in one attribute.
    assert json.loads(evaluation["data-hubs"]) == {"C1": {"name": "示例友邻中心", "phone": "0571-80000001"}}
    assert not {"data-hub-names", "data-hub-phones"} & set(evaluation.attrs)
    # A form the centre's residents do not use names no hub beside those with pages of their own.
    assert json.loads(form_page(site, "application").select_one(".yl-formpage")["data-hubs"]) == {}
    # Whom to call once a form is filled in, marked for forms.js: a point's page links its station, whose page
    # gives its phone.
    point = soup(site / "points" / "P01" / "index.html").select_one("article")
    assert point.select_one("a.yl-hub-station")["href"] == "../../stations/S1/"
    station = soup(site / "stations" / "S1" / "index.html").select_one("article")
    assert station.select_one("a.yl-contact-phone")["href"] == "tel:057180000011"


def test_the_form_page_says_how_each_tiers_codes_begin_so_forms_js_asks_no_other_tiers_page(site):
    assert {p.parent.name for p in (site / "points").glob("*/index.html")} >= {"P01", "P02"}
    assert {p.parent.name for p in (site / "stations").glob("*/index.html")} >= {"S1", "S2"}
    pages = json.loads(form_page(site, "topic").select_one(".yl-formpage")["data-hub-pages"])
    # How codes begin, not every code: a form page's size does not grow with the network.
    assert pages == {"../../points/{id}/": ["P"], "../../stations/{id}/": ["S"]}
    # A form for stations alone names no point.
    assert json.loads(form_page(site, "application").select_one(".yl-formpage")["data-hub-pages"]) == {
        "../../stations/{id}/": ["S"]}


NOT_SENT = "在这里填好的表，网站不会自动交给社工：填好后，请拿给友邻点负责人或社工看，或打电话把填好的内容念给友邻站社工听，也可以打印出来交回。"


def test_without_a_submission_server_the_form_says_before_its_fields_that_nothing_is_sent(site):
    for form_id in ("topic", "spending", "evaluation", "application"):
        form = form_page(site, form_id).select_one("form.yl-form")
        (said,) = form.select(".yl-form__not-sent")
        assert said.get_text() == NOT_SENT
        first_field = form.select_one("fieldset")
        assert said in first_field.find_all_previous("p"), form_id  # read before the first question


def test_with_a_submission_server_the_form_page_keeps_quiet_about_it(tmp_path):
    project = copy_project(FIXTURE, tmp_path / "network")
    config = project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  youlin:\n    forms_endpoint: https://forms.shili.youlin.test/submit\n"), encoding="utf-8")
    assert generate(project).report.ok
    markdown = (project.build_dir / "docs" / "forms" / "topic" / "index.md").read_text(encoding="utf-8")
    form = BeautifulSoup(markdown, "html.parser").select_one("form.yl-form")
    assert form.select_one("fieldset") is not None
    assert form.select(".yl-form__not-sent") == [] and "网站不会自动" not in markdown
    # The downloads show when sending failed (forms.js), as a labelled group, not folded away.
    (downloads,) = BeautifulSoup(markdown, "html.parser").select(".yl-form__downloads")
    assert downloads.name == "div" and downloads["role"] == "group"


def test_without_a_submission_server_the_records_are_folded_away_for_the_social_worker(site):
    for form_id in ("topic", "spending", "evaluation", "application"):
        done = form_page(site, form_id).select_one(".yl-form__done")
        (downloads,) = done.select(".yl-form__downloads")
        assert downloads.name == "details" and not downloads.has_attr("open"), form_id
        assert downloads.summary.get_text() == "社工用：下载记录"
        assert [b.get_text() for b in downloads.select("button")] == ["下载记录（JSON）", "下载记录（CSV）"]
        # Not told to say she filled in a form that exists only on her phone: to read it out.
        assert done.select_one(".yl-form__call").get_text().endswith("，把填好的内容念给社工听。")


@pytest.mark.parametrize("form_id", ["topic", "spending", "evaluation", "application", "signin"])
def test_the_form_pages_closing_heading_prints_only_with_what_it_heads(site, form_id):
    article = form_page(site, form_id).select_one("article")
    (heading,) = [h for h in article.select("h2") if h.get_text().strip().startswith("交回以后")]
    after = heading.find_next_sibling()
    assert "yl-print__screen-only" in heading["class"] and "yl-print__screen-only" in after["class"]
