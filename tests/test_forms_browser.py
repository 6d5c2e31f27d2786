"""Web forms in a real browser: fill, see the errors, fix, download a record the office can take in."""

from __future__ import annotations

import json

import pytest

from browser import PRINT_MIN_PX, SiteServer, chromium, pdf_pages, small_printed_text
from conftest import FIXTURE, copy_project
from generator.build import check
from generator.cli import main

pytestmark = pytest.mark.build

PHONE = {"width": 412, "height": 915}
SPENDING = "forms/spending/?hub=P01"


@pytest.fixture(scope="module")
def served(fixture_site_served):
    return fixture_site_served


@pytest.fixture(scope="module")
def browser(served):
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=PHONE, locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    yield page
    context.close()


def test_fill_see_errors_fix_and_download_a_record_the_office_takes_in(page, served, tmp_path):
    project, url = served
    page.goto(url + SPENDING)
    form = page.locator("form.yl-form")
    form.wait_for(state="visible")
    assert not page.locator(".yl-form-paper").is_visible()
    assert page.locator("#f-hub").input_value() == "P01"
    # The code from the link, then the name its page gives it: the resident confirms a place, not a code.
    page.wait_for_function("document.querySelector('.yl-form__for').textContent.includes('晨光苑友邻点')")
    assert page.locator(".yl-form__for").inner_text() == "您正在为晨光苑友邻点（编号 P01）填写这张表。"
    page.fill("#f-date", "2021-06-01")
    page.fill("#f-item", "购买议事会茶叶")
    page.check("#f-category-2")
    page.fill("#f-amount_yuan", "12.505")
    page.get_by_role("button", name="检查填写内容").click()

    summary = page.locator(".yl-form__summary")
    summary.wait_for(state="visible")
    assert page.evaluate("document.activeElement === document.querySelector('.yl-form__summary')")
    links = summary.locator("a")
    assert links.all_inner_texts() == ["金额（元）的格式不对：以元为单位，最多两位小数，如 128.50", "请填写票据号"]
    assert [links.nth(i).get_attribute("href") for i in range(2)] == ["#f-amount_yuan", "#f-receipt"]
    beside = page.locator("#f-amount_yuan-error")
    assert beside.text_content() == "错误：金额（元）的格式不对：以元为单位，最多两位小数，如 128.50"
    assert page.locator("#f-amount_yuan").get_attribute("aria-invalid") == "true"
    assert page.locator("#f-amount_yuan").get_attribute("aria-describedby") == "f-amount_yuan-hint f-amount_yuan-error"
    assert page.locator("form.yl-form [data-field=category]").get_attribute("aria-describedby") is None  # answered: no error
    assert page.title().startswith("错误：")
    assert page.locator("#f-item").input_value() == "购买议事会茶叶"  # what was typed is kept
    links.nth(1).click()
    assert page.evaluate("document.activeElement.id") == "f-receipt"

    page.fill("#f-amount_yuan", "12.50")
    page.fill("#f-receipt", "No.88")
    page.get_by_role("button", name="检查填写内容").click()
    done = page.locator(".yl-form__done")
    done.wait_for(state="visible")
    assert not summary.is_visible() and not beside.is_visible()
    assert page.locator("#f-amount_yuan").get_attribute("aria-describedby") == "f-amount_yuan-hint"
    page.get_by_text("社工用：下载记录").click()  # the social worker's, folded away from the resident's steps
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="下载记录（JSON）").click()
    path = tmp_path / downloaded.value.suggested_filename
    downloaded.value.save_as(path)
    submitted = json.loads(path.read_text(encoding="utf-8"))
    assert submitted["form"] == "spending"
    assert submitted["record"] == {"hub": "P01", "date": "2021-06-01", "item": "购买议事会茶叶", "category": "日常活动",
                                   "amount_yuan": "12.50", "receipt": "No.88"}
    with page.expect_download() as downloaded:
        page.get_by_role("button", name="下载记录（CSV）").click()
    csv_path = tmp_path / "record.csv"
    downloaded.value.save_as(csv_path)
    assert csv_path.read_text(encoding="utf-8-sig").splitlines()[1] == "P01,2021-06-01,购买议事会茶叶,日常活动,12.50,No.88,,"

    # The downloaded record is what the office's intake expects.
    assert main(["--project", str(project.root), "intake", str(path), "--dry-run"]) == 0
    assert check(project).report.ok


def test_a_code_typed_by_hand_is_named_or_said_to_be_unknown(page, served):
    _, url = served
    page.goto(url + "forms/topic/")
    code, said = page.locator("#f-raised_at"), page.locator(".yl-field__confirm")
    for typed, expected in (("S1", "编号 S1 是：东方社区友邻站"), ("P99", "没有找到编号 P99 的友邻点（站），请核对"),
                            ("P01", "编号 P01 是：晨光苑友邻点"), ("C1", "编号 C1 是：示例友邻中心")):
        code.fill(typed)
        code.press("Tab")  # the change event, as leaving the field gives it
        page.wait_for_function(f"document.querySelector('.yl-field__confirm').textContent.includes('{typed}')")
        assert said.inner_text() == expected
    assert said.get_attribute("id") in code.get_attribute("aria-describedby").split()


NARROW = {"width": 390, "height": 844}  # a small phone, held upright


