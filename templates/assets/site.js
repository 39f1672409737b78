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

  // Change pages: open or fold every unchanged run at once.
  document.querySelectorAll("[data-expand-all]").forEach(function (button) {
    var runs = document.querySelectorAll(".unchanged-run details");
    if (!runs.length) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-pressed") !== "true";
      runs.forEach(function (d) { d.open = open; });
      button.setAttribute("aria-pressed", open ? "true" : "false");
      button.textContent = open ? "Fold unchanged text" : "Show unchanged text";
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
