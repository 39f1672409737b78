/* clausewatch: small progressive enhancements; every page works without them. */
(function () {
  "use strict";

  // Home and lists: show or hide minor edits.
  document.querySelectorAll("[data-toggle-minor]").forEach(function (button) {
    var items = document.querySelectorAll("[data-minor]");
    if (!items.length) return;
    button.hidden = false;
    var label = button.textContent;
    function apply(show) {
      button.setAttribute("aria-pressed", show ? "true" : "false");
      items.forEach(function (item) { item.hidden = !show; });
    }
    apply(button.getAttribute("aria-pressed") === "true");
    button.textContent = label;
    button.addEventListener("click", function () {
      apply(button.getAttribute("aria-pressed") !== "true");
    });
  });

  // Change and compare pages: open or fold every unchanged run at once; side by side.
  function diffTools() {
    document.querySelectorAll("[data-expand-all]").forEach(function (button) {
      var runs = document.querySelectorAll(".unchanged-run details");
      if (!runs.length || button.dataset.ready) return;
      button.dataset.ready = "1";
      button.hidden = false;
      button.addEventListener("click", function () {
        var open = button.getAttribute("aria-pressed") !== "true";
        document.querySelectorAll(".unchanged-run details").forEach(function (d) { d.open = open; });
        button.setAttribute("aria-pressed", open ? "true" : "false");
        button.textContent = open ? "Fold unchanged text" : "Show unchanged text";
      });
    });
    // Side by side (wide screens): each changed clause as its old and its new text.
    document.querySelectorAll("[data-side-by-side]").forEach(function (button) {
      var wide = window.matchMedia("(min-width: 64rem)");
      function split(on) {
        document.querySelectorAll(".clause-text p.unified").forEach(function (p) {
          var pair = p.nextElementSibling && p.nextElementSibling.classList.contains("sbs") ? p.nextElementSibling : null;
          if (on && !pair) {
            pair = document.createElement("div");
            pair.className = "sbs";
            [["del", "old", "Before"], ["ins", "new", "After"]].forEach(function (side) {
              var col = p.cloneNode(true);
              col.className = "sbs-" + side[1];
              col.querySelectorAll(side[0] === "del" ? "ins" : "del").forEach(function (x) { x.remove(); });
              var label = document.createElement("span");
              label.className = "visually-hidden";
              label.textContent = side[2] + ": ";
              col.insertBefore(label, col.firstChild);
              pair.appendChild(col);
            });
            p.parentNode.insertBefore(pair, p.nextSibling);
          }
          if (pair) pair.hidden = !on;
          p.hidden = on;
        });
        document.querySelectorAll(".diff").forEach(function (d) { d.classList.toggle("side-by-side", on); });
        button.setAttribute("aria-pressed", on ? "true" : "false");
      }
      function sync() {
        button.hidden = !wide.matches;
        if (!wide.matches) split(false);
        else if (!button.dataset.ready) split(true);
        button.dataset.ready = "1";
      }
      if (!button.dataset.bound) {
        button.dataset.bound = "1";
        button.addEventListener("click", function () { split(button.getAttribute("aria-pressed") !== "true"); });
        if (wide.addEventListener) wide.addEventListener("change", function () { button.dataset.ready = ""; sync(); });
      }
      button.dataset.ready = "";
      sync();
    });
  }
  diffTools();
  document.addEventListener("clausewatch:diff-rendered", diffTools);

  // Downloads: a version as Markdown or plain text, a change as JSON, made here from the
  // document's versions.js / changes.js (scripts, so that this works from file:// too).
  var loading = {};
  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = src;
        s.onload = resolve;
        s.onerror = function () { reject(new Error(src + " could not be loaded")); };
        document.head.appendChild(s);
      });
    }
    return loading[src];
  }
  var assets = (document.querySelector("link[rel=stylesheet]").getAttribute("href") || "").replace(/style\.css$/, "");
  function content(button) {
    var kind = button.getAttribute("data-download"), n = button.getAttribute("data-version");
    return loadScript(button.getAttribute("data-source")).then(function () {
      if (kind === "json") {
        var change = ((window.CLAUSEWATCH_CHANGES || {}).changes || []).filter(function (c) { return String(c.to_version) === n; })[0];
        if (!change) throw new Error("change " + n + " is missing from changes.js");
        return [JSON.stringify(change, null, 2) + "\n", "application/json"];
      }
      var version = ((window.CLAUSEWATCH_VERSIONS || {}).versions || {})[n];
      if (!version) throw new Error("version " + n + " is missing from versions.js");
      if (kind === "md") return [version.markdown, "text/markdown;charset=utf-8"];
      return loadScript(assets + "clausediff.js").then(function () {
        return [window.ClauseDiff.plainText(version.markdown), "text/plain;charset=utf-8"];
      });
    });
  }
  document.querySelectorAll(".download-buttons").forEach(function (span) { span.hidden = false; });
  document.querySelectorAll("[data-download]").forEach(function (button) {
    button.addEventListener("click", function () {
      content(button).then(function (made) {
        var url = URL.createObjectURL(new Blob([made[0]], { type: made[1] }));
        var a = document.createElement("a");
        a.href = url;
        a.download = button.getAttribute("data-name");
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
      }, function (e) { button.textContent = "Download failed: " + e.message; });
    });
  });

  // "Cite this": copy the one-line citation.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var source = document.querySelector(button.getAttribute("data-copy"));
    if (!source || !navigator.clipboard) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(source.textContent.trim()).then(function () {
        button.textContent = "Copied";
      }, function () { button.textContent = "Select the text above to copy it"; });
    });
  });

  // A permalink to a folded clause opens its fold.
  function reveal() {
    if (!location.hash) return;
    var target;
    try { target = document.getElementById(decodeURIComponent(location.hash.slice(1))); }
    catch (e) { return; }
    if (!target) return;
    var details = target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  reveal();
})();