def find_the_code(page, community: str, compound: str) -> None:
    """Open “不知道编号？按住的小区找” by keyboard and choose by the steps' labels, as a screen reader's user would."""
    page.get_by_text("不知道编号？按住的小区找").focus()
    page.keyboard.press("Enter")
    first = page.get_by_label("第一步：选择您住的社区或村")
    page.wait_for_function("document.querySelector('.yl-hubfinder__community').options.length > 1")
    first.select_option(community)
    second = page.get_by_label("第二步：选择您住的小区或村民小组")
    page.wait_for_function("!document.querySelector('.yl-hubfinder__compound').disabled")
    second.select_option(label=compound)


@pytest.mark.parametrize("form, community, compound, code, name, said", [
    ("topic", "dongfang", "晨光苑", "P01", "晨光苑友邻点", ["已填入晨光苑友邻点的编号 P01。"]),
    # The compound's only point is not running yet: a form that stations also take goes to the station.
    ("topic", "hexi", "河西一组", "S3", "河西村友邻站",
     ["河西一组暂时没有运行中的友邻点，这张表可以交给友邻站。", "已填入河西村友邻站的编号 S3。"]),
    # A form that only stations take: the station of the point that serves the compound.
    ("application", "dongfang", "星河湾", "S1", "东方社区友邻站", ["已填入东方社区友邻站的编号 S1。"]),
], ids=["point", "no-running-point", "station-form"])
def test_a_resident_without_the_code_finds_it_by_their_compound(browser, served, form, community, compound, code,
                                                                name, said):
    from axe_playwright_python.sync_playwright import Axe

    _, url = served
    context = browser.new_context(viewport=NARROW, locale="zh-CN")
    page = context.new_page()
    asked = []
    page.on("request", lambda request: asked.append(request.url[len(url):]))
    field = "raised_at" if form == "topic" else "station"
    page.goto(url + f"forms/{form}/")
    page.locator("form.yl-form").wait_for(state="visible")
    find_the_code(page, community, compound)
    confirm = f"[data-field={field}] .yl-field__confirm"
    page.wait_for_function(f"document.querySelector('{confirm}').textContent.includes('{name}')")
    assert page.locator(f"#f-{field}").input_value() == code
    assert page.locator(confirm).inner_text() == f"编号 {code} 是：{name}"  # the existing confirmation names it
    result = page.locator(".yl-hubfinder__result")
    assert result.get_attribute("aria-live") == "polite"
    assert result.locator("p").all_inner_texts() == said
    # The find page's files, the index and the chosen community's: nothing that grows with the whole network.
    assert [a for a in asked if a.startswith("find-data/")] == ["find-data/index.json", f"find-data/{community}.json"]
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")] == []
    context.close()


def test_a_compound_two_points_serve_asks_which_one(browser, tmp_path_factory):
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("forms-two-points") / "network")
    points = project.data_dir / "points.csv"
    points.write_text(points.read_text(encoding="utf-8").replace(",星河湾 3 幢架空层,星河湾,", ",星河湾 3 幢架空层,星河湾、晨光苑,"),
                      encoding="utf-8")
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    with SiteServer(site) as server:
        context = browser.new_context(viewport=NARROW, locale="zh-CN")
        page = context.new_page()
        page.goto(server.url + "forms/spending/")
        page.locator("form.yl-form").wait_for(state="visible")
        find_the_code(page, "dongfang", "晨光苑")
        choices = page.locator(".yl-hubfinder__choice")
        choices.first.wait_for()
        assert choices.all_inner_texts() == ["填入晨光苑友邻点（P01）", "填入星*光[1]|号 <b>友邻点</b>（P02）"]
        assert page.locator("#f-hub").input_value() == ""  # the resident chooses, not the page
        choices.nth(1).focus()
        page.keyboard.press("Enter")
        assert page.locator("#f-hub").input_value() == "P02"
        assert page.evaluate("document.activeElement.textContent") == "填入星*光[1]|号 <b>友邻点</b>（P02）"
        assert page.locator(".yl-hubfinder__filled").inner_text() == "已填入星*光[1]|号 <b>友邻点</b>的编号 P02。"
        context.close()


def test_the_finder_keeps_to_the_forms_type_size_in_large_type(page, served):
    _, url = served
    page.goto(url + "forms/topic/")
    page.locator("form.yl-form").wait_for(state="visible")
    page.get_by_role("button", name="大字模式").click()
    find_the_code(page, "dongfang", "晨光苑")
    def sizes(selector: str) -> list[float]:
        return page.evaluate(f"[...document.querySelectorAll('{selector}')].map(e => parseFloat(getComputedStyle(e).fontSize))")

    (code_label,) = sizes("[data-field=raised_at] > label")
    steps = sizes(".yl-hubfinder summary, .yl-hubfinder label, .yl-hubfinder select, .yl-hubfinder__result p, "
                  ".yl-hubfinder__elsewhere a")
    assert len(steps) == 7 and min(steps) >= code_label  # as large as the code's own label, not an admonition's


def test_a_form_opened_from_a_hubs_link_offers_no_finder(page, served):
    _, url = served
    asked = []
    page.on("request", lambda request: asked.append(request.url[len(url):]))
    page.goto(url + "forms/topic/?hub=P01")
    page.wait_for_function("document.querySelector('.yl-form__for').textContent.includes('晨光苑友邻点')")
    assert page.locator("#f-raised_at").input_value() == "P01"
    assert page.locator(".yl-hubfinder").count() == 1 and not page.locator(".yl-hubfinder").is_visible()
    page.wait_for_load_state("networkidle")
    assert not [a for a in asked if a.startswith("find-data/")]


