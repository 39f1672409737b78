/* clausewatch search: looks through assets/search-index.js, entirely in the browser. */
(function () {
  "use strict";
  var index = window.CLAUSEWATCH_SEARCH || [];
  var input = document.getElementById("q");
  var minor = document.getElementById("search-minor");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var LABELS = { service: "Service", document: "Document", category: "Clause type", change: "Change" };
  var RANK = { service: 0, category: 1, document: 2, change: 3 };
  var LIMIT = 100;

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  var prepared = index.map(function (item) {
    return { item: item, hay: fold(item.t + " " + (item.x || "") + " " + (item.d || "")) };
  });

  function highlight(parent, text, terms) {
    // Builds text nodes and <mark> elements: never innerHTML.
    var lower = fold(text);
    var pos = 0;
    while (pos < text.length) {
      var best = -1, len = 0;
      terms.forEach(function (t) {
        var at = lower.indexOf(t, pos);
        if (at !== -1 && (best === -1 || at < best)) { best = at; len = t.length; }
      });
      if (best === -1) break;
      if (best > pos) parent.appendChild(document.createTextNode(text.slice(pos, best)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(best, best + len);
      parent.appendChild(mark);
      pos = best + len;
    }
    if (pos < text.length) parent.appendChild(document.createTextNode(text.slice(pos)));
  }

  function run() {
    var query = fold(input.value.trim());
    var terms = query.split(/\s+/).filter(Boolean);
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!terms.length) { status.textContent = ""; return; }
    var hits = prepared.filter(function (p) {
      if (p.item.m && !(minor && minor.checked)) return false;
      return terms.every(function (t) { return p.hay.indexOf(t) !== -1; });
    });
    hits.sort(function (a, b) {
      return (RANK[a.item.k] - RANK[b.item.k]) || String(b.item.d || "").localeCompare(String(a.item.d || ""));
    });
    status.textContent = hits.length === 0 ? "No result for “" + input.value.trim() + "”."
      : hits.length + " result" + (hits.length === 1 ? "" : "s") + (hits.length > LIMIT ? ", showing the first " + LIMIT : "") + ".";
    hits.slice(0, LIMIT).forEach(function (p) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind-label";
      kind.textContent = LABELS[p.item.k] || p.item.k;
      li.appendChild(kind);
      var a = document.createElement("a");
      a.href = p.item.u;
      highlight(a, p.item.t, terms);
      li.appendChild(a);
      if (p.item.d) {
        var time = document.createElement("span");
        time.className = "muted";
        time.textContent = " · " + p.item.d;
        li.appendChild(time);
      }
      list.appendChild(li);
    });
  }

  var params = new URLSearchParams(location.search);
  if (params.get("q")) input.value = params.get("q");
  if (minor && params.get("minor")) minor.checked = true;
  input.addEventListener("input", run);
  if (minor) minor.addEventListener("change", run);
  document.querySelector(".search-page").addEventListener("submit", function (e) {
    e.preventDefault();
    run();
  });
  run();
  input.focus();
})();
