/* clausewatch compare view: loads the versions' text and shows two versions' clause-level
 * diff.  The texts come as a script (versions.js), so this works from file:// too; the
 * diff itself is assets/clausediff.js.  The choice is kept in the URL's fragment
 * (#from=3&to=9).  window.CLAUSEWATCH_COMPARE holds the last result, in the shape of
 * `clausewatch diff --json --all` (every clause, unchanged ones included).
 */
(function () {
  "use strict";
  var form = document.getElementById("compare-form");
  if (!form || !window.ClauseDiff) return;
  var from = document.getElementById("cmp-from"), to = document.getElementById("cmp-to");
  var status = document.getElementById("compare-status");
  var output = document.getElementById("compare-output");
  var list = document.getElementById("compare-result");
  var KIND = { added: "Added", removed: "Removed", modified: "Changed", moved: "Moved" };
  var FOLD_RUN = 20;
  form.hidden = false;

  var texts = null;
  function load(n) {
    if (!texts) {
      texts = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = "versions.js";
        s.onload = function () { resolve((window.CLAUSEWATCH_VERSIONS || {}).versions || {}); };
        s.onerror = function () { reject(new Error("versions.js could not be loaded")); };
        document.head.appendChild(s);
      });
    }
    return texts.then(function (all) {
      if (!all[n]) throw new Error("version " + n + " is not in versions.js");
      return all[n];
    });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function opsInto(parent, ops) {
    window.ClauseDiff.plainOps(ops).forEach(function (op) {
      parent.appendChild(op[0] === "equal" ? document.createTextNode(op[1]) : el(op[0] === "insert" ? "ins" : "del", "", op[1]));
    });
  }
  function clauseItem(c) {
    var li = el("li", "clause kind-" + c.kind);
    li.id = c.kind === "removed" || !c.new_id ? "old-" + (c.old_id || c.old_position) : "c-" + c.new_id;
    var meta = el("p", "clause-meta");
    meta.appendChild(el("span", "kind", KIND[c.kind]));
    if (c.section) { meta.appendChild(document.createTextNode(" ")); meta.appendChild(el("span", "section", window.ClauseDiff.plain(c.section))); }
    if (c.kind === "moved" && c.old_section !== c.section) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", "section", c.old_section ? "from " + window.ClauseDiff.plain(c.old_section) : "from the top"));
    }
    li.appendChild(meta);
    var body = el("div", "clause-text");
    body.dir = "auto";
    var p = el("p", c.kind === "modified" && c.inline.length ? "unified" : "");
    if (c.kind === "modified" && c.inline.length) opsInto(p, c.inline);
    else if (c.kind === "added") p.appendChild(el("ins", "", window.ClauseDiff.plain(c["new"])));
    else if (c.kind === "removed") p.appendChild(el("del", "", window.ClauseDiff.plain(c.old)));
    else p.textContent = window.ClauseDiff.plain(c["new"] || c.old);
    body.appendChild(p);
    li.appendChild(body);
    return li;
  }
  function fold(cls, summaryText, items) {
    var li = el("li", cls), details = el("details"), inner = el("ol", cls === "unchanged-run" ? "unchanged-list" : "diff");
    details.appendChild(el("summary", "", summaryText));
    items.forEach(function (x) { inner.appendChild(x); });
    details.appendChild(inner);
    li.appendChild(details);
    return li;
  }
  function render(result) {
    while (list.firstChild) list.removeChild(list.firstChild);
    var runs = [];   // consecutive unchanged clauses, or long runs of added/removed ones
    result.changes.forEach(function (c) {
      var last = runs[runs.length - 1];
      var key = c.kind === "unchanged" ? "unchanged" : (c.kind === "added" || c.kind === "removed") ? c.kind : null;
      if (key && last && last.key === key) last.items.push(c);
      else runs.push({ key: key, items: [c] });
    });
    runs.forEach(function (run) {
      if (run.key === "unchanged") {
        var n = run.items.length;
        list.appendChild(fold("unchanged-run", n + (n === 1 ? " unchanged clause" : " unchanged clauses"), run.items.map(function (c) {
          var li = el("li", "", window.ClauseDiff.plain(c["new"]));
          li.id = "c-" + c.new_id;
          li.dir = "auto";
          return li;
        })));
      } else if (run.key && run.items.length > FOLD_RUN) {
        list.appendChild(fold("folded-run kind-" + run.key, run.items.length + (run.key === "added" ? " added clauses" : " removed clauses"), run.items.map(clauseItem)));
      } else {
        run.items.forEach(function (c) { list.appendChild(clauseItem(c)); });
      }
    });
    output.hidden = false;
    document.dispatchEvent(new CustomEvent("clausewatch:diff-rendered"));
  }

  function compare() {
    var a = Number(from.value), b = Number(to.value);
    try { history.replaceState(null, "", "#from=" + a + "&to=" + b); } catch (e) { location.hash = "from=" + a + "&to=" + b; }
    if (a === b) { status.textContent = "Pick two different versions."; output.hidden = true; return; }
    status.textContent = "Comparing version " + a + " with version " + b + "…";
    Promise.all([load(a), load(b)]).then(function (v) {
      var result = window.ClauseDiff.diffTexts(v[0].markdown, v[1].markdown);
      window.CLAUSEWATCH_COMPARE = { from: a, to: b, result: result };
      var s = result.stats;
      render(result);
      status.textContent = "Version " + a + " (" + (v[0].fetched_at || "").slice(0, 10) + ") → version " + b + " (" + (v[1].fetched_at || "").slice(0, 10) + "): " +
        s.added + " clauses added, " + s.removed + " removed, " + s.modified + " changed, " + s.moved + " moved; " + s.unchanged + " unchanged.";
    }).catch(function (e) { status.textContent = "Could not compare: " + e.message; });
  }

  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    var known = form.getAttribute("data-versions").split(" ");
    if (known.indexOf(params.get("from")) !== -1) from.value = params.get("from");
    if (known.indexOf(params.get("to")) !== -1) to.value = params.get("to");
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); compare(); });
  fromHash();
  compare();
})();