def test_without_javascript_the_page_leads_to_the_find_page(browser, served):
    _, url = served
    context = browser.new_context(java_script_enabled=False, viewport=NARROW)
    page = context.new_page()
    page.goto(url + "forms/topic/")
    assert not page.locator(".yl-hubfinder").is_visible()
    link = page.get_by_role("link", name="在‘我的友邻点’页面查编号")
    assert link.is_visible()
    link.click()
    page.wait_for_url(url + "find/")
    context.close()


def test_a_form_opened_from_the_centre_names_the_centre(page, served):
    _, url = served
    page.goto(url + "forms/topic/?hub=C1")
    page.wait_for_function("document.querySelector('.yl-form__for').textContent.includes('示例友邻中心')")
    assert page.locator(".yl-form__for").inner_text() == "您正在为示例友邻中心（编号 C1）填写这张表。"


@pytest.mark.parametrize("hub, name, own", [("P01", "晨光苑友邻点", "points/P01/"), ("S1", "东方社区友邻站", "stations/S1/")],
                         ids=["point", "station"])
def test_a_form_opened_for_a_hub_asks_only_for_that_hubs_page(page, served, hub, name, own):
    _, url = served
    answered = []
    page.on("response", lambda response: answered.append((response.status, response.url)))
    page.goto(url + f"forms/topic/?hub={hub}")
    page.wait_for_function(f"document.querySelector('.yl-form__for').textContent.includes('{name}')")
    page.wait_for_load_state("networkidle")
    assert [(status, address) for status, address in answered if status >= 400] == []
    hub_pages = [address[len(url):] for _, address in answered if address.startswith((url + "points/", url + "stations/"))]
    assert hub_pages == [own]  # no other tier's page guessed at: a 404 in the console and the server's log


def test_a_mistyped_code_is_looked_for_only_where_codes_that_begin_so_are(page, served):
    _, url = served
    asked = []
    page.on("request", lambda request: asked.append(request.url[len(url):]))
    page.goto(url + "forms/topic/")
    page.locator("#f-raised_at").fill("P99")
    page.locator("#f-raised_at").press("Tab")
    page.wait_for_function("document.querySelector('.yl-field__confirm').textContent.includes('P99')")
    assert [address for address in asked if address.startswith(("points/", "stations/"))] == ["points/P99/"]
    page.locator("#f-raised_at").fill("X1")
    page.locator("#f-raised_at").press("Tab")
    page.wait_for_function("document.querySelector('.yl-field__confirm').textContent.includes('X1')")
    assert page.locator(".yl-field__confirm").inner_text() == "没有找到编号 X1 的友邻点（站），请核对"
    assert [address for address in asked if address.startswith(("points/", "stations/"))] == ["points/P99/"]


def test_a_draft_survives_a_reload_until_cleared(page, served):
    _, url = served
    page.goto(url + SPENDING)
    page.fill("#f-item", "草稿里的事项")
    page.reload()
    page.locator("form.yl-form").wait_for(state="visible")
    assert page.locator("#f-item").input_value() == "草稿里的事项"
    assert page.locator(".yl-form__restored").is_visible()
    page.get_by_role("button", name="清除草稿").click()
    assert page.locator("#f-item").input_value() == ""
    assert page.locator("#f-hub").input_value() == "P01"  # filled in again from the link
    page.reload()
    page.locator("form.yl-form").wait_for(state="visible")
    assert page.locator("#f-item").input_value() == ""


def test_a_cleared_form_is_a_new_submission(page, served):
    _, url = served
    page.goto(url + "forms/evaluation/?hub=P01")

    def submit() -> str:
        page.fill("#f-topic", "T1")
        # Leaving the code names its topic above the answers: wait for it, or the line it adds moves the answer
        # from under the pointer between pressing and letting go.
        page.locator("#f-topic").blur()
        page.locator("[data-field=topic] .yl-field__confirm").wait_for(state="visible")
        page.get_by_label("满意", exact=True).check()
        page.get_by_role("button", name="检查填写内容").click()
        page.locator(".yl-form__done").wait_for(state="visible")
        return page.locator("#f-ref").input_value()

    first = submit()
    assert submit() == first  # the same form sent again is recognised as the same submission
    page.get_by_role("button", name="清除草稿").click()
    assert submit() not in ("", first)


def test_a_question_appears_only_for_the_answer_it_follows(page, served):
    _, url = served
    page.goto(url + "forms/evaluation/?hub=P01")
    reason = page.locator("form.yl-form [data-field=reason]")
    assert not reason.is_visible()
    page.get_by_label("不满意", exact=True).check()
    assert reason.is_visible()
    page.get_by_label("满意", exact=True).check()
    assert not reason.is_visible()


def test_without_javascript_the_paper_form_shows(browser, served):
    _, url = served
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(url + "forms/topic/")
    assert page.locator(".yl-form-paper").is_visible()
    assert not page.locator("form.yl-form").is_visible()
    assert page.locator(".yl-paper__label").first.inner_text() == "想商量的事"
    context.close()


