/* clausewatch: filter the list of changes in the browser (works from file:// too).
 * The query lives in the URL's fragment (#service=tiktok&severity=high&from=2026-01-01),
 * so a filtered view can be bookmarked or shared, and survives a reload.
 */
(function () {
  "use strict";
  var form = document.getElementById("filters");
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll(".change-item"));
  var months = Array.prototype.slice.call(document.querySelectorAll("section.month"));
  var status = document.getElementById("filter-status");
  var empty = document.getElementById("filter-empty");
  var FIELDS = ["service", "category", "severity", "significance", "date", "from", "to"];
  form.hidden = false;

  function state() {
    var s = {};
    FIELDS.forEach(function (name) { s[name] = form.elements[name].value; });
    return s;
  }
  function matches(item, s) {
    var d = item.dataset;
    if (s.service && d.service !== s.service) return false;
    if (s.category && (" " + d.categories + " ").indexOf(" " + s.category + " ") === -1) return false;
    if (s.severity && d.severity !== s.severity) return false;
    if (s.significance && d.significance !== s.significance) return false;
    var day = s.date === "effective" ? d.effective : d.detected;
    if ((s.from || s.to) && !day) return false;
    if (s.from && day < s.from) return false;
    if (s.to && day > s.to) return false;
    return true;
  }
  function apply(updateUrl) {
    var s = state(), shown = 0;
    items.forEach(function (item) {
      var ok = matches(item, s);
      item.hidden = !ok;
      if (ok) shown++;
    });
    months.forEach(function (m) { m.hidden = !m.querySelector(".change-item:not([hidden])"); });
    status.textContent = shown === items.length ? items.length + " changes." : shown + " of " + items.length + " changes match the filters.";
    empty.hidden = shown !== 0;
    if (updateUrl) {
      var parts = [];
      FIELDS.forEach(function (name) {
        if (s[name] && !(name === "date" && s[name] === "detected")) parts.push(name + "=" + encodeURIComponent(s[name]));
      });
      var hash = parts.length ? "#" + parts.join("&") : location.pathname.split("/").pop();
      try { history.replaceState(null, "", hash); } catch (e) { location.hash = parts.join("&"); }
    }
  }
  function fromHash() {
    var params = new URLSearchParams(location.hash.slice(1));
    FIELDS.forEach(function (name) {
      var field = form.elements[name], value = params.get(name);
      if (value === null) { field.value = name === "date" ? "detected" : ""; return; }
      if (field.tagName === "SELECT" && !Array.prototype.some.call(field.options, function (o) { return o.value === value; })) return;
      field.value = value;
    });
  }
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("input", function (e) { if (e.target.type === "date") apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  form.addEventListener("submit", function (e) { e.preventDefault(); apply(true); });
  window.addEventListener("hashchange", function () { fromHash(); apply(false); });
  fromHash();
  apply(false);
})();
