(function () {
  "use strict";
  var form = document.getElementById("filters");
  var table = document.getElementById("matrix");
  if (!form || !table) return;
  var count = document.getElementById("count");
  var head = table.tHead.rows[0];
  var regions = [].slice.call(head.cells, 1).map(function (th) { return th.getAttribute("data-region"); });
  var rows = [].slice.call(table.querySelectorAll("tr.mr"));
  var KEYS = ["provider", "in", "out", "cap", "route", "region", "legacy", "q"];
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
    KEYS.concat(["card"]).forEach(function (k) { if (s[k]) p.set(k, s[k]); });
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
  function render(s) { state = s; toForm(s); apply(s); openCard(s.card); }

  form.hidden = false;
  form.addEventListener("input", function () { var s = fromForm(); s.card = state.card; toHash(s); render(s); });
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
      var s = fromForm(); s.card = card.getAttribute("data-key"); toHash(s); render(s);
    } else if (a.classList.contains("close")) {
      e.preventDefault();
      var t = fromForm(); toHash(t); render(t);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && state.card) { var s = fromForm(); toHash(s); render(s); }
  });
  window.addEventListener("hashchange", function () { if (location.hash.indexOf("=") >= 0) render(fromHash()); });
  render(state);
})();