@pytest.mark.parametrize("path", [SPENDING, "forms/evaluation/", "forms/topic/S1.html", "forms/signin/S1.html"])
def test_no_serious_accessibility_violations(page, served, path):
    from axe_playwright_python.sync_playwright import Axe

    _, url = served
    page.goto(url + path)
    page.wait_for_load_state("networkidle")
    if "?" in path:  # the errors shown too
        page.get_by_role("button", name="检查填写内容").click()
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
               if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(map(str, serious))


@pytest.fixture(scope="module")
def served_with_endpoint(tmp_path_factory, browser):
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("forms-endpoint") / "network")
    config = project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace(
        "extra:\n", "extra:\n  youlin:\n    forms_endpoint: https://forms.shili.youlin.test/submit\n"), encoding="utf-8")
    site = project.root / "site-out"
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    with SiteServer(site) as server:
        yield server.url


@pytest.mark.parametrize("path", ["forms/spending/", "forms/topic/S1.html"])
def test_the_paper_forms_qr_codes_are_drawn(page, served, path):
    _, url = served
    page.goto(url + path)
    page.wait_for_load_state("networkidle")  # a page of the theme loads the encoder only where there are codes
    slots = page.locator(".yl-paper__qr .yl-qr")
    assert slots.count() > 0
    assert page.locator(".yl-paper__qr .yl-qr > svg[role=img]").count() == slots.count()


def test_with_an_endpoint_the_record_is_posted_as_json(page, served_with_endpoint):
    received = []

    def endpoint(route):
        received.append(json.loads(route.request.post_data))
        route.fulfill(status=200, body="{}", headers={"Access-Control-Allow-Origin": "*"})

    page.route("https://forms.shili.youlin.test/submit", endpoint)
    page.goto(served_with_endpoint + "forms/evaluation/?hub=P01")
    page.fill("#f-topic", "T1")
    page.get_by_label("基本满意", exact=True).check()
    page.get_by_role("button", name="检查并提交").click()
    done = page.locator(".yl-form__done")
    done.wait_for(state="visible")
    assert done.locator(".yl-form__done-text").inner_text() == "已提交，谢谢！社区办收到后会尽快处理。"
    assert not done.locator(".yl-form__downloads").is_visible()
    (body,) = received
    assert body["form"] == "evaluation"
    assert body["record"]["hub"] == "P01" and body["record"]["rating"] == "基本满意"
    assert body["record"]["ref"].startswith("W")  # a reference to recognise the same submission twice
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('yl-form:evaluation'))") == []


def test_when_the_endpoint_fails_the_resident_can_still_download(page, served_with_endpoint):
    page.route("https://forms.shili.youlin.test/submit", lambda route: route.fulfill(status=503, body=""))
    page.goto(served_with_endpoint + "forms/evaluation/?hub=P01")
    page.fill("#f-topic", "T1")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="检查并提交").click()
    done = page.locator(".yl-form__done")
    done.wait_for(state="visible")
    assert "没有成功" in done.locator(".yl-form__done-text").inner_text()
    assert done.locator(".yl-form__downloads").is_visible()


def test_with_instant_navigation_a_form_opened_from_a_hub_page_works(browser, tmp_path_factory):
    project = copy_project(FIXTURE, tmp_path_factory.mktemp("forms-instant") / "network")
    site = project.root / "site-out"
    server = SiteServer(site)  # bound already: instant navigation only follows links under site_url
    config = project.config_file
    config.write_text(config.read_text(encoding="utf-8").replace(
        "    - navigation.top\n", "    - navigation.top\n    - navigation.instant\n").replace(
        "site_url: https://shili.youlin.test/youlin/", f"site_url: {server.url}"), encoding="utf-8")
    assert main(["--project", str(project.root), "build", "--out", str(site)]) == 0
    with server:
        context = browser.new_context(viewport=PHONE, locale="zh-CN")
        page = context.new_page()
        page.goto(server.url + "forms/")
        page.evaluate("window.__samePage = true")  # gone if the browser loads a new page
        page.get_by_role("link", name="议题征集表").click()
        page.wait_for_url("**/forms/topic/")
        page.locator("form.yl-form").wait_for(state="visible")
        assert page.evaluate("window.__samePage === true")  # Material swapped the content in place
        page.get_by_role("button", name="检查填写内容").click()
        page.locator(".yl-form__summary").wait_for(state="visible")
        # A hub's link carries a query string, which Material leaves to the browser: a normal page load.
        page.goto(server.url + "points/P01/")
        page.get_by_role("link", name="网上填写议题征集表").click()
        page.wait_for_url("**/forms/topic/?hub=P01")
        page.locator("form.yl-form").wait_for(state="visible")
        assert page.locator("#f-raised_at").input_value() == "P01"
        context.close()


# A station's sheets of each form: one sheet a page, the application form's two (it asks for more).
PAGES_A_SHEET = {"topic": 1, "spending": 1, "evaluation": 1, "signin": 1, "application": 2}


@pytest.mark.parametrize("scripts", [True, False], ids=["qr-drawn", "without-javascript"])
@pytest.mark.parametrize("form", PAGES_A_SHEET)
def test_paper_forms_print_in_10_5pt_or_larger_on_as_many_a4_pages_as_ever(browser, served, form, scripts):
    _, url = served
    context = browser.new_context(java_script_enabled=scripts, locale="zh-CN")
    page = context.new_page()
    page.goto(url + f"forms/{form}/S1.html")
    page.wait_for_load_state("networkidle")
    sheets = page.locator(".yl-paper").count()
    small = small_printed_text(page)  # hints, the code's caption and the address too; without scripts, the address
    pages = pdf_pages(page)
    context.close()
    assert small == [], f"printed under {PRINT_MIN_PX}px (10.5pt): {small[:5]}"
    assert sheets and pages == sheets * PAGES_A_SHEET[form]


