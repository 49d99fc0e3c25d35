(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("matrix");
  if (!form || !table) return;
  var count = document.getElementById("count");
  var head = table.tHead.rows[0];
  var regions = [].slice.call(head.cells, 1).map(function (th) { return th.getAttribute("data-region"); });
  var rows = [].slice.call(table.querySelectorAll("tr.mr"));
  var KEYS = ["provider", "in", "out", "cap", "route", "region", "legacy", "q",
    "feat", "ctx", "pin", "pout", "life", "mantle", "acc", "view"];
  var EXTRA = ["cmp", "sort"];
  var FEATURES = ["function_calling", "vision", "prompt_caching", "reasoning", "pdf_input",
    "response_schema", "tool_choice", "computer_use"];
  var CALLABLE = ["r", "g", "w", "m", "p"];

  function has(list, word) { return (" " + (list || "") + " ").indexOf(" " + word + " ") >= 0; }

  function fromHash() {
    var h = location.hash.slice(1), s = {};
    if (h.indexOf("=") < 0) return s;
    new URLSearchParams(h).forEach(function (v, k) { s[k] = v; });
    return s;
  }
  function toHash(s) {
    var p = new URLSearchParams();
    KEYS.concat(EXTRA, ["card"]).forEach(function (k) { if (s[k]) p.set(k, s[k]); });
    var h = p.toString();
    var url = location.pathname + location.search + (h ? "#" + h : "");
    try { history.replaceState(null, "", url); } catch (e) { location.hash = h; }
  }
  function fromForm() {
    var s = {};
    KEYS.forEach(function (k) {
      var el = form.elements[k];
      if (!el) return;
      if (el.type === "checkbox") { if (el.checked) s[k] = el.value; }
      else if (el.value) s[k] = el.value;
    });
    return s;
  }
  function toForm(s) {
    KEYS.forEach(function (k) {
      var el = form.elements[k];
      if (!el) return;
      if (el.type === "checkbox") el.checked = s[k] === el.value;
      else el.value = s[k] || "";
    });
  }

  function apply(s) {
    var col = s.region ? regions.indexOf(s.region) : -1;
    [head].concat(rows).forEach(function (tr) {
      for (var i = 1; i < tr.cells.length; i++) tr.cells[i].hidden = col >= 0 && i - 1 !== col;
    });
    var words = (s.q || "").toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    rows.forEach(function (tr) {
      var d = tr.dataset, ok = true;
      if (s.provider && tr.parentNode.getAttribute("data-provider") !== s.provider) ok = false;
      if (ok && s.in && !has(d.in, s.in)) ok = false;
      if (ok && s.out && !has(d.out, s.out)) ok = false;
      if (ok && s.cap && !has(d.cap, s.cap)) ok = false;
      if (ok && s.legacy === "hide" && d.life === "LEGACY") ok = false;
      if (ok && words.length) ok = words.every(function (w) { return d.s.indexOf(w) >= 0; });
      if (ok && s.feat) ok = has(d.f, s.feat + ":1");
      if (ok && s.ctx) ok = d.ctx !== undefined && +d.ctx >= +s.ctx;
      if (ok && s.life) ok = d.life === s.life;
      if (ok && s.mantle === "only") ok = d.mantleOnly === "1";
      if (ok && s.acc === "callable") {
        ok = s.region ? has(d.acc, s.region + ":1") : / [^ ]+:1 /.test(" " + (d.acc || "") + " ");
      }
      if (ok && (s.pin || s.pout)) {
        var b = cheapest(tr, s.region);
        if (s.pin) ok = ok && b && b.in !== null && b.in <= +s.pin;
        if (s.pout) ok = ok && b && b.out !== null && b.out <= +s.pout;
      }
      if (ok && (s.route || col >= 0)) {
        var cells = col >= 0 ? [tr.cells[col + 1]] : [].slice.call(tr.cells, 1);
        ok = cells.some(function (td) {
          var c = td.getAttribute("data-c");
          return s.route ? has(c, s.route) : CALLABLE.some(function (r) { return has(c, r); });
        });
      }
      tr.hidden = !ok;
      if (ok) shown++;
    });
    [].forEach.call(table.tBodies, function (tb) {
      tb.hidden = ![].some.call(tb.rows, function (tr) { return tr.classList.contains("mr") && !tr.hidden; });
    });
    count.textContent = shown + " of " + rows.length + " models";
    // Each provider's header counts the rows it shows.
    [].forEach.call(table.tBodies, function (tb) {
      var mine = [].filter.call(tb.rows, function (tr) { return tr.classList.contains("mr"); });
      var on = mine.filter(function (tr) { return !tr.hidden; }).length;
      var small = tb.querySelector("tr.pg small");
      if (small) small.textContent = "(" + (on === mine.length ? on : on + " of " + mine.length) + (mine.length === 1 ? " model)" : " models)");
    });
    var tableView = s.view === "table";
    table.parentNode.hidden = tableView;
    document.getElementById("matrix-h").hidden = tableView;
    list.hidden = !tableView;
    if (tableView) fillList(s);
    fillCompare(s);
  }

  // ---------------------------------------------------------------------------------------------
  // The table view and the comparison, from the rows' facts (data attributes)

  var list = document.getElementById("list");
  var listBody = list.querySelector("tbody");
  var cmpSection = document.getElementById("compare");
  var cmpTable = document.getElementById("cmp");

  /** The best way to call from each region: {region: {route, id, in, out}}. */
  function bests(tr) {
    var out = {};
    (tr.dataset.best || "").split(";").filter(Boolean).forEach(function (e) {
      var f = e.split(" ");
      out[f[0]] = { route: f[1], id: f[2], in: f[3] === "-" ? null : +f[3], out: f[4] === "-" ? null : +f[4] };
    });
    return out;
  }
  /** The best way from `region`; without one, the cheapest known over every region. */
  function cheapest(tr, region) {
    var all = bests(tr);
    if (region) return all[region] || null;
    var best = null;
    Object.keys(all).forEach(function (r) {
      var b = all[r];
      if (b.in === null || b.out === null) return;
      if (!best || b.in + b.out < best.in + best.out) best = b;
    });
    return best;
  }
  function usd(x) {
    if (x === null || x === undefined) return "—";
    if (x !== 0 && Math.abs(x) < 0.000001) return String(x);
    var t = x.toFixed(6);
    while (t.charAt(t.length - 1) === "0" && t.length - t.indexOf(".") > 3) t = t.slice(0, -1);
    return t;
  }
  function group(n) { return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ","); }
  function tokens(v) {
    if (v === undefined || v === "") return "—";
    var n = +v;
    if (n >= 1000000 && n % 1000000 === 0) return n / 1000000 + "m";
    if (n >= 1000 && n % 1000 === 0) return n / 1000 + "k";
    return group(n);
  }
  function flags(tr) {
    var out = {};
    (tr.dataset.f || "").split(" ").filter(Boolean).forEach(function (p) {
      var kv = p.split(":"); out[kv[0]] = kv[1];
    });
    return out;
  }
  function supported(tr) {
    var f = flags(tr);
    if (!tr.dataset.f) return "—";
    return FEATURES.filter(function (n) { return f[n] === "1"; }).join(", ");
  }
  function cell(tr, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) td.className = cls;
    tr.appendChild(td);
    return td;
  }
  function picked(s) { return (s.cmp || "").split(",").filter(Boolean); }

  /** The value a column sorts on; null (unknown) sorts last. */
  function sortValue(tr, key, region) {
    var d = tr.dataset, b = region ? bests(tr)[region] : null;
    switch (key) {
      case "name": return d.name.toLowerCase();
      case "prov": return d.prov.toLowerCase();
      case "route": return b ? b.route : null;
      case "in": return b ? b.in : null;
      case "out": return b ? b.out : null;
      case "ctx": return d.ctx === undefined ? null : +d.ctx;
      case "mo": return d.mo === undefined ? null : +d.mo;
    }
    return null;
  }

  function fillList(s) {
    document.getElementById("list-region").textContent = s.region || "the selected region (none: pick one)";
    var shown = rows.filter(function (tr) { return !tr.hidden; });
    var sort = s.sort || "", desc = sort.charAt(0) === "-", key = sort.replace(/^-/, "");
    if (key) {
      shown.sort(function (a, b) {
        var x = sortValue(a, key, s.region), y = sortValue(b, key, s.region);
        if (x === null && y === null) return 0;
        if (x === null) return 1;
        if (y === null) return -1;
        var c = x < y ? -1 : x > y ? 1 : 0;
        return desc ? -c : c;
      });
    }
    [].forEach.call(list.querySelectorAll("th[data-sort]"), function (th) {
      var k = th.getAttribute("data-sort");
      th.setAttribute("aria-sort", k === key ? (desc ? "descending" : "ascending") : "none");
    });
    var chosen = picked(s);
    listBody.textContent = "";
    shown.forEach(function (src) {
      var d = src.dataset, b = s.region ? bests(src)[s.region] : null;
      var tr = document.createElement("tr");
      tr.setAttribute("data-key", d.key);
      var box = document.createElement("input");
      box.type = "checkbox"; box.value = d.key; box.checked = chosen.indexOf(d.key) >= 0;
      box.disabled = !box.checked && chosen.length >= 4;
      box.setAttribute("aria-label", "compare " + d.name);
      cell(tr, "").appendChild(box);
      var a = document.createElement("a");
      a.href = src.querySelector("a").getAttribute("href"); a.textContent = d.name;
      cell(tr, "").appendChild(a);
      cell(tr, d.prov);
      cell(tr, b ? b.route : "—");
      var code = document.createElement("code"); code.textContent = b ? b.id : d.id;
      cell(tr, "").appendChild(code);
      cell(tr, usd(b ? b.in : null), "num");
      cell(tr, usd(b ? b.out : null), "num");
      cell(tr, tokens(d.ctx), "num");
      cell(tr, tokens(d.mo), "num");
      cell(tr, supported(src));
      listBody.appendChild(tr);
    });
  }

  function fillCompare(s) {
    var keys = picked(s).filter(function (k) { return byKey[k]; });
    cmpSection.hidden = keys.length < 2;
    cmpTable.textContent = "";
    if (keys.length < 2) return;
    var models = keys.map(function (k) { return byKey[k]; });
    var region = s.region;
    var facts = [
      ["Name", function (tr) { return tr.dataset.name; }],
      ["Key", function (tr) { return tr.dataset.key; }],
      ["Provider", function (tr) { return tr.dataset.prov; }],
      ["Lifecycle", function (tr) { return tr.dataset.life || "—"; }],
      ["Context window", function (tr) { return tokens(tr.dataset.ctx); }],
      ["Max output", function (tr) { return tokens(tr.dataset.mo); }],
      ["Regions", function (tr) { return String(Object.keys(bests(tr)).length); }]
    ];
    FEATURES.forEach(function (n) {
      facts.push([n.replace(/_/g, " "), function (tr) {
        var v = flags(tr)[n];
        return v === "1" ? "yes" : v === "0" ? "no" : "unknown";
      }]);
    });
    if (region) {
      var way = function (tr) { return bests(tr)[region]; };
      facts.push(["Route from " + region, function (tr) { var b = way(tr); return b ? b.route : "—"; }]);
      facts.push(["Id to call", function (tr) { var b = way(tr); return b ? b.id : "—"; }]);
      facts.push(["Input $/1M", function (tr) { var b = way(tr); return usd(b ? b.in : null); }]);
      facts.push(["Output $/1M", function (tr) { var b = way(tr); return usd(b ? b.out : null); }]);
      facts.push(["This account", function (tr) {
        var acc = tr.dataset.acc;
        if (acc === undefined) return "—";
        return has(acc, region + ":1") ? "callable" : has(acc, region + ":0") ? "not callable" : "—";
      }]);
    }
    if (region) {
      // The quotas there, read from the models' cards: applied / default per route and metric.
      var quotas = models.map(function (tr) { return quotasIn(tr.dataset.key, region); });
      var names = {};
      quotas.forEach(function (q) { Object.keys(q).forEach(function (k) { names[k] = true; }); });
      Object.keys(names).sort().forEach(function (name) {
        facts.push([name, function (tr) { return quotas[models.indexOf(tr)][name] || "—"; }]);
      });
    }
    var head = document.createElement("tr");
    var th0 = document.createElement("th"); th0.textContent = ""; head.appendChild(th0);
    models.forEach(function (tr) {
      var th = document.createElement("th"); th.scope = "col"; th.textContent = tr.dataset.name; head.appendChild(th);
    });
    cmpTable.appendChild(head);
    facts.forEach(function (f) {
      var values = models.map(f[1]);
      var tr = document.createElement("tr");
      var differs = values.some(function (v) { return v !== values[0]; });
      if (differs) tr.className = "diff";
      var th = document.createElement("th"); th.scope = "row";
      th.textContent = (differs ? "≠ " : "") + f[0];
      tr.appendChild(th);
      values.forEach(function (v) { cell(tr, v); });
      cmpTable.appendChild(tr);
    });
  }

  var byKey = {};
  rows.forEach(function (tr) { byKey[tr.dataset.key] = tr; });
  var cardOf = {};
  [].forEach.call(document.querySelectorAll(".card"), function (c) { cardOf[c.getAttribute("data-key")] = c; });

  /** A model's quotas in `region` from its card: {"quota route metric [variant]": "applied / default"}. */
  function quotasIn(key, region) {
    var out = {}, card = cardOf[key];
    if (!card) return out;
    [].forEach.call(card.querySelectorAll("table.quotas tbody tr"), function (tr) {
      var c = tr.cells;
      if (c.length < 6) return;
      var where = c[5].textContent;
      if (!/^all \d+ regions$/.test(where) && where.split(", ").indexOf(region) < 0) return;
      var variant = /\[([^\]]+)\]/.exec(c[2].textContent);
      var name = "quota " + c[0].textContent + " " + c[1].textContent + (variant ? " [" + variant[1] + "]" : "");
      var applied = c[3].firstChild ? c[3].firstChild.textContent.trim() : "";
      var value = applied + " / " + c[4].textContent.trim();
      out[name] = out[name] ? out[name] + ", " + value : value;
    });
    return out;
  }

  var opener = null;
  function openCard(key) {
    var wasOpen = document.querySelector(".card.open");
    [].forEach.call(document.querySelectorAll(".card.open"), function (c) { c.classList.remove("open"); });
    if (!key) {
      // Back to the link that opened the card, for keyboard users.
      if (wasOpen && opener && document.body.contains(opener)) opener.focus();
      return;
    }
    var card = [].find.call(document.querySelectorAll(".card"), function (c) {
      return c.getAttribute("data-key") === key;
    });
    if (card) {
      card.classList.add("open");
      var h = card.querySelector("h2");
      if (h) h.focus();
    }
  }

  var state = fromHash();
  /** The form's state, with what lives outside the form (comparison, sort) kept. */
  function current() { var s = fromForm(); s.cmp = state.cmp; s.sort = state.sort; return s; }
  function render(s) { state = s; toForm(s); apply(s); openCard(s.card); }

  list.addEventListener("change", function (e) {
    if (e.target.type !== "checkbox") return;
    var s = fromForm(); s.card = state.card; s.sort = state.sort;
    var chosen = picked(state).filter(function (k) { return k !== e.target.value; });
    if (e.target.checked) chosen.push(e.target.value);
    s.cmp = chosen.slice(0, 4).join(",");
    toHash(s); render(s);
  });
  list.addEventListener("click", function (e) {
    var th = e.target.closest && e.target.closest("th[data-sort]");
    if (!th) return;
    var k = th.getAttribute("data-sort");
    var s = fromForm(); s.card = state.card; s.cmp = state.cmp;
    s.sort = state.sort === k ? "-" + k : k;
    toHash(s); render(s);
  });

  form.hidden = false;
  form.addEventListener("input", function () {
    var s = fromForm(); s.card = state.card; s.cmp = state.cmp; s.sort = state.sort; toHash(s); render(s);
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  document.getElementById("reset").addEventListener("click", function (e) { e.preventDefault(); toHash({}); render({}); });
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a");
    if (!a) return;
    var href = a.getAttribute("href") || "";
    if (href.indexOf("#card-") === 0) {
      var card = document.getElementById(href.slice(1));
      if (!card) return;
      e.preventDefault();
      opener = a;
      var s = current(); s.card = card.getAttribute("data-key"); toHash(s); render(s);
    } else if (a.classList.contains("close")) {
      e.preventDefault();
      var t = current(); toHash(t); render(t);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && state.card) { var s = current(); toHash(s); render(s); }
  });
  window.addEventListener("hashchange", function () { if (location.hash.indexOf("=") >= 0) render(fromHash()); });
  render(state);
})();
