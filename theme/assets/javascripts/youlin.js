/* Residents' helpers: the large-type toggle, the "我的友邻点" picker and print buttons.
 * Data is inserted with textContent only, never as HTML. Works with Material's
 * instant navigation (re-run on every page) and without it. */
(function () {
  "use strict";

  var LARGE_KEY = "yl-large";

  function setupLargeType() {
    var button = document.querySelector(".yl-large-toggle");
    if (!button || button.dataset.ready) return;
    button.dataset.ready = "1";
    var root = document.documentElement;
    /* The tables' cards (cards.css) on every screen in large type: theme/main.html has both media. */
    var cards = document.getElementById("yl-cards");
    function show() {
      var on = root.classList.contains("yl-large");
      button.setAttribute("aria-pressed", on ? "true" : "false");
      button.textContent = on ? "恢复正常字号" : "大字模式";
      if (cards) cards.media = cards.getAttribute(on ? "data-yl-large-media" : "data-yl-media");
    }
    button.hidden = false;
    show();
    button.addEventListener("click", function () {
      var on = root.classList.toggle("yl-large");
      try { localStorage.setItem(LARGE_KEY, on ? "1" : "0"); } catch (e) { /* private mode: no memory */ }
      show();
    });
  }

  function element(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  function link(text, href) {
    var a = element("a", text);
    a.href = href;
    return a;
  }

  function field(list, term, value) {
    if (!value) return;
    list.appendChild(element("dt", term));
    var dd = element("dd");
    if (typeof value === "string") dd.textContent = value; else dd.appendChild(value);
    list.appendChild(dd);
  }

  /* Opening hours, each time range in a span that keeps it on one line, as the pages have them (render.hours). */
  var TIME_RANGE = /\d{1,2}[:：]\d{2}\s*[-–—~～至到]\s*\d{1,2}[:：]\d{2}/g;

  function hours(text) {
    var node = element("span"), last = 0, match;
    TIME_RANGE.lastIndex = 0;
    while ((match = TIME_RANGE.exec(text))) {
      node.appendChild(document.createTextNode(text.slice(last, match.index)));
      node.appendChild(element("span", match[0], "yl-time"));
      last = match.index + match[0].length;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
    return node;
  }

  function pointCard(point, base) {
    var card = element("section", null, "yl-find__card");
    var title = element("h2");
    title.appendChild(link(point.name, new URL(point.url, base).href));
    card.appendChild(title);
    if (point.status) card.appendChild(element("p", "这个友邻点目前" + point.status + "，有事请先联系所属友邻站。", "yl-find__status"));
    var list = element("dl");
    field(list, "地址", point.address);
    field(list, "开放时间", point.opening_hours && hours(point.opening_hours));
    var contact = element("span", (point.leader ? point.leader + "（负责人）" : "友邻点负责人"));
    if (point.tel) {
      contact.appendChild(document.createTextNode("，电话 "));
      contact.appendChild(link(point.phone, "tel:" + point.tel));
    } else {
      contact.appendChild(document.createTextNode(point.station_phone ? "（电话不公开，有事请打所属友邻站的电话）"
                                                                      : "（电话不公开，请到现场或通过所属友邻站联系）"));
    }
    field(list, "联系人", contact);
    field(list, "服务内容", point.services.join("、"));
    var station = element("span");
    station.appendChild(link(point.station, new URL(point.station_url, base).href));
    if (point.station_phone) {
      station.appendChild(document.createTextNode("，电话 "));
      station.appendChild(link(point.station_phone, "tel:" + point.station_phone.replace(/\D/g, "")));
    }
    field(list, "所属友邻站", station);
    field(list, "编号", point.id + "（填写表格时用）");  /* as the point's page and poster say it */
    card.appendChild(list);
    return card;
  }

  /* The two steps of “我的友邻点”, shared with the forms' code finder (forms.js): the communities from the index
   * file, then only the chosen community's small file, so no download grows with the whole network.
   * `on.community(byResident)` runs as a community is chosen, `on.compound(compound or null, current, byResident)`
   * as a compound is (current: {data, base, community}), `on.failed(community)` when its file could not be read.
   * Resolves, once the communities are listed, to `choose(communityId, compoundName)`, which chooses them again. */
  function communityPicker(indexUrl, communitySelect, compoundSelect, on) {
    var communities = [];
    var current = null;

    function resetCompounds(text) {
      compoundSelect.textContent = "";
      compoundSelect.appendChild(new Option(text, ""));
      compoundSelect.disabled = true;
    }

    function chosenCompound() {
      return current && compoundSelect.value !== "" ? current.data.compounds[Number(compoundSelect.value)] : null;
    }

    function showCommunity(compoundName, byResident) {
      current = null;
      on.community(byResident);
      var chosen = communities.filter(function (c) { return c.id === communitySelect.value; })[0];
      if (!chosen) { resetCompounds("请先选社区或村"); return; }
      resetCompounds("正在读取……");
      var dataUrl = new URL(chosen.data, indexUrl);
      fetch(dataUrl).then(function (r) { return r.json(); }).then(function (data) {
        if (communitySelect.value !== chosen.id) return;  /* another community was chosen meanwhile */
        current = { data: data, base: dataUrl, community: chosen };
        compoundSelect.textContent = "";
        compoundSelect.appendChild(new Option("请选择" + chosen.unit + "……", ""));
        data.compounds.forEach(function (c, i) { compoundSelect.appendChild(new Option(c.name, String(i))); });
        compoundSelect.disabled = false;
        var kept = data.compounds.map(function (c) { return c.name; }).indexOf(compoundName);
        if (kept >= 0) {
          compoundSelect.value = String(kept);
          on.compound(chosenCompound(), current, false);
        } else if (byResident) {
          compoundSelect.focus();
        }
      }).catch(function () { on.failed(chosen); });
    }

    communitySelect.addEventListener("change", function () { showCommunity(null, true); });
    compoundSelect.addEventListener("change", function () { on.compound(chosenCompound(), current, true); });

    return fetch(indexUrl).then(function (r) { return r.json(); }).then(function (data) {
      communities = data.communities;
      communities.forEach(function (c) {
        communitySelect.appendChild(new Option(c.name + "（" + c.area + "）", c.id));
      });
      return function choose(communityId, compoundName) {
        if (!communities.some(function (c) { return c.id === communityId; })) return;
        communitySelect.value = communityId;
        showCommunity(compoundName, false);
      };
    });
  }

  window.ylFind = { picker: communityPicker };

  function setupFinder() {
    var box = document.querySelector(".yl-find");
    if (!box || box.dataset.ready) return;
    box.dataset.ready = "1";
    var communitySelect = box.querySelector("#yl-find-community");
    var result = box.querySelector("#yl-find-result");

    function say(text) {
      result.textContent = "";
      result.appendChild(element("p", text));
    }

    /* The choice is kept in the address (#c=dongfang&k=晨光苑): the back button returns to it, and a
     * family member can send the link to an older resident. */
    function remember(community, compound) {
      var params = new URLSearchParams();
      if (community) params.set("c", community);
      if (compound) params.set("k", compound);
      var hash = params.toString();
      history.replaceState(history.state, "", hash ? "#" + hash : location.pathname + location.search);
    }

    function showCompound(compound, current) {
      result.textContent = "";
      if (!compound) return;
      if (!compound.points.length) {
        say(compound.name + "暂时还没有友邻点，请联系" + current.community.name + "的友邻站。");
        return;
      }
      result.appendChild(element("p", "为" + compound.name + "服务的友邻点：", "yl-find__lead"));
      compound.points.forEach(function (p) { result.appendChild(pointCard(p, current.base)); });
    }

    communityPicker(new URL(box.dataset.index, location.href), communitySelect, box.querySelector("#yl-find-compound"), {
      community: function (byResident) {
        if (byResident) remember(communitySelect.value, null);
        result.textContent = "";
      },
      compound: function (compound, current, byResident) {
        if (byResident) remember(communitySelect.value, compound && compound.name);
        showCompound(compound, current);
        /* On a phone the cards began at the screen's bottom edge, under the choice just made: bring them up. */
        if (byResident && compound && result.getBoundingClientRect().top > window.innerHeight * 0.6) {
          result.scrollIntoView({ block: "start" });
        }
      },
      failed: function () { say("读取失败，请点下方的社区名称查看。"); }
    }).then(function (choose) {
      box.hidden = false;
      var kept = new URLSearchParams(location.hash.slice(1));
      choose(kept.get("c"), kept.get("k"));
    }).catch(function () { /* the plain list of communities below still works */ });
  }

  /* Names for two of Material's widgets that have none: the search dialog, and the
   * scrolling wrapper of wide tables (which must also be reachable by keyboard), a sign sheet's frame too. */
  function labelWidgets() {
    var search = document.querySelector(".md-search[role='dialog']");
    if (search && !search.hasAttribute("aria-label")) search.setAttribute("aria-label", "搜索");
    document.querySelectorAll(".md-typeset__scrollwrap, .yl-sheet__frame").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex")) return;
      wrap.setAttribute("tabindex", "0");
      wrap.setAttribute("role", "region");
      wrap.setAttribute("aria-label", "表格，可左右滑动");
    });
  }

  /* A lone Han character is no word of the search index (mkdocs.yml: a lone 清 would cut 清翠湾 short), so a
   * search for 狗 finds nothing; under Material's "没有找到" the resident is told what to type instead. */
  function hintShortQueries() {
    var input = document.querySelector("input.md-search__input");
    var meta = document.querySelector(".md-search-result__meta");
    if (!input || !meta || input.dataset.ylHint) return;
    input.dataset.ylHint = "1";
    var hint = element("p", "一个字搜不到：请输入两个字以上的词，如小区名、“停车”。", "yl-search-hint");
    hint.hidden = true;
    meta.parentNode.insertBefore(hint, meta.nextSibling);
    var list = document.querySelector(".md-search-result__list");
    function update() {
      var words = input.value.trim().split(/\s+/);
      var single = words.every(function (word) { return /^[\u4e00-\u9fff]$/.test(word); });
      // A character that begins a word of the index (狗 of a covenant's 狗粪) does find pages: then no hint.
      hint.hidden = !single || Boolean(list && list.children.length);
    }
    ["input", "keyup", "focus"].forEach(function (event) { input.addEventListener(event, update); });
    // The results come later, from Material's search worker.
    if (list) new MutationObserver(update).observe(list, { childList: true });
  }

  /* A phone's browser hides its print command (WeChat's has none): pages meant for paper carry a
   * button, hidden until a script can make it work. */
  function setupPrintButtons() {
    document.querySelectorAll(".yl-print-button").forEach(function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  function setup() {
    labelWidgets();
    hintShortQueries();
    setupLargeType();
    setupFinder();
    setupPrintButtons();
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