def test_a_link_from_a_topic_fills_in_the_topic_and_names_it(page, served):
    _, url = served
    # A topic's page links here; a crafted link cannot choose the rating or the reference for the resident.
    page.goto(url + "forms/evaluation/?hub=P01&topic=T2&rating=%E6%BB%A1%E6%84%8F&ref=Wforged")
    page.locator("form.yl-form").wait_for(state="visible")
    assert page.locator("#f-topic").input_value() == "T2" and page.locator("#f-hub").input_value() == "P01"
    assert not page.locator("input[name=rating]:checked").count() and page.locator("#f-ref").input_value() == ""
    named = page.locator("[data-field=topic] .yl-field__confirm")
    said = "document.querySelector('[data-field=topic] .yl-field__confirm').textContent.includes('{}')"
    page.wait_for_function(said.format("文明养犬"))
    assert named.inner_text() == "编号 T2 是：文明养犬"
    assert named.get_attribute("id") in page.locator("#f-topic").get_attribute("aria-describedby").split()
    page.fill("#f-suggestion", "便袋箱再多放一个")
    # Another topic's link opens its own draft, not this one's.
    page.goto(url + "forms/evaluation/?hub=P01&topic=T3")
    page.locator("form.yl-form").wait_for(state="visible")
    assert page.locator("#f-topic").input_value() == "T3" and page.locator("#f-suggestion").input_value() == ""
    page.goto(url + "forms/evaluation/?hub=P01&topic=T2")
    page.locator("form.yl-form").wait_for(state="visible")
    assert page.locator("#f-suggestion").input_value() == "便袋箱再多放一个"
    # A code typed by hand that is no topic is said to be unknown.
    page.fill("#f-topic", "T99")
    page.locator("#f-topic").press("Tab")
    page.wait_for_function(said.format("T99"))
    assert named.inner_text() == "没有找到编号 T99 的议题，请核对"


def fill_in_a_topic(page) -> None:
    page.fill("#f-title", "楼道灯坏了")
    page.select_option("#f-category", "安全")
    page.fill("#f-description", "三楼的灯一直不亮")
    page.fill("#f-raised_by", "张")
    page.get_by_role("button", name="检查填写内容").click()
    page.locator(".yl-form__done").wait_for(state="visible")


@pytest.mark.parametrize("hub, call", [
    ("P01", "打电话给东方社区友邻站：0571-80000011，把填好的内容念给社工听。"),  # a point's station
    ("S1", "打电话给东方社区友邻站：0571-80000011，把填好的内容念给社工听。"),
    ("C1", "打电话给示例友邻中心：0571-80000001，把填好的内容念给社工听。"),
    ("S2", None),  # no phone published: the other steps still say what to do
])
def test_without_an_endpoint_a_resident_is_told_the_form_is_not_sent_and_whom_to_call(page, served, hub, call):
    _, url = served
    page.goto(url + f"forms/topic/?hub={hub}")
    fill_in_a_topic(page)
    done = page.locator(".yl-form__done")
    assert done.locator("h2").inner_text() == "填好了，还要交给社工"
    assert "还没有交出去" in done.locator(".yl-form__done-text").inner_text()
    steps = done.locator(".yl-form__next > li")
    if call:
        page.wait_for_function("!document.querySelector('.yl-form__call').hidden")
        assert steps.nth(0).inner_text() == call
        tel = done.locator(".yl-form__call-phone").get_attribute("href")
        assert tel == "tel:" + "".join(ch for ch in call.split("：")[1] if ch.isdigit())
    else:
        page.wait_for_load_state("networkidle")
        assert not done.locator(".yl-form__call").is_visible()
    assert done.get_by_text("把这一页给友邻点负责人或社工看。").is_visible()
    assert done.get_by_role("button", name="打印填好的表").is_visible()
    # The downloads are still there for the social worker, folded away under their own smaller label: a resident
    # whose form exists only on her phone has nothing to do with a file.
    office = done.locator("details.yl-form__downloads")
    json_button = office.get_by_role("button", name="下载记录（JSON）")
    assert office.locator("summary").inner_text() == "社工用：下载记录"
    assert not json_button.is_visible()
    office.locator("summary").click()
    assert json_button.is_visible()
    label, step = (page.evaluate(f"parseFloat(getComputedStyle(document.querySelector('{selector}')).fontSize)")
                   for selector in (".yl-form__office", ".yl-form__next li"))
    assert label < step


def test_when_the_endpoint_fails_the_resident_is_told_whom_to_call(page, served_with_endpoint):
    page.route("https://forms.shili.youlin.test/submit", lambda route: route.fulfill(status=503, body=""))
    page.goto(served_with_endpoint + "forms/topic/?hub=P01")
    page.locator("form.yl-form").wait_for(state="visible")
    page.fill("#f-title", "楼道灯坏了")
    page.select_option("#f-category", "安全")
    page.fill("#f-description", "三楼的灯一直不亮")
    page.fill("#f-raised_by", "张")
    page.get_by_role("button", name="检查并提交").click()
    done = page.locator(".yl-form__done")
    done.wait_for(state="visible")
    page.wait_for_function("!document.querySelector('.yl-form__call').hidden")
    assert done.locator(".yl-form__call").inner_text().startswith("打电话给东方社区友邻站：0571-80000011")


