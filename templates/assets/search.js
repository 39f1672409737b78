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
  var LABELS = { service: CW.t("Service"), document: CW.t("Document"), category: CW.t("Clause type"), change: CW.t("Change"), text: CW.t("In the text") };
  var RANK = { service: 0, document: 1, category: 2, text: 3, change: 4 };
  var LIMIT = 100, PER_DOCUMENT = 3;
  // the top of this language's pages (the search index and the results are per language)
  var root = document.querySelector(".search-page").getAttribute("data-root") ||
    (document.querySelector("link[rel=stylesheet]").getAttribute("href") || "").replace(/assets\/style\.css$/, "");
  var loaded = null, items = [], texts = [];

  // Case, accents and Arabic diacritics and tatweel are ignored; alef with hamza or madda
  // is alef, alef maqsura is ya, and Arabic-Indic digits are digits.
  var MARKS = /[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]/g;
  var MARK = /^[\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640\u200c-\u200f]$/;
  function foldChar(c) {
    c = c.normalize("NFD").replace(MARKS, "").toLowerCase();
    if (c === "\u0671") return "\u0627";
    if (c === "\u0649") return "\u064a";
    var code = c.charCodeAt(0);
    if (c.length === 1 && code >= 0x660 && code <= 0x669) return String(code - 0x660);
    if (c.length === 1 && code >= 0x6f0 && code <= 0x6f9) return String(code - 0x6f0);
    return c;
  }
  function fold(text) {
    return String(text).normalize("NFD").replace(MARKS, "").toLowerCase()
      .replace(/\u0671/g, "\u0627").replace(/\u0649/g, "\u064a")
      .replace(/[\u0660-\u0669]/g, function (d) { return String(d.charCodeAt(0) - 0x660); })
      .replace(/[\u06f0-\u06f9]/g, function (d) { return String(d.charCodeAt(0) - 0x6f0); });
  }
  // the folded text, and for each of its characters the index of the original one
  function foldMap(text) {
    var out = "", map = [], i = 0;
    Array.from(String(text)).forEach(function (c) {
      var f = foldChar(c);
      for (var k = 0; k < f.length; k++) map.push(i);
      out += f;
      i += c.length;
    });
    map.push(i);
    return { text: out, map: map };
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
    status.textContent = CW.t("Loading the search index…");
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
    var folded = foldMap(text), lower = folded.text, pos = 0, at0 = 0;
    while (pos < lower.length) {
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
      var start = folded.map[best], end = folded.map[best + len];
      // a match takes the diacritics that follow its last letter
      while (end < text.length && MARK.test(text.charAt(end))) end++;
      if (start > at0) parent.appendChild(document.createTextNode(text.slice(at0, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      parent.appendChild(mark);
      pos = best + len;
      at0 = end;
    }
    if (at0 < text.length) parent.appendChild(document.createTextNode(text.slice(at0)));
  }

  function search(query) {
    var terms = words(query), compactTerms = terms.map(compact), hits = [];
    var whole = compact(query);
    if (!terms.length) return hits;
    items.forEach(function (p) {
      if (p.item.m && !(minor && minor.checked)) return;
      var ok = terms.every(function (t, k) { return hitWords(t, p.hay) || hitName(compactTerms[k], p.names); }) ||
        (whole.length > 2 && hitName(whole, p.names.concat([compact(p.item.t)])));
      if (ok) hits.push({ kind: p.item.k, title: p.item.t, url: p.item.u, date: p.item.d || "", shown: p.item.ds || "", terms: terms });
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
    status.textContent = hits.length === 0 ? CW.t("No result for “%(query)s”.", { query: query })
      : hits.length > LIMIT ? CW.n("%(num)s result, showing the first %(limit)s.", hits.length, { limit: LIMIT })
      : CW.n("%(num)s result.", hits.length);
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
        time.textContent = " · " + (h.shown || h.date);
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
  function run() { load().then(show, function (e) { status.textContent = CW.t("Search is unavailable: %(error)s", { error: e.message }); }); }

  var params = new URLSearchParams(location.search);
  if (params.get("q")) input.value = params.get("q");
  if (minor && params.get("minor")) minor.checked = true;
  input.addEventListener("input", run);
  if (minor) minor.addEventListener("change", run);
  document.querySelector(".search-page").addEventListener("submit", function (e) { e.preventDefault(); run(); });
  if (input.value) run();
  input.focus();
})();
