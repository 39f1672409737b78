/* clausewatch: the page scripts' words in the page's language.
 * assets/messages-<lang>.js (written by the build from the site's message catalog) sets
 * window.CLAUSEWATCH_I18N; this file reads it.  CW.t(message, values) translates a
 * message and fills its %(name)s placeholders; CW.n(singular, count, values) picks the
 * plural form of the count's category (Intl.PluralRules: Arabic has six), %(num)s being
 * the count.  Numbers are written as the build writes them (Babel, the same locale).
 */
(function () {
  "use strict";
  var data = window.CLAUSEWATCH_I18N || {};
  var lang = data.lang || document.documentElement.lang || "en";
  var messages = data.messages || {}, plurals = data.plurals || {};
  var numbers = null, rules = null;
  try {
    numbers = new Intl.NumberFormat(lang, { numberingSystem: data.numbering || "latn", useGrouping: data.grouping !== false });
    rules = new Intl.PluralRules(lang);
  } catch (e) { /* an old browser: plain numbers, English plurals */ }
  function number(n) { return typeof n === "number" && numbers ? numbers.format(n) : String(n); }
  function fill(text, values) {
    return String(text).replace(/%\((\w+)\)s|%%/g, function (m, name) {
      if (!name) return "%";
      return values && Object.prototype.hasOwnProperty.call(values, name) ? number(values[name]) : m;
    });
  }
  window.CW = {
    lang: lang,
    number: number,
    t: function (message, values) { return fill(messages[message] || message, values); },
    n: function (singular, count, values) {
      var forms = plurals[singular] || {};
      var category = rules ? rules.select(count) : (count === 1 ? "one" : "other");
      var all = { num: count };
      Object.keys(values || {}).forEach(function (k) { all[k] = values[k]; });
      return fill(forms[category] || forms.other || singular, all);
    }
  };
})();