# A hub's page links to its sheet in its station's file (…/S1.html#P01): only that sheet prints. The
# application is a station's form: its file holds the one sheet, on two pages.
@pytest.mark.parametrize("form, hub", [("topic", "P01"), ("topic", "S1"), ("signin", "P02"), ("application", "S1")])
def test_a_hubs_print_link_prints_that_hubs_sheet_alone(browser, served, form, hub):
    _, url = served
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url + f"forms/{form}/S1.html#{hub}")
    page.wait_for_load_state("networkidle")
    pages = pdf_pages(page)  # the footer's "共 n 页" is counter(pages): the pages that print
    page.emulate_media(media="print")
    printed = page.evaluate("[...document.querySelectorAll('.yl-paper')].filter(e => e.getClientRects().length)"
                            ".map(e => e.id)")
    context.close()
    assert pages == PAGES_A_SHEET[form]  # all of the hub's pages (the application's two), and no other hub's
    assert printed == [hub]


MM = 96 / 25.4  # CSS px in a millimetre


def test_the_paper_topic_form_leaves_room_for_an_elderly_hand(browser, served):
    _, url = served
    # Laid out as on paper: A4 less print_style's margins (180 x 259 mm).
    context = browser.new_context(locale="zh-CN", viewport={"width": round(180 * MM), "height": round(259 * MM)})
    page = context.new_page()
    page.goto(url + "forms/topic/S1.html#P01")
    page.wait_for_load_state("networkidle")
    pages = pdf_pages(page)
    page.emulate_media(media="print")
    sheet = page.locator("#P01")
    top = sheet.bounding_box()["y"]

    def heights(selector: str) -> list[float]:
        return [b["height"] / MM for b in (sheet.locator(selector).nth(i).bounding_box()
                                          for i in range(sheet.locator(selector).count()))]

    def widths(selector: str) -> list[float]:
        return [b["width"] / MM for b in (sheet.locator(selector).nth(i).bounding_box()
                                         for i in range(sheet.locator(selector).count()))]

    type_px = page.evaluate("""(sheet) => [...sheet.querySelectorAll('*')]
      .filter(e => e.getClientRects().length && !e.closest('svg')
                   && [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()))
      .map(e => parseFloat(getComputedStyle(e).fontSize))""", sheet.element_handle())
    single = heights(".yl-paper__field--text .yl-paper__box")
    (main,) = heights("[data-field=description] .yl-paper__box")
    last = sheet.locator(".yl-paper__url").bounding_box()
    signature_dates = [widths(f".yl-paper__signatures .yl-paper__line >> nth={i} >> .yl-paper__date .yl-paper__blank")
                       for i in range(2)]
    field_date = widths("[data-field=raised_on] .yl-paper__blank")
    context.close()
    assert min(type_px) >= 16  # 12pt: labels, hints, choices, the address
    assert len(single) == 3 and min(single) >= 12
    assert main >= 50
    assert (last["y"] + last["height"] - top) / MM > 259 - 10  # the box takes the page: no quarter left blank
    # Lines for 2026 年 12 月 7 日 in a large hand: the year's four digits, then the month's and the day's two.
    for blanks in (*signature_dates, field_date):
        assert len(blanks) == 3 and blanks[0] >= 22 and min(blanks[1:]) >= 14
    assert pages == 1


# What prints of a live form (emulate print media first): the controls still showing, each answer with whether
# its box cuts it off, the signature lines, the headings and the last line of text that print.
_PRINTED_FORM = """() => {
  const printed = e => e.getClientRects().length > 0;
  const article = document.querySelector('article');
  const texts = [...article.querySelectorAll('*')].filter(e => printed(e)
    && [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
  return {
    controls: [...article.querySelectorAll('input, select, textarea')].filter(printed).map(e => e.name),
    answers: Object.fromEntries([...article.querySelectorAll('.yl-paper__field')].filter(printed).map(field => [
      field.dataset.field,
      [...field.querySelectorAll('.yl-paper__answer')].map(a => ({
        text: a.textContent, lines: a.innerText.split('\\n').length,
        cut: a.scrollHeight > a.clientHeight + 1 || a.scrollWidth > a.clientWidth + 1}))])),
    signatures: [...article.querySelectorAll('.yl-paper__signatures .yl-paper__line')].filter(printed)
      .map(e => e.textContent.split('：')[0]),
    headings: [...article.querySelectorAll('h1, h2, h3')].filter(printed).map(e => e.textContent.trim()),
    last: texts.length ? texts[texts.length - 1].closest('p, div, h1, h2, h3').className : null,
  };
}"""

LONG = "\n".join(f"第{i}行：三楼的灯一直不亮，晚上老人上下楼很危险，希望物业尽快修好。" for i in range(1, 16))


