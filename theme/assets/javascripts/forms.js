/* Web forms built from the generator's form definitions (generator/forms/).
 *
 * The page carries its form's rules as JSON (data-spec), written at build time from the same
 * Table Schema the office's intake check uses, with the Chinese message for each
 * rule. `validate` below interprets them the way frictionless does (tests run a
 * shared table of values through both). Without JavaScript the page shows the
 * printable paper form instead; with it, that paper is what prints, filled in (`paperAnswers`).
 * Data is inserted with textContent only. Works with Material's instant navigation (re-run on
 * every page) and without it. */
(function () {
  "use strict";

  // ------------------------------------------------------------------ the validator

  var RULES = ["required", "type", "enum", "pattern", "minLength", "maxLength", "minimum", "maximum"];
  // Python's str.strip() whitespace (JavaScript's trim() differs: it strips U+FEFF, not U+001C–U+001F, U+0085).
  var SPACE = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
  var TRIM = new RegExp("^" + SPACE + "+|" + SPACE + "+$", "g");
  // frictionless reads dates with strptime("%Y-%m-%d"): these are the digits that format accepts.
  var DATE = /^([0-9]{4})-(1[0-2]|0[1-9]|[1-9])-(3[01]|[12][0-9]|0[1-9]|[1-9]| [1-9])$/;
  var INTEGER = /^[+-]?[0-9]+(?:_[0-9]+)*$/;
  var NUMBER = /^[+-]?(?:[0-9]+(?:_[0-9]+)*(?:\.(?:[0-9]+(?:_[0-9]+)*)?)?|\.[0-9]+(?:_[0-9]+)*)(?:[eE][+-]?[0-9]+)?$/;
  var NUMERIC = { date: true, integer: true, number: true };

  function chars(text) { return Array.from(text).length; }

  /* A value as the intake reads it: trimmed, empty as null; full-width digits typed with a
   * Chinese input method count as digits in dates and numbers (the Python side does the same). */
  function cellText(field, value) {
    if (value === undefined || value === null) return null;
    if (typeof value === "boolean" && field.type === "boolean") return value ? field.trueValues[0] : field.falseValues[0];
    var text = String(value).replace(TRIM, "");
    if (NUMERIC[field.type]) {
      text = text.replace(/[\uff10-\uff19]/g, function (d) { return String.fromCharCode(d.charCodeAt(0) - 0xff10 + 48); })
        .replace(/\uff0d/g, "-").replace(/\uff0e/g, ".");
    }
    return text === "" ? null : text;
  }

  function shown(spec, values) {
    var visible = {};
    spec.fields.forEach(function (f) {
      visible[f.name] = !f.show_if || f.show_if.values.indexOf(values[f.show_if.field]) >= 0;
    });
    return visible;
  }

  function readValue(field, text) {
    if (field.type === "date") {
      var m = DATE.exec(text);
      if (!m) return undefined;
      var y = +m[1], mo = +m[2], d = +m[3].trim();
      var day = new Date(Date.UTC(2000, mo - 1, d));
      day.setUTCFullYear(y);
      if (y < 1 || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return undefined;
      return text;
    }
    if (field.type === "integer") return INTEGER.test(text) ? Number(text.replace(/_/g, "")) : undefined;
    if (field.type === "number") return NUMBER.test(text) ? Number(text.replace(/_/g, "")) : undefined;
    if (field.type === "boolean") {
      if (field.trueValues.indexOf(text) >= 0) return true;
      if (field.falseValues.indexOf(text) >= 0) return false;
      return undefined;
    }
    return text;
  }

  function failing(field, text) {
    var c = field.constraints || {};
    if (text === null) return c.required ? "required" : null;
    var value = readValue(field, text);
    if (value === undefined) return "type";
    if (c.enum && c.enum.map(function (v) { return readValue(field, String(v)); }).indexOf(value) < 0) return "enum";
    if (c.pattern !== undefined && field.type === "string" && !new RegExp("^" + c.pattern + "$", "u").test(text)) return "pattern";
    if (c.minLength !== undefined && chars(text) < c.minLength) return "minLength";
    if (c.maxLength !== undefined && chars(text) > c.maxLength) return "maxLength";
    if (c.minimum !== undefined && typeof value === "number" && value < c.minimum) return "minimum";
    if (c.maximum !== undefined && typeof value === "number" && value > c.maximum) return "maximum";
    return null;
  }

  /* Every field's first failing rule, in the form's order: [{field, rule, message}]. */
  function cleaned(spec, values) {
    var cells = {};
    spec.fields.forEach(function (f) { cells[f.name] = cellText(f, values[f.name]); });
    return cells;
  }

  function validate(spec, values) {
    var cells = cleaned(spec, values);
    var visible = shown(spec, cells);
    var errors = [];
    spec.fields.forEach(function (f) {
      var rule = failing(f, visible[f.name] ? cells[f.name] : null);
      if (rule) errors.push({ field: f.name, rule: rule, message: f.messages[rule] });
    });
    return errors;
  }

  /* The record as submitted: texts, hidden fields left out; booleans as true/false for JSON. */
  function record(spec, values) {
    var cells = cleaned(spec, values);
    var visible = shown(spec, cells);
    var out = {};
    spec.fields.forEach(function (f) {
      var text = visible[f.name] ? cells[f.name] : null;
      if (text === null) return;
      out[f.name] = f.type === "boolean" ? readValue(f, text) : f.type === "integer" || f.type === "number" ? Number(text) : text;
    });
    return out;
  }

  window.ylForms = { validate: validate, record: record, cellText: cellText, rules: RULES };

  // ------------------------------------------------------------------ the page

  var DRAFT = "yl-form:";
  var HUB_CODE = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;  /* a hub's id, as the schemas allow it */

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  var TEL = /^tel:\+?[0-9]+$/;
  var read = {};  /* pages already read, by address: a code is looked up as it is typed, and again when sent */

  /* What the page at `url` says: {name, phone, tel, station} from its title, its phone marked
   * .yl-contact-phone (a station's, the centre's) and its link marked .yl-hub-station (a point's station).
   * Resolves to null on a 404, undefined when it could not be read (tried again next time). */
  function readPage(url) {
    if (!read[url]) {
      read[url] = fetch(url).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) return undefined;
        return r.text().then(function (html) {
          var doc = new DOMParser().parseFromString(html, "text/html");
          var title = doc.querySelector("article h1");
          if (!title) return undefined;
          var phone = doc.querySelector("article a.yl-contact-phone");
          var tel = phone && phone.getAttribute("href");
          var station = doc.querySelector("article a.yl-hub-station");
          return { name: title.textContent.trim(), phone: TEL.test(tel || "") ? phone.textContent.trim() : null,
                   tel: tel, station: station ? new URL(station.getAttribute("href"), url).href : null };
        });
      }).catch(function () { return undefined; });
      read[url].then(function (found) { if (found === undefined) delete read[url]; });
    }
    return read[url];
  }

  /* The first page of `pages` (addresses with {id}) that has the code: what readPage gives, null when none
   * has it, undefined when none could be read. */
  function lookUp(code, pages) {
    return Promise.all(pages.map(function (page) {
      return readPage(new URL(page.replace("{id}", encodeURIComponent(code)), location.href).href);
    })).then(function (found) {
      var page = found.filter(function (item) { return item; })[0];
      if (page) return page;
      return found.every(function (item) { return item === null; }) ? null : undefined;
    });
  }

  /* The letters a hub's code begins with, before its first digit: the same rule as the generator's _id_prefix. */
  function idPrefix(code) { return /^\D*/.exec(code)[0]; }

  /* The hub with this code, from its own page (or from `hubs`, {id: {name, phone}}, for the centre, whose page
   * is not named by its code): a resident confirms a place by its name, not by a code. Null for a code no hub has.
   * Only the pages whose tier has codes beginning so are asked (data-hub-pages, {address with {id}: ["P", …]}),
   * so a point's code never asks for a station's page that is not there. */
  function hubPage(code, pages, hubs) {
    if (Object.prototype.hasOwnProperty.call(hubs, code)) {
      var phone = hubs[code].phone || null;
      return Promise.resolve({ name: hubs[code].name, phone: phone,
                               tel: phone && "tel:" + phone.replace(/[^0-9+]/g, ""), station: null });
    }
    var prefix = idPrefix(code);
    var candidates = Object.keys(pages).filter(function (page) {
      return pages[page].indexOf(prefix) >= 0;
    });
    return candidates.length ? lookUp(code, candidates) : Promise.resolve(null);
  }

  /* Whom to call about a form filled in for this hub: {whom, phone, tel}, or null. A point's forms go to its
   * station's social workers, so a point's page leads to its station's (the point's own number is a volunteer's,
   * when it is published at all). */
  function contact(found) {
    if (!found) return Promise.resolve(null);
    var office = found.station ? readPage(found.station) : Promise.resolve(found);
    return office.then(function (page) {
      if (!page || !page.phone || !TEL.test(page.tel || "")) return null;
      return { whom: page.name, phone: page.phone, tel: page.tel };
    });
  }

  function nameOf(found) { return found ? found.name : found; }

  /* Where a form for this compound goes, {hubs: [{code, name}], station}: where the form takes points, the running
   * points that serve it; else, where it takes stations, the stations of the points that serve it (or of all the
   * community's points, for a compound no point serves yet). */
  function hubsFor(compound, current, tiers) {
    function hubs(points, code, name) {
      var seen = {};
      return points.map(function (p) {
        return { code: p[code], name: p[name] };
      }).filter(function (hub) {
        var fresh = hub.code && !seen[hub.code];
        seen[hub.code] = true;
        return fresh;
      });
    }
    var running = compound.points.filter(function (p) { return !p.status; });
    var points = tiers.indexOf("point") >= 0 ? hubs(running, "id", "name") : [];
    if (points.length || tiers.indexOf("station") < 0) return { hubs: points, station: false };
    var all = [].concat.apply([], current.data.compounds.map(function (c) { return c.points; }));
    return { hubs: hubs(compound.points.length ? compound.points : all, "station_id", "station"), station: true };
  }

  /* “不知道编号？按住的小区找” (the template's details.yl-hubfinder): the find page's two steps (youlin.js), read
   * when opened, which fill the code in; the code's own confirmation then names the place. Not where a hub's
   * link filled the code in. */
  function setupHubFinder(form, input) {
    var box = form.querySelector(".yl-hubfinder");
    if (!box || !window.ylFind) return;
    var communitySelect = box.querySelector(".yl-hubfinder__community");
    var result = box.querySelector(".yl-hubfinder__result");
    var tiers = box.dataset.tiers.split(" ");
    box.hidden = false;

    function say(text, className) {
      var line = el("p", text, className);
      result.appendChild(line);
      return line;
    }

    function fill(hub) {
      input.value = hub.code;
      input.dispatchEvent(new Event("change", { bubbles: true }));  /* the confirmation, the draft, the paper */
      var before = result.querySelector(".yl-hubfinder__filled");  /* a choice's buttons stay, and the focus on them */
      if (before) before.remove();
      say("已填入" + hub.name + "的编号 " + hub.code + "。", "yl-hubfinder__filled");
    }

    function show(compound, current) {
      result.textContent = "";
      if (!compound) return;
      var found = hubsFor(compound, current, tiers);
      if (!found.hubs.length) {
        var line = say(compound.name + "暂时没有可以收这张表的友邻点（站），请到");
        line.appendChild(el("a", current.community.name + "的网页"));
        line.lastChild.href = new URL(current.community.url, current.base).href;
        line.appendChild(document.createTextNode("找友邻站。"));
        return;
      }
      var why = found.station && tiers.indexOf("point") >= 0 ? compound.name + "暂时没有运行中的友邻点，这张表可以交给友邻站。" : "";
      if (found.hubs.length === 1) {
        fill(found.hubs[0]);
        if (why) result.insertBefore(el("p", why), result.firstChild);
        return;
      }
      say(why || "为" + compound.name + "服务的有几处，请选一处：");
      found.hubs.forEach(function (hub) {
        var button = el("button", "填入" + hub.name + "（" + hub.code + "）", "md-button yl-hubfinder__choice");
        button.type = "button";
        button.addEventListener("click", function () { fill(hub); });
        result.appendChild(button);
      });
    }

    var started = false;
    box.addEventListener("toggle", function () {
      if (!box.open || started) return;
      started = true;
      window.ylFind.picker(new URL(box.dataset.index, location.href), communitySelect,
                           box.querySelector(".yl-hubfinder__compound"), {
        community: function () { result.textContent = ""; },
        compound: function (compound, current) { show(compound, current); },
        failed: function () { say("读取失败，请用下面的链接查编号。"); }
      }).catch(function () { say("读取失败，请用下面的链接查编号。"); });
    });
    /* Clearing the draft empties the code: the steps start again too. */
    form.addEventListener("reset", function () {
      result.textContent = "";
      Promise.resolve().then(function () { communitySelect.dispatchEvent(new Event("change")); });  /* once reset */
    });
  }

  function readForm(form, spec) {
    var values = {};
    spec.fields.forEach(function (f) {
      var inputs = form.querySelectorAll("[name='" + f.name + "']");
      if (!inputs.length) return;
      if (inputs[0].type === "radio") {
        var checked = form.querySelector("[name='" + f.name + "']:checked");
        values[f.name] = checked ? checked.value : "";
      } else {
        values[f.name] = inputs[0].value;
      }
    });
    return values;
  }

  function fillForm(form, values) {
    Object.keys(values).forEach(function (name) {
      var inputs = form.querySelectorAll("[name='" + name + "']");
      Array.prototype.forEach.call(inputs, function (input) {
        if (input.type === "radio") input.checked = input.value === values[name];
        else input.value = values[name];
      });
    });
  }

  function store(key, values) {
    try {
      if (values) localStorage.setItem(key, JSON.stringify(values)); else localStorage.removeItem(key);
    } catch (e) { /* private mode: no draft */ }
  }

  function stored(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  /* 2026-12-07 as a printed form says it: 2026年12月7日. */
  function chineseDate(text) {
    var m = DATE.exec(text);
    return m ? +m[1] + "年" + +m[2] + "月" + +m[3].trim() + "日" : text;
  }

  /* The page's paper sheet, filled in as the web form is: what a live form prints (forms.css), so that the printed
   * form has the paper's signature lines, and its answers in plain text as long as they are, not in an input's
   * box that a long text overflows. A field left empty keeps the paper's blank box, to be written in by hand; one
   * not asked (a show-if field whose answer was not given) is left off. Returns what fills it from the values. */
  function paperAnswers(paper, spec) {
    var slots = {};
    Array.prototype.forEach.call(paper.querySelectorAll(".yl-paper__field[data-field]"), function (box) {
      slots[box.dataset.field] = { box: box, blank: box.lastElementChild, now: box.lastElementChild };
    });
    return function (values) {
      var cells = cleaned(spec, values);
      var visible = shown(spec, cells);
      spec.fields.forEach(function (f) {
        var slot = slots[f.name];
        if (!slot) return;
        slot.box.hidden = !visible[f.name];
        var text = cells[f.name];
        var next = text === null ? slot.blank : el("div", f.type === "date" ? chineseDate(text) : text, "yl-paper__answer");
        slot.box.classList.toggle("yl-paper__field--answered", text !== null);
        slot.now.replaceWith(next);
        slot.now = next;
      });
    };
  }

  function csvCell(text) {
    var s = text === undefined || text === null ? "" : String(text);
    // A cell opening like a formula is neutralised, as the office's spreadsheet would run it.
    if (/^[=+\-@\t\r]/.test(s)) s = "'" + s;
    return /[",\n\r]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }

  function download(name, type, text) {
    var blob = new Blob([text], { type: type });
    var a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }

  function reference() {
    var now = new Date();
    var stamp = now.toISOString().replace(/[-:TZ.]/g, "").slice(0, 14);
    return "W" + stamp + Math.random().toString(36).slice(2, 8);
  }

  /* The element whose aria-describedby names the hint and, while there is one, the error message. */
  function described(box) {
    return box.tagName === "FIELDSET" ? box : box.querySelector("input, select, textarea");
  }

  function describe(box, on) {
    var target = described(box);
    var error = box.querySelector(".yl-field__error").id;
    var ids = (target.getAttribute("aria-describedby") || "").split(" ").filter(function (id) { return id && id !== error; });
    if (on) ids.push(error);
    if (ids.length) target.setAttribute("aria-describedby", ids.join(" ")); else target.removeAttribute("aria-describedby");
  }

  /* A date's written format ("写成 2018-12-10") is for typing it: where the browser opens a date picker instead
   * (its input's type stays "date"), the hint is put away, and no longer read out with the field. */
  function writtenDates(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".yl-field__hint--typed"), function (hint) {
      var input = hint.parentNode.querySelector("input");
      if (!input || input.type !== "date") return;
      hint.hidden = true;
      var ids = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
        return id && id !== hint.id;
      });
      if (ids.length) input.setAttribute("aria-describedby", ids.join(" "));
      else input.removeAttribute("aria-describedby");
    });
  }

  /* A station's file of sheets, one per hub (forms/<form>/<station>.html): each sheet's button prints that sheet
   * alone, as the file opened at it (…#P0001) does: forms.css prints only the sheet the address points at. */
  function setupSheetButtons() {
    Array.prototype.forEach.call(document.querySelectorAll(".yl-paper__print"), function (button) {
      if (button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var sheet = button.closest(".yl-paper");
        if (sheet.id && location.hash !== "#" + sheet.id) location.hash = sheet.id;
        window.print();
      });
    });
  }

  function setup() {
    Array.prototype.forEach.call(document.querySelectorAll(".yl-formpage"), setupPage);
    setupSheetButtons();
  }

  function setupPage(page) {
    if (page.dataset.ready) return;
    page.dataset.ready = "1";
    var form = page.querySelector("form.yl-form");
    if (!form) return;  /* a paper-only form (a sign-in sheet): its page is the sheet, nothing to fill in */
    var spec = JSON.parse(page.dataset.spec);
    var paper = page.querySelector(".yl-form-paper");
    var summary = form.querySelector(".yl-form__summary");
    var done = page.querySelector(".yl-form__done");
    var params = new URLSearchParams(location.search);
    var hub = params.get("hub");
    if (hub && !HUB_CODE.test(hub)) hub = null;
    /* Any other field named in the link is filled in too, as the hub is (a topic's page links to the evaluation
     * form with the topic). Not a hidden field (the reference that tells a submission sent twice), nor an answer
     * to choose (a link must not choose a resident's rating for them). */
    var given = {};
    spec.fields.forEach(function (f) {
      var value = params.get(f.name);
      if (value === null || f.name === spec.hub_field || f.widget === "hidden" || f.widget === "radios") return;
      given[f.name] = value.replace(TRIM, "");
    });
    /* A draft belongs to what the link filled in: the evaluation of one topic must not open as another's. */
    var key = DRAFT + spec.id + ":" + (hub || "") + Object.keys(given).map(function (name) {
      return "&" + name + "=" + encodeURIComponent(given[name]);
    }).join("");
    var title = document.title;

    /* The paper stays in the page, hidden on screen by forms.css: it is what prints, filled in. */
    form.hidden = false;
    writtenDates(form);
    page.classList.add("yl-formpage--live");

    var draft = stored(key);
    if (draft) {
      fillForm(form, draft);
      form.querySelector(".yl-form__restored").hidden = false;
    }
    var hubPages = JSON.parse(page.dataset.hubPages || "{}");
    var hubs = JSON.parse(page.dataset.hubs || "{}");
    var topicPages = page.dataset.topicPages ? [page.dataset.topicPages] : [];
    function hubFor(code) { return hubPage(code, hubPages, hubs); }
    if (hub) {
      var forWhom = form.querySelector(".yl-form__for");
      forWhom.textContent = "您正在为编号 " + hub + " 的友邻点（站）填写这张表。";
      forWhom.hidden = false;
      hubFor(hub).then(function (found) {
        if (found) forWhom.textContent = "您正在为" + found.name + "（编号 " + hub + "）填写这张表。";
      });
    }

    /* A code typed by hand is named beside it as soon as it is typed, or said to be unknown; returns what
     * names it again (for a code a link filled in), or null when the field is not there. */
    function confirmCode(field, lookup, unknown) {
      var box = form.querySelector("[data-field='" + field + "']");
      var input = box && box.querySelector("input");
      if (!input || input.type === "hidden") return null;
      var named = el("p", null, "yl-field__confirm");
      named.id = input.id + "-confirm";
      named.setAttribute("aria-live", "polite");
      named.hidden = true;
      input.insertAdjacentElement("afterend", named);
      input.setAttribute("aria-describedby", ((input.getAttribute("aria-describedby") || "") + " " + named.id).trim());
      var confirm = function () {
        var code = input.value.trim();
        named.hidden = true;
        if (!HUB_CODE.test(code)) return;
        lookup(code).then(function (name) {
          if (input.value.trim() !== code || name === undefined) return;
          named.textContent = name ? "编号 " + code + " 是：" + name : unknown(code);
          named.classList.toggle("yl-field__confirm--unknown", !name);
          named.hidden = false;
        });
      };
      input.addEventListener("change", confirm);
      form.addEventListener("reset", function () { named.hidden = true; });
      if (input.value) confirm();
      return confirm;
    }
    if (Object.keys(hubPages).length) {
      confirmCode(spec.hub_field, function (code) { return hubFor(code).then(nameOf); }, function (code) {
        return "没有找到编号 " + code + " 的友邻点（站），请核对";
      });
    }
    if (!hub) {
      var hubInput = form.querySelector("[data-field='" + spec.hub_field + "'] input");
      if (hubInput) setupHubFinder(form, hubInput);
    }
    var confirmTopic = topicPages.length ? confirmCode("topic", function (code) {
      return lookUp(code, topicPages).then(nameOf);
    }, function (code) { return "没有找到编号 " + code + " 的议题，请核对"; }) : null;

    /* The hub and the other fields from the link, and today's date, where nothing is filled in yet. */
    function prefill() {
      var hubInput = form.querySelector("[name='" + spec.hub_field + "']");
      if (hub && hubInput && !hubInput.value) hubInput.value = hub;
      Object.keys(given).forEach(function (name) {
        var input = form.querySelector("[name='" + name + "']");
        if (input && !input.value) input.value = given[name];
      });
      var dateInput = form.querySelector("[name='" + spec.date_field + "']");
      if (dateInput && !dateInput.value) {
        var today = new Date();
        dateInput.value = [today.getFullYear(), ("0" + (today.getMonth() + 1)).slice(-2),
          ("0" + today.getDate()).slice(-2)].join("-");
      }
    }
    prefill();
    /* The topic from the link is named as one typed by hand is: the resident sees which matter they evaluate. */
    if (confirmTopic && given.topic) confirmTopic();

    var fillPaper = paperAnswers(paper, spec);

    /* The questions an answer asks, and the paper that prints, after every change. */
    function refresh() {
      var values = readForm(form, spec);
      var visible = shown(spec, values);
      spec.fields.forEach(function (f) {
        var box = form.querySelector("[data-field='" + f.name + "']");
        if (box && f.show_if) box.hidden = !visible[f.name];
      });
      fillPaper(values);
    }
    refresh();

    form.addEventListener("input", function () {
      refresh();
      store(key, readForm(form, spec));
    });
    form.addEventListener("change", function () {
      refresh();
      store(key, readForm(form, spec));
    });
    form.querySelector(".yl-form__clear").addEventListener("click", function () {
      store(key, null);
      form.reset();
      // reset() keeps a hidden input's value: a cleared form must not reuse the last submission's reference.
      Array.prototype.forEach.call(form.querySelectorAll("input[type='hidden']"), function (input) { input.value = ""; });
      prefill();
      if (confirmTopic && given.topic) confirmTopic();
      form.querySelector(".yl-form__restored").hidden = true;
      clearErrors();
      refresh();
      var note = form.querySelector(".yl-form__cleared");
      note.hidden = false;
    });

    function clearErrors() {
      summary.hidden = true;
      document.title = title;
      Array.prototype.forEach.call(form.querySelectorAll(".yl-field--error"), function (box) {
        box.classList.remove("yl-field--error");
        describe(box, false);
        var message = box.querySelector(".yl-field__error");
        message.hidden = true;
        message.textContent = "";
        Array.prototype.forEach.call(box.querySelectorAll("[aria-invalid]"), function (input) {
          input.removeAttribute("aria-invalid");
        });
      });
    }

    function showErrors(errors) {
      var list = summary.querySelector("ul");
      list.textContent = "";
      errors.forEach(function (error) {
        var box = form.querySelector("[data-field='" + error.field + "']");
        var target = box.querySelector("input, select, textarea");
        var item = el("li");
        var a = el("a", error.message);
        a.href = "#" + target.id;
        a.addEventListener("click", function (event) {
          event.preventDefault();
          target.focus();
          box.scrollIntoView({ block: "center" });
        });
        item.appendChild(a);
        list.appendChild(item);
        box.classList.add("yl-field--error");
        var message = box.querySelector(".yl-field__error");
        message.textContent = "";
        message.appendChild(el("span", "错误：", "yl-visually-hidden"));
        message.appendChild(document.createTextNode(error.message));
        message.hidden = false;
        describe(box, true);
        Array.prototype.forEach.call(box.querySelectorAll("input, select, textarea"), function (input) {
          input.setAttribute("aria-invalid", "true");
        });
      });
      summary.hidden = false;
      document.title = "错误：" + title;
      summary.focus();
    }

    /* Sent, or not: a record that was not sent reaches the office only if the resident does one more thing.
     * The steps say what first (call the station, show the page, print it); the downloads are the office's. */
    function finish(result, text) {
      var sent = !!spec.endpoint && result === "sent";
      done.hidden = false;
      done.querySelector(".yl-form__done-text").textContent = text;
      done.querySelector(".yl-form__next").hidden = sent;
      done.querySelector(".yl-form__kept").hidden = sent;
      done.querySelector(".yl-form__downloads").hidden = sent;
      var call = done.querySelector(".yl-form__call");
      call.hidden = true;
      var code = last && last.record[spec.hub_field];
      if (!sent && code && HUB_CODE.test(code)) {
        hubFor(code).then(contact).then(function (office) {
          if (!office || (last && last.record[spec.hub_field]) !== code) return;
          call.querySelector(".yl-form__call-whom").textContent = office.whom;
          var phone = call.querySelector(".yl-form__call-phone");
          phone.textContent = office.phone;
          phone.href = office.tel;
          call.hidden = false;
        });
      }
      done.focus();
    }

    var last = null;
    done.querySelector(".yl-form__json").addEventListener("click", function () {
      if (last) download(spec.id + "-" + last.record[spec.hub_field] + ".json", "application/json",
        JSON.stringify(last, null, 2) + "\n");
    });
    done.querySelector(".yl-form__csv").addEventListener("click", function () {
      if (!last) return;
      var names = spec.fields.map(function (f) { return f.name; });
      var cells = names.map(function (n) {
        var f = spec.fields.filter(function (x) { return x.name === n; })[0];
        return csvCell(cellText(f, last.record[n]));
      });
      download(spec.id + "-" + last.record[spec.hub_field] + ".csv", "text/csv;charset=utf-8",
        "\ufeff" + names.join(",") + "\r\n" + cells.join(",") + "\r\n");
    });
    done.querySelector(".yl-form__print").addEventListener("click", function () { window.print(); });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      clearErrors();
      done.hidden = true;
      var refInput = form.querySelector("[name='ref']");
      if (refInput && !refInput.value) {
        refInput.value = reference();
        store(key, readForm(form, spec));
      }
      var values = readForm(form, spec);
      var errors = validate(spec, values);
      if (errors.length) {
        showErrors(errors);
        return;
      }
      last = { form: spec.id, submitted: new Date().toISOString(), record: record(spec, values) };
      if (!spec.endpoint) {
        finish("local", "填写完整了，但这张表还没有交出去：网站不会自动把它送到社工那里。请做下面任意一件事：");
        return;
      }
      var button = form.querySelector("button[type='submit']");
      button.disabled = true;
      fetch(spec.endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(last) })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          store(key, null);
          finish("sent", "已提交，谢谢！社区办收到后会尽快处理。");
        })
        .catch(function () {
          finish("failed", "网络提交没有成功，这张表还没有交出去。请稍后再试，或做下面任意一件事：");
        })
        .then(function () { button.disabled = false; });
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(setup);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
