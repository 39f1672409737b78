/* clausewatch search: entirely in the browser, from two prebuilt files loaded on demand.
 * assets/search-index.js: services (with their other names), documents, clause types,
 * change headlines.  assets/search-text.js: the current text of every document, as
 * sentences.  Every word of the query must match (a word matches the start of a word,
 * without case or accents); a service's names count for the text of its documents, so
 * "chatgpt arbitration" finds the arbitration sentences of OpenAI's documents.
 */
(function () {
  "use strict";
  var input = document.getElementById("q");
  var minor = document.getElementById("search-minor");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!input || !list) return;
  var LABELS = { service: "Service", document: "Document", category: "Clause type", change: "Change", text: "In the text" };
  var RANK = { service: 0, document: 1, category: 2, text: 3, change: 4 };
  var LIMIT = 100, PER_DOCUMENT = 3;
  var root = (document.querySelector("link[rel=stylesheet]").getAttribute("href") || "").replace(/assets\/style\.css$/, "");
  var loaded = null, items = [], texts = [];

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }
  function compact(text) { return fold(text).replace(/[^\p{L}\p{N}]+/gu, ""); }
  function words(text) { return fold(text).split(/[^\p{L}\p{N}]+/u).filter(Boolean); }

  function load() {
    if (loaded) return loaded;
    function script(src) {
      return new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = root + src;
        s.onload = resolve;
        s.onerror = function () { reject(new Error(src + " could not be loaded")); };
        document.head.appendChild(s);
      });
    }
    status.textContent = "Loading the search index…";
    loaded = Promise.all([script("assets/search-index.js"), script("assets/search-text.js")]).then(function () {
      items = (window.CLAUSEWATCH_SEARCH || []).map(function (item) {
        return { item: item, names: (item.a || []).map(compact), hay: words(item.t + " " + (item.x || "") + " " + (item.d || "")) };
      });
      texts = (window.CLAUSEWATCH_TEXT || []).map(function (doc) {
        return { doc: doc, names: [doc.t].concat(doc.a || []).map(compact), title: words(doc.t),
          sentences: doc.s.map(function (s) { return words(s); }) };
      });
    });
    return loaded;
  }

  // A query word matches a word that starts with it, or a name (any alias) it spells.
  function hitWords(term, hay) { return hay.some(function (w) { return w.indexOf(term) === 0; }); }
  function hitName(term, names) { return names.some(function (n) { return n === term || (term.length > 2 && n.indexOf(term) === 0); }); }

  function highlight(parent, text, terms) {
    // Builds text nodes and <mark> elements: never innerHTML.
    var lower = fold(text), pos = 0;
    while (pos < text.length) {
      var best = -1, len = 0;
      terms.forEach(function (t) {
        var re = new RegExp("(^|[^\\p{L}\\p{N}])" + t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gu");
        re.lastIndex = pos;
        var m = re.exec(lower);
        if (m) {
          var at = m.index + m[1].length;
          if (best === -1 || at < best) { best = at; len = t.length; }
        }
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

  function search(query) {
    var terms = words(query), compactTerms = terms.map(compact), hits = [];
    var whole = compact(query);
    if (!terms.length) return hits;
    items.forEach(function (p) {
      if (p.item.m && !(minor && minor.checked)) return;
      var ok = terms.every(function (t, k) { return hitWords(t, p.hay) || hitName(compactTerms[k], p.names); }) ||
        (whole.length > 2 && hitName(whole, p.names.concat([compact(p.item.t)])));
      if (ok) hits.push({ kind: p.item.k, title: p.item.t, url: p.item.u, date: p.item.d || "", terms: terms });
    });
    texts.forEach(function (d) {
      // words that name the service (or its aliases) or the document need not be in the sentence
      var rest = terms.filter(function (t, k) { return !(hitName(compactTerms[k], d.names) || hitWords(t, d.title)); });
      if (!rest.length) return;
      var found = 0;
      for (var i = 0; i < d.sentences.length && found < PER_DOCUMENT; i++) {
        var sw = d.sentences[i];
        if (rest.every(function (t) { return hitWords(t, sw); })) {
          hits.push({ kind: "text", title: d.doc.t, url: d.doc.u + "#text-h", sentence: d.doc.s[i], terms: rest });
          found++;
        }
      }
    });
    hits.sort(function (a, b) { return (RANK[a.kind] - RANK[b.kind]) || String(b.date).localeCompare(String(a.date)); });
    return hits;
  }

  function show() {
    var query = input.value.trim();
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!query) { status.textContent = ""; return; }
    var hits = search(query);
    status.textContent = hits.length === 0 ? "No result for “" + query + "”."
      : hits.length + " result" + (hits.length === 1 ? "" : "s") + (hits.length > LIMIT ? ", showing the first " + LIMIT : "") + ".";
    hits.slice(0, LIMIT).forEach(function (h) {
      var li = document.createElement("li");
      var kind = document.createElement("span");
      kind.className = "kind-label";
      kind.textContent = LABELS[h.kind] || h.kind;
      li.appendChild(kind);
      var a = document.createElement("a");
      a.href = root + h.url;
      highlight(a, h.title, h.terms);
      li.appendChild(a);
      if (h.date) {
        var time = document.createElement("span");
        time.className = "muted";
        time.textContent = " · " + h.date;
        li.appendChild(time);
      }
      if (h.sentence) {
        var q = document.createElement("blockquote");
        q.className = "match";
        q.dir = "auto";
        highlight(q, h.sentence, h.terms);
        li.appendChild(q);
      }
      list.appendChild(li);
    });
  }
  function run() { load().then(show, function (e) { status.textContent = "Search is unavailable: " + e.message; }); }

  var params = new URLSearchParams(location.search);
  if (params.get("q")) input.value = params.get("q");
  if (minor && params.get("minor")) minor.checked = true;
  input.addEventListener("input", run);
  if (minor) minor.addEventListener("change", run);
  document.querySelector(".search-page").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  if (input.value) run();
  input.focus();
})();