def test_a_filled_in_form_prints_whole_and_signable_with_the_date_in_words(browser, served):
    _, url = served
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "forms/topic/?hub=P01")
    page.locator("form.yl-form").wait_for(state="visible")
    page.fill("#f-title", "楼道灯坏了")
    page.select_option("#f-category", "安全")
    page.fill("#f-description", LONG)
    page.fill("#f-raised_on", "2026-12-07")
    page.get_by_role("button", name="检查填写内容").click()
    page.locator(".yl-form__done").wait_for(state="visible")
    pages = pdf_pages(page)
    small = small_printed_text(page)  # leaves the page printing
    printed = page.evaluate(_PRINTED_FORM)
    context.close()
    # Answers in plain text, whole: not the inputs, whose boxes cut a long text to what fits on screen.
    assert printed["controls"] == []
    answers = printed["answers"]
    assert answers["description"] == [{"text": LONG, "lines": 15, "cut": False}]
    assert [a["text"] for a in answers["title"]] == ["楼道灯坏了"] and [a["text"] for a in answers["category"]] == ["安全"]
    assert [a["text"] for a in answers["raised_at"]] == ["P01"]
    assert [a["text"] for a in answers["raised_on"]] == ["2026年12月7日"]  # not the browser's date widget
    assert answers["raised_by"] == []  # left empty: the paper's box, to write in by hand
    assert not any(a["cut"] for field in answers.values() for a in field)
    # The paper sheet's signature lines (the form definition's print settings): the page says to sign it.
    assert printed["signatures"] == ["提出人签名", "收表人签收"]
    # No heading printed with nothing under it: the sheet ends with its signatures.
    assert "交回以后" not in printed["headings"]
    assert printed["last"] == "yl-paper__line"
    assert small == [] and pages == 1


def test_a_question_not_asked_does_not_print(browser, served):
    _, url = served
    context = browser.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(url + "forms/evaluation/?hub=P01")
    page.locator("form.yl-form").wait_for(state="visible")
    page.get_by_label("不满意", exact=True).check()
    page.fill("#f-reason", "还是有人不牵绳")
    page.emulate_media(media="print")
    asked = page.evaluate(_PRINTED_FORM)["answers"]
    page.emulate_media(media="screen")  # the form is filled in on screen: in print it gives way to its paper
    page.get_by_label("满意", exact=True).check()
    page.emulate_media(media="print")
    not_asked = page.evaluate(_PRINTED_FORM)["answers"]
    context.close()
    assert asked["rating"][0]["text"] == "不满意" and asked["reason"][0]["text"] == "还是有人不牵绳"
    assert not_asked["rating"][0]["text"] == "满意" and "reason" not in not_asked


# A station's sheets, as a point's page links them: on a phone's screen nothing runs off the right edge.
@pytest.mark.parametrize("path", ["forms/topic/S1.html#P01", "forms/spending/S1.html", "forms/application/S1.html"])
def test_printable_sheets_fit_a_phone_and_print_their_rows_as_ever(browser, served, path):
    _, url = served
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(url + path)
    page.wait_for_load_state("networkidle")
    rows = """() => [...document.querySelectorAll('.yl-paper__signatures .yl-paper__line')]
      .filter(line => line.getClientRects().length).map(line => {
      const blank = line.querySelector('.yl-paper__blank--fill').getBoundingClientRect();
      const date = line.querySelector('.yl-paper__date').getBoundingClientRect();
      return date.top >= blank.bottom ? 'wrapped' : 'one row';
    })"""
    width = page.evaluate("document.documentElement.scrollWidth")
    on_screen = page.evaluate(rows)
    page.emulate_media(media="print")
    in_print = page.evaluate(rows)
    context.close()
    assert width <= 390
    assert on_screen and set(on_screen) == {"wrapped"}  # the date under its line
    assert set(in_print) == {"one row"}  # on A4, as before


# In 大字模式 a sign sheet's five columns are wider than a 390px phone: the sheet scrolls in a named frame a keyboard
# reaches, as a wide table does, instead of widening the whole page (the blank sheet means nothing as cards).
def test_a_sign_sheet_in_large_type_scrolls_in_its_frame_not_the_page(browser, served):
    _, url = served
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    context.add_init_script("localStorage.setItem('yl-large', '1')")
    page = context.new_page()
    page.goto(url + "covenants/chenguang/sign-P01/")
    page.wait_for_load_state("networkidle")
    frame = page.locator(".yl-sheet__frame")
    measured = frame.evaluate("""frame => ({page: document.documentElement.scrollWidth,
      wider: frame.scrollWidth > frame.clientWidth, tabindex: frame.getAttribute('tabindex'),
      role: frame.getAttribute('role'), label: frame.getAttribute('aria-label')})""")
    context.close()
    assert measured == {"page": 390, "wider": True, "tabindex": "0", "role": "region", "label": "表格，可左右滑动"}


# ---------------------------------------------------------------- on a phone, in large type


def _phone(browser, large: bool = True):
    """The reviewer's phone (390 x 844, three device pixels to a CSS pixel), in 大字模式 if `large`."""
    context = browser.new_context(viewport=NARROW, device_scale_factor=3, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    if large:
        context.add_init_script("localStorage.setItem('yl-large', '1')")
    return context


@pytest.mark.parametrize("viewport", [NARROW, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_a_paper_only_forms_page_runs_without_a_script_error(browser, served, viewport):
    # The sign-in sheet has no web form: forms.js read a form that is not there, at every width.
    _, url = served
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(url + "forms/signin/")
    page.wait_for_load_state("networkidle")
    page.goto(url + "forms/evaluation/")  # and a web form's page after it still works
    page.locator("form.yl-form").wait_for(state="visible")
    context.close()
    assert errors == []


def test_in_large_type_a_phones_radio_buttons_are_a_fingers_size(browser, served):
    _, url = served
    context = _phone(browser)
    page = context.new_page()
    page.goto(url + "forms/evaluation/")
    page.locator("form.yl-form").wait_for(state="visible")
    sizes = page.evaluate("[...document.querySelectorAll('.yl-radio input')].map(i => i.getBoundingClientRect())"
                          ".map(r => [r.width, r.height])")
    context.close()
    assert sizes and min(min(size) for size in sizes) >= 44


@pytest.mark.parametrize("picker", [True, False], ids=["date-picker", "typed"])
def test_a_dates_written_format_is_hinted_only_where_it_is_typed(browser, served, picker):
    # "写成 2018-12-10" over a phone's date picker, where nobody writes the date.
    _, url = served
    context = _phone(browser, large=False)
    if not picker:  # a browser without a date picker shows <input type="date"> as a text box, and says its type is text
        context.add_init_script("""(() => {
          const type = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'type');
          Object.defineProperty(HTMLInputElement.prototype, 'type', {configurable: true, set: type.set,
            get() { const t = type.get.call(this); return t === 'date' ? 'text' : t; }});
        })()""")
    page = context.new_page()
    page.goto(url + "forms/evaluation/")
    page.locator("form.yl-form").wait_for(state="visible")
    hint = page.locator("form.yl-form #f-date-hint")
    shown = hint.is_visible()
    described = page.locator("#f-date").get_attribute("aria-describedby") or ""
    paper = page.locator(".yl-form-paper [data-field=date]").inner_text()
    context.close()
    assert shown is not picker
    assert ("f-date-hint" in described.split()) is not picker
    assert "年" in paper and "月" in paper  # on paper the blanks say how: 年 月 日


# What a hub's printable sheet shows on screen (its header and the sheet opened), with the print button in view.
_SHEET_ON_SCREEN = """(hub) => {
  const shown = e => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden';
  const parts = [document.querySelector('.yl-printpage__header'), document.getElementById(hub)];
  const texts = parts.flatMap(part => [...part.querySelectorAll('*')]).filter(e => shown(e) && !e.closest('svg')
    && [...e.childNodes].some(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
  const targets = parts.flatMap(part => [...part.querySelectorAll('a, button')]).filter(shown);
  const inView = r => r.top >= 0 && r.bottom <= innerHeight;
  return {
    large: document.documentElement.classList.contains('yl-large'),
    body: parseFloat(getComputedStyle(document.body).fontSize),
    smallest: Math.min(...texts.map(e => parseFloat(getComputedStyle(e).fontSize))),
    small: texts.filter(e => parseFloat(getComputedStyle(e).fontSize) < 18).map(e => e.textContent.trim().slice(0, 12)),
    targets: targets.map(e => [e.textContent.trim(), e.getBoundingClientRect().width, e.getBoundingClientRect().height])
      .filter(([, w, h]) => w < 44 || h < 44),
    print: [...document.getElementById(hub).querySelectorAll('button')].filter(shown)
      .filter(b => inView(b.getBoundingClientRect())).map(b => b.textContent.trim()),
    width: document.documentElement.scrollWidth,
  };
}"""


def test_a_hubs_printable_sheet_on_a_phone_in_large_type_is_read_and_printed_from_where_it_opens(browser, served):
    # Come from a point's page (…/S1.html#P02), the sheet was in 16px type whatever the switch said, its code's caption
    # and address in 12.8px, its only print button at the top of the file, 3000px above, in 13px, 25px tall.
    _, url = served
    context = _phone(browser)
    page = context.new_page()
    page.goto(url + "points/P02/")
    hub_page = page.evaluate("parseFloat(getComputedStyle(document.querySelector('article p')).fontSize)")
    page.goto(url + "forms/topic/S1.html#P02")  # the last of the station's three sheets
    page.wait_for_load_state("networkidle")
    seen = page.evaluate(_SHEET_ON_SCREEN, "P02")
    page.evaluate("() => { window.print = () => { window.printed = (window.printed || []).concat(location.hash); }; }")
    page.locator("#P02").get_by_role("button").click()
    # Another sheet's own button prints that sheet: scrolled to, it becomes the one the file opens at.
    page.locator("#S1").get_by_role("button").click()
    printed = page.evaluate("window.printed")
    page.emulate_media(media="print")
    sheets = page.evaluate("[...document.querySelectorAll('.yl-paper')].filter(e => e.getClientRects().length)"
                           ".map(e => e.id)")
    context.close()
    assert seen["large"] and seen["body"] >= hub_page - 0.5  # the hub pages' large type
    assert seen["small"] == [] and seen["smallest"] >= 18, seen["small"]
    assert seen["targets"] == []  # every link and button a finger's 44px
    assert seen["print"] == ["打印这一张"]  # where the link lands
    assert seen["width"] <= NARROW["width"]
    assert printed == ["#P02", "#S1"] and sheets == ["S1"]


@pytest.mark.parametrize("path", ["forms/topic/S1.html", "forms/topic/S1.html#P01", "forms/signin/S1.html",
                                  "forms/application/S1.html"])
def test_large_type_leaves_the_printed_sheets_as_they_are(browser, served, path):
    from browser import pdf_text

    _, url = served
    printed = {}
    for large in (False, True):
        context = _phone(browser, large)
        page = context.new_page()
        page.goto(url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.documentElement.classList.contains('yl-large')") is large
        printed[large] = pdf_text(page.pdf(format="A4", prefer_css_page_size=True))
        context.close()
    assert printed[True] == printed[False]
