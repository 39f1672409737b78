/* clausewatch compare view: the clause-level diff of two versions, in the browser.
 *
 * A line-for-line port of what `clausewatch diff OLD.md NEW.md --json` runs, so that
 * comparing two versions here gives the same clauses, kinds, word-level edits, ids,
 * similarities, statistics and cosmetic classification as the Python differ does for the
 * same two Markdown files (the versions' .md downloads):
 *
 *   diffs/segment.py     segment, split_sentences, is_date_line
 *   diffs/typography.py  TYPOGRAPHY
 *   diffs/spelling.py    spelling_key
 *   diffs/entities.py    extract_dates, find_effective_date, is_place_name (only these)
 *   diffs/cosmetic.py    STAGES, loose_key, is_furniture, cosmetic_kinds
 *   diffs/differ.py      diff_texts, cosmetic_context, _align, _mark_reflowed,
 *                        _mark_duplicates, _mark_renames
 *
 * Each function names the Python function it mirrors.  Regular expressions are copied
 * from the Python source and translated by py() below (Python's Unicode \w, \s, \d, \b;
 * "." and ^/$ as Python has them).  Word-level diffs use diff-match-patch's JavaScript port
 * (assets/vendor/diff-match-patch.js), the library the Python differ uses; strings are
 * compared by code point, and rapidfuzz's scores by the same formulas (ratio =
 * 200·LCS/(n+m), float32 where numpy keeps float32).  No version dates reach the browser,
 * so the cosmetic context is that of diff_texts(old, new) with none (the documents' own
 * "effective"/"last updated" dates and headings only).  Not ported: the differ's bounded
 * path for huge inputs, if it gains one.  tests/test_site_browser_realdata.py checks the
 * two agree on real policy histories; change one side, change the other.
 *
 * window.ClauseDiff = { segment, diffTexts, cosmeticKinds, looseKey, plainOps, plain, plainText, … }
 */
(function (global) {
  "use strict";

  // --- Python's character classes --------------------------------------------------
  var W = "\\p{L}\\p{N}_";                      // \w (str.isalnum() or "_")
  var S = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"; // \s
  var B = "(?:(?<=[" + W + "])(?![" + W + "])|(?<![" + W + "])(?=[" + W + "]))"; // \b
  function re(source, flags) { return new RegExp(source, "u" + (flags || "")); }

  // Python's re syntax, translated: py(/source/, "i") is a RegExp that matches what
  // re.compile(source, re.I) matches, so a pattern can be copied from the Python module
  // as it stands.  \w \W \s \S \d \b take Python's Unicode meaning, "." stops only at
  // "\n", ^ and $ follow re.M or its absence ($ also matches before a final "\n"), and
  // escapes Python allows but the "u" mode refuses (\" \- \ ) lose their backslash.  A
  // pattern split over lines in Python is given as an array of pieces (regular
  // expression literals, or String.raw strings where a piece is not one on its own).
  function pySource(source) {
    if (Array.isArray(source)) return source.map(pySource).join("");
    return typeof source === "string" ? source : source.source;
  }
  function py(source, flags) {
    source = pySource(source);
    flags = flags || "";
    var multi = flags.indexOf("m") !== -1, out = "", inClass = false;
    for (var i = 0; i < source.length; i++) {
      var ch = source.charAt(i);
      if (ch === "\\") {
        var nx = source.charAt(++i);
        if (nx === "w") out += inClass ? W : "[" + W + "]";
        else if (nx === "s") out += inClass ? S : "[" + S + "]";
        else if (nx === "d") out += "\\p{Nd}";
        else if (nx === "W" && !inClass) out += "[^" + W + "]";
        else if (nx === "S" && !inClass) out += "[^" + S + "]";
        else if (nx === "b") out += inClass ? "\\x08" : boundary(source, i);
        else if ("WSDBAZ".indexOf(nx) !== -1) throw new Error("py(): \\" + nx + " is not translated");
        else if (/[A-Za-z0-9]/.test(nx) || "^$\\.*+?()[]{}|/".indexOf(nx) !== -1 || (inClass && nx === "-")) out += "\\" + nx;
        else out += nx;
      } else if (inClass) {
        if (ch === "]") inClass = false;
        out += ch;
      } else if (ch === "[") {
        inClass = true;
        out += ch;
        if (source.charAt(i + 1) === "^") { out += "^"; i++; }
      } else if (ch === ".") out += "[^\\n]";
      else if (ch === "^") out += multi ? "(?<=^|\\n)" : "^";
      else if (ch === "$") out += multi ? "(?=\\n|$)" : "(?=\\n?$)";
      else out += ch;
    }
    return new RegExp(out, "u" + flags.replace("m", ""));
  }
  // \b at source[i - 1 .. i]: beside a literal word character that must match there, only the
  // other side needs looking at (the same result, and far cheaper for V8 to compile)
  function boundary(source, i) {
    var wordChar = /[A-Za-z0-9_]/;
    var next = source.charAt(i + 1), after = source.charAt(i + 2);
    if (wordChar.test(next) && "?*{".indexOf(after) === -1) return "(?<![" + W + "])";
    var prev = source.charAt(i - 2), before = source.charAt(i - 3);
    if (wordChar.test(prev) && before !== "\\") return "(?![" + W + "])";
    return B;
  }
  // re.fullmatch(source, text): the whole text, no final "\n" allowed
  function pyFull(source, flags) { return new RegExp("^(?:" + py(source).source + ")$", "u" + (flags || "")); }
  function escapeRe(text) { return text.replace(/[\\^$.*+?()[\]{}|\/]/g, "\\$&"); }
  function has(obj, key) { return Object.prototype.hasOwnProperty.call(obj, key); }

  var WS_RUN = re("[" + S + "]+", "g");
  var LEAD_WS = re("^[" + S + "]+");
  var TRAIL_WS = re("[" + S + "]+$");
  function pyStrip(t) { return t.replace(LEAD_WS, "").replace(TRAIL_WS, ""); }
  function pyRstrip(t) { return t.replace(TRAIL_WS, ""); }
  function pySplit(t) { return t.split(WS_RUN).filter(function (x) { return x !== ""; }); }
  function cpLen(t) { var n = 0; for (var _ of t) n++; return n; }   // len() in Python

  // str.casefold(): lower() except for these characters (generated from Python)
  // generated: {c: c.casefold() for every c where c.casefold() != c.lower()}
  var CASEFOLD = {"\u00b5":"\u03bc","\u00df":"ss","\u0149":"\u02bcn","\u017f":"s","\u01f0":"j\u030c","\u0345":"\u03b9","\u0390":"\u03b9\u0308\u0301","\u03b0":"\u03c5\u0308\u0301","\u03c2":"\u03c3","\u03d0":"\u03b2","\u03d1":"\u03b8","\u03d5":"\u03c6","\u03d6":"\u03c0","\u03f0":"\u03ba","\u03f1":"\u03c1","\u03f5":"\u03b5","\u0587":"\u0565\u0582","\u13a0":"\u13a0","\u13a1":"\u13a1","\u13a2":"\u13a2","\u13a3":"\u13a3","\u13a4":"\u13a4","\u13a5":"\u13a5","\u13a6":"\u13a6","\u13a7":"\u13a7","\u13a8":"\u13a8","\u13a9":"\u13a9","\u13aa":"\u13aa","\u13ab":"\u13ab","\u13ac":"\u13ac","\u13ad":"\u13ad","\u13ae":"\u13ae","\u13af":"\u13af","\u13b0":"\u13b0","\u13b1":"\u13b1","\u13b2":"\u13b2","\u13b3":"\u13b3","\u13b4":"\u13b4","\u13b5":"\u13b5","\u13b6":"\u13b6","\u13b7":"\u13b7","\u13b8":"\u13b8","\u13b9":"\u13b9","\u13ba":"\u13ba","\u13bb":"\u13bb","\u13bc":"\u13bc","\u13bd":"\u13bd","\u13be":"\u13be","\u13bf":"\u13bf","\u13c0":"\u13c0","\u13c1":"\u13c1","\u13c2":"\u13c2","\u13c3":"\u13c3","\u13c4":"\u13c4","\u13c5":"\u13c5","\u13c6":"\u13c6","\u13c7":"\u13c7","\u13c8":"\u13c8","\u13c9":"\u13c9","\u13ca":"\u13ca","\u13cb":"\u13cb","\u13cc":"\u13cc","\u13cd":"\u13cd","\u13ce":"\u13ce","\u13cf":"\u13cf","\u13d0":"\u13d0","\u13d1":"\u13d1","\u13d2":"\u13d2","\u13d3":"\u13d3","\u13d4":"\u13d4","\u13d5":"\u13d5","\u13d6":"\u13d6","\u13d7":"\u13d7","\u13d8":"\u13d8","\u13d9":"\u13d9","\u13da":"\u13da","\u13db":"\u13db","\u13dc":"\u13dc","\u13dd":"\u13dd","\u13de":"\u13de","\u13df":"\u13df","\u13e0":"\u13e0","\u13e1":"\u13e1","\u13e2":"\u13e2","\u13e3":"\u13e3","\u13e4":"\u13e4","\u13e5":"\u13e5","\u13e6":"\u13e6","\u13e7":"\u13e7","\u13e8":"\u13e8","\u13e9":"\u13e9","\u13ea":"\u13ea","\u13eb":"\u13eb","\u13ec":"\u13ec","\u13ed":"\u13ed","\u13ee":"\u13ee","\u13ef":"\u13ef","\u13f0":"\u13f0","\u13f1":"\u13f1","\u13f2":"\u13f2","\u13f3":"\u13f3","\u13f4":"\u13f4","\u13f5":"\u13f5","\u13f8":"\u13f0","\u13f9":"\u13f1","\u13fa":"\u13f2","\u13fb":"\u13f3","\u13fc":"\u13f4","\u13fd":"\u13f5","\u1c80":"\u0432","\u1c81":"\u0434","\u1c82":"\u043e","\u1c83":"\u0441","\u1c84":"\u0442","\u1c85":"\u0442","\u1c86":"\u044a","\u1c87":"\u0463","\u1c88":"\ua64b","\u1e96":"h\u0331","\u1e97":"t\u0308","\u1e98":"w\u030a","\u1e99":"y\u030a","\u1e9a":"a\u02be","\u1e9b":"\u1e61","\u1e9e":"ss","\u1f50":"\u03c5\u0313","\u1f52":"\u03c5\u0313\u0300","\u1f54":"\u03c5\u0313\u0301","\u1f56":"\u03c5\u0313\u0342","\u1f80":"\u1f00\u03b9","\u1f81":"\u1f01\u03b9","\u1f82":"\u1f02\u03b9","\u1f83":"\u1f03\u03b9","\u1f84":"\u1f04\u03b9","\u1f85":"\u1f05\u03b9","\u1f86":"\u1f06\u03b9","\u1f87":"\u1f07\u03b9","\u1f88":"\u1f00\u03b9","\u1f89":"\u1f01\u03b9","\u1f8a":"\u1f02\u03b9","\u1f8b":"\u1f03\u03b9","\u1f8c":"\u1f04\u03b9","\u1f8d":"\u1f05\u03b9","\u1f8e":"\u1f06\u03b9","\u1f8f":"\u1f07\u03b9","\u1f90":"\u1f20\u03b9","\u1f91":"\u1f21\u03b9","\u1f92":"\u1f22\u03b9","\u1f93":"\u1f23\u03b9","\u1f94":"\u1f24\u03b9","\u1f95":"\u1f25\u03b9","\u1f96":"\u1f26\u03b9","\u1f97":"\u1f27\u03b9","\u1f98":"\u1f20\u03b9","\u1f99":"\u1f21\u03b9","\u1f9a":"\u1f22\u03b9","\u1f9b":"\u1f23\u03b9","\u1f9c":"\u1f24\u03b9","\u1f9d":"\u1f25\u03b9","\u1f9e":"\u1f26\u03b9","\u1f9f":"\u1f27\u03b9","\u1fa0":"\u1f60\u03b9","\u1fa1":"\u1f61\u03b9","\u1fa2":"\u1f62\u03b9","\u1fa3":"\u1f63\u03b9","\u1fa4":"\u1f64\u03b9","\u1fa5":"\u1f65\u03b9","\u1fa6":"\u1f66\u03b9","\u1fa7":"\u1f67\u03b9","\u1fa8":"\u1f60\u03b9","\u1fa9":"\u1f61\u03b9","\u1faa":"\u1f62\u03b9","\u1fab":"\u1f63\u03b9","\u1fac":"\u1f64\u03b9","\u1fad":"\u1f65\u03b9","\u1fae":"\u1f66\u03b9","\u1faf":"\u1f67\u03b9","\u1fb2":"\u1f70\u03b9","\u1fb3":"\u03b1\u03b9","\u1fb4":"\u03ac\u03b9","\u1fb6":"\u03b1\u0342","\u1fb7":"\u03b1\u0342\u03b9","\u1fbc":"\u03b1\u03b9","\u1fbe":"\u03b9","\u1fc2":"\u1f74\u03b9","\u1fc3":"\u03b7\u03b9","\u1fc4":"\u03ae\u03b9","\u1fc6":"\u03b7\u0342","\u1fc7":"\u03b7\u0342\u03b9","\u1fcc":"\u03b7\u03b9","\u1fd2":"\u03b9\u0308\u0300","\u1fd3":"\u03b9\u0308\u0301","\u1fd6":"\u03b9\u0342","\u1fd7":"\u03b9\u0308\u0342","\u1fe2":"\u03c5\u0308\u0300","\u1fe3":"\u03c5\u0308\u0301","\u1fe4":"\u03c1\u0313","\u1fe6":"\u03c5\u0342","\u1fe7":"\u03c5\u0308\u0342","\u1ff2":"\u1f7c\u03b9","\u1ff3":"\u03c9\u03b9","\u1ff4":"\u03ce\u03b9","\u1ff6":"\u03c9\u0342","\u1ff7":"\u03c9\u0342\u03b9","\u1ffc":"\u03c9\u03b9","\uab70":"\u13a0","\uab71":"\u13a1","\uab72":"\u13a2","\uab73":"\u13a3","\uab74":"\u13a4","\uab75":"\u13a5","\uab76":"\u13a6","\uab77":"\u13a7","\uab78":"\u13a8","\uab79":"\u13a9","\uab7a":"\u13aa","\uab7b":"\u13ab","\uab7c":"\u13ac","\uab7d":"\u13ad","\uab7e":"\u13ae","\uab7f":"\u13af","\uab80":"\u13b0","\uab81":"\u13b1","\uab82":"\u13b2","\uab83":"\u13b3","\uab84":"\u13b4","\uab85":"\u13b5","\uab86":"\u13b6","\uab87":"\u13b7","\uab88":"\u13b8","\uab89":"\u13b9","\uab8a":"\u13ba","\uab8b":"\u13bb","\uab8c":"\u13bc","\uab8d":"\u13bd","\uab8e":"\u13be","\uab8f":"\u13bf","\uab90":"\u13c0","\uab91":"\u13c1","\uab92":"\u13c2","\uab93":"\u13c3","\uab94":"\u13c4","\uab95":"\u13c5","\uab96":"\u13c6","\uab97":"\u13c7","\uab98":"\u13c8","\uab99":"\u13c9","\uab9a":"\u13ca","\uab9b":"\u13cb","\uab9c":"\u13cc","\uab9d":"\u13cd","\uab9e":"\u13ce","\uab9f":"\u13cf","\uaba0":"\u13d0","\uaba1":"\u13d1","\uaba2":"\u13d2","\uaba3":"\u13d3","\uaba4":"\u13d4","\uaba5":"\u13d5","\uaba6":"\u13d6","\uaba7":"\u13d7","\uaba8":"\u13d8","\uaba9":"\u13d9","\uabaa":"\u13da","\uabab":"\u13db","\uabac":"\u13dc","\uabad":"\u13dd","\uabae":"\u13de","\uabaf":"\u13df","\uabb0":"\u13e0","\uabb1":"\u13e1","\uabb2":"\u13e2","\uabb3":"\u13e3","\uabb4":"\u13e4","\uabb5":"\u13e5","\uabb6":"\u13e6","\uabb7":"\u13e7","\uabb8":"\u13e8","\uabb9":"\u13e9","\uabba":"\u13ea","\uabbb":"\u13eb","\uabbc":"\u13ec","\uabbd":"\u13ed","\uabbe":"\u13ee","\uabbf":"\u13ef","\ufb00":"ff","\ufb01":"fi","\ufb02":"fl","\ufb03":"ffi","\ufb04":"ffl","\ufb05":"st","\ufb06":"st","\ufb13":"\u0574\u0576","\ufb14":"\u0574\u0565","\ufb15":"\u0574\u056b","\ufb16":"\u057e\u0576","\ufb17":"\u0574\u056d"};
  var ASCII = /^[\x00-\x7f]*$/;
  function casefold(t) {
    if (ASCII.test(t)) return t.toLowerCase();
    var out = "";
    for (var ch of t) out += Object.prototype.hasOwnProperty.call(CASEFOLD, ch) ? CASEFOLD[ch] : ch.toLowerCase();
    return out;
  }

  // diffs/typography.py, plus the no-break space
  var QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " "};
  var QUOTES_RX = new RegExp("[" + Object.keys(QUOTES).join("") + "]", "gu");
  function quotes(t) { return t.replace(QUOTES_RX, function (ch) { return QUOTES[ch]; }); }

  // --- SHA-1 (clause ids) -------------------------------------------------------------
  function sha1hex(text) {
    var bytes = new TextEncoder().encode(text);
    var len = bytes.length, words = [], i;
    var total = ((len + 8) >> 6) + 1;
    for (i = 0; i < total * 16; i++) words[i] = 0;
    for (i = 0; i < len; i++) words[i >> 2] |= bytes[i] << (24 - (i % 4) * 8);
    words[len >> 2] |= 0x80 << (24 - (len % 4) * 8);
    words[total * 16 - 1] = len * 8;
    var h0 = 0x67452301, h1 = 0xefcdab89, h2 = 0x98badcfe, h3 = 0x10325476, h4 = 0xc3d2e1f0;
    var w = new Array(80);
    for (var blk = 0; blk < words.length; blk += 16) {
      var a = h0, b = h1, c = h2, d = h3, e = h4;
      for (i = 0; i < 80; i++) {
        w[i] = i < 16 ? words[blk + i] : rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        var f, k;
        if (i < 20) { f = (b & c) | (~b & d); k = 0x5a827999; }
        else if (i < 40) { f = b ^ c ^ d; k = 0x6ed9eba1; }
        else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8f1bbcdc; }
        else { f = b ^ c ^ d; k = 0xca62c1d6; }
        var t = (rol(a, 5) + f + e + k + w[i]) | 0;
        e = d; d = c; c = rol(b, 30); b = a; a = t;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0;
    }
    return [h0, h1, h2, h3, h4].map(function (x) { return ("00000000" + (x >>> 0).toString(16)).slice(-8); }).join("");
  }
  function rol(x, n) { return (x << n) | (x >>> (32 - n)); }

  // --- diffs/segment.py ---------------------------------------------------------------
  var BOLD_HEADING_LEVEL = 7;
  var ATX = re("^ {0,3}(#{1,6})(?:[ \\t]+([^\\n]*?))?(?:[ \\t]+#+)?[ \\t]*$");
  var SETEXT = re("^ {0,3}(=+|-+)[ \\t]*$");
  var THEMATIC = re("^ {0,3}([-*_])(?:[ \\t]*\\1){2,}[ \\t]*$");
  var LIST_ITEM = re("^([ \\t]*)([*+-]|\\p{Nd}{1,9}[.)])(?:[ \\t]+([^\\n]*))?$");
  var FENCE = re("^ {0,3}(`{3,}|~{3,})");
  var TABLE_ROW = re("^[" + S + "]*\\|");
  var TABLE_SEP = re("^[" + S + "]*\\|?[" + S + "]*:?-{2,}:?[" + S + "]*(\\|[" + S + "]*:?-{2,}:?[" + S + "]*)*\\|?[" + S + "]*$");
  var BLOCKQUOTE = re("^ {0,3}>[ \\t]?");
  var BOLD_ONLY = re("^(\\*\\*|__)([^*_][^\\n]*?)\\1:?$");
  var WORD = re("[" + W + "]+", "g");
  var ENUMERATOR = re("^([" + S + "*_\\[]*)(?:\\(?(?:\\p{Nd}{1,3}(?:\\.\\p{Nd}{1,3})*|[A-Za-z]|[ivxlcIVXLC]{2,5})\\\\?[.)](?:[" + S + "]+|(?=[*_\\]])))+");
  var MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december" +
    "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec" +
    // German, French, Spanish: policies get republished in the reader's language
    "|januar|februar|märz|maerz|mai|juni|juli|oktober|dezember" +
    "|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre|décembre" +
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre");
  var DATE_WORDS = py([
    String.raw`\b(last\s+(updated|modified|revised|amended|changed|update|modification)|updated|revised|`,
    String.raw`effective(\s+date)?|effective\s+(as\s+of|from|until|since)|`,
    String.raw`(takes?|took|go(es)?|went)\s+(into\s+)?effect|in\s+effect|version\s+date|dated|`,
    String.raw`gültig\s+ab|wirksam\s+ab|stand|zuletzt\s+(aktualisiert|geändert)|aktualisiert|`,
    String.raw`en\s+vigueur|mis(e)?\s+à\s+jour|dernière\s+mise\s+à\s+jour|`,
    String.raw`en\s+vigor|vigente\s+desde|última\s+actualización|actualizad[oa])\b`], "gi");
  var DATE_VALUE = py(String.raw`\b(${MONTHS})\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b`, "gi");
  var DATE_WORDS_ONE = new RegExp(DATE_WORDS.source, "ui");
  var DATE_VALUE_ONE = new RegExp(DATE_VALUE.source, "ui");
  var DATE_LINE_MAX_OTHER_WORDS = 1;
  var FILLER = new Set(("a an the this these that it its our of on as at in to for from since until and or by " +
    "is are was will be has have been terms term policy policies notice version " +
    "service services privacy users user new existing all date st nd rd th").split(" "));
  var ABBREVIATIONS = new Set(("e.g i.e etc cf vs viz al approx incl esp fig no nos art arts sec secs ss para paras " +
    "ch cl pt pp p vol ed eds rev dept govt inc ltd llc llp co corp plc pty bv gmbh " +
    "mr mrs ms dr prof st jr sr mt ave blvd rd ste u.s u.s.a u.k e.u " +
    "jan feb mar apr jun jul aug sep sept oct nov dec").split(" "));
  // segment._SENTENCE_END: Arabic ؟ and ۔ end a sentence too, and an Arabic letter or digit may start one
  var SENTENCE_END = re("[.!?\u061f\u06d4][\"”’')\\]*_»]*(?=[" + S + "]+[\"“‘'(\\[*_«]*[A-Z\u0621-\u064a\u0660-\u0669\u06f0-\u06f9])", "g");
  var DIGITS = re("^[\\p{Nd}\\u00b2\\u00b3\\u00b9\\u2070-\\u2079\\u2080-\\u2089]+$");

  function normalizeWs(t) { return pyStrip(t.replace(/\u00a0/g, " ").replace(WS_RUN, " ")); }
  function stripEnumerator(t) { return t.replace(ENUMERATOR, "$1"); }

  function headingTitle(raw) {
    var title = pyStrip(raw);
    title = title.replace(/\\([\\`*_{}\[\]()#+\-.!])/gu, "$1");
    title = title.replace(/\[([^\]]*)\]\([^)]*\)/gu, "$1");
    title = title.split("**").join("").split("__").join("");
    title = title.replace(/^[*_ \t]+|[*_ \t]+$/gu, "").replace(/:+$/u, "");
    return normalizeWs(pyStrip(title));
  }

  function isDateLine(text) {
    var plain = normalizeWs(text.replace(/[*_#`>]/gu, " "));
    if (!plain || cpLen(plain) > 200) return false;
    if (!(DATE_WORDS_ONE.test(plain) && DATE_VALUE_ONE.test(plain))) return false;
    var rest = plain.replace(DATE_WORDS, " ").replace(DATE_VALUE, " ");
    var other = (rest.toLowerCase().match(WORD) || []).filter(function (w) { return !DIGITS.test(w); });
    var n = 0;
    other.forEach(function (w) { if (!FILLER.has(w)) n++; });
    return n <= DATE_LINE_MAX_OTHER_WORDS;
  }

  function Block(kind, lines, level) { this.kind = kind; this.lines = lines || []; this.level = level || 0; }
  Block.prototype.text = function () { return pyStrip(this.lines.map(pyRstrip).join("\n")); };

  function isBoldHeading(block) {
    if (block.kind !== "paragraph" || block.lines.length !== 1) return false;
    var line = pyStrip(block.lines[0]);
    var m = BOLD_ONLY.exec(line);
    if (!m) return false;
    var inner = pyStrip(m[2]);
    var n = cpLen(inner);
    if (inner.indexOf("**") !== -1 || inner.indexOf("__") !== -1 || n > 120 || n < 2) return false;
    var trimmed = inner.replace(/[*_]+$/u, "");
    if (/[.;,]$/u.test(trimmed)) return false;
    return !isDateLine(inner);
  }

  function parseBlocks(markdown) {
    var blocks = [], current = null, fence = null;
    function flush() { if (current !== null && current.text()) blocks.push(current); current = null; }
    var lines = markdown.split("\r\n").join("\n").split("\r").join("\n").split("\n");
    for (var li = 0; li < lines.length; li++) {
      var line = pyRstrip(lines[li]), m;
      if (fence !== null) {
        current.lines.push(line);
        if (pyStrip(line).startsWith(fence)) { fence = null; flush(); }
        continue;
      }
      if (!pyStrip(line)) { flush(); continue; }
      if ((m = FENCE.exec(line))) { flush(); fence = m[1]; current = new Block("code", [line]); continue; }
      var quote = BLOCKQUOTE.exec(line);
      if (quote) {
        line = line.slice(quote[0].length);
        if (!pyStrip(line)) { flush(); continue; }
      }
      m = SETEXT.exec(line);
      if (m && current !== null && current.kind === "paragraph") {
        current.kind = "heading";
        current.level = m[1].charAt(0) === "=" ? 1 : 2;
        flush();
        continue;
      }
      if (THEMATIC.test(line)) { flush(); continue; }
      if ((m = ATX.exec(line))) { flush(); blocks.push(new Block("heading", [m[2] || ""], m[1].length)); continue; }
      if (TABLE_ROW.test(line)) {
        flush();
        if (!TABLE_SEP.test(line)) blocks.push(new Block("table_row", [pyStrip(line)]));
        continue;
      }
      m = LIST_ITEM.exec(line);
      if (m && m[3] !== undefined) {
        flush();
        current = new Block("list_item", [m[3]], cpLen(m[1].replace(/\t/g, "    ")));
        continue;
      }
      if (current === null) current = new Block("paragraph", []);
      current.lines.push(pyStrip(line));
    }
    flush();
    return blocks;
  }

  function countChar(t, ch) { return t.split(ch).length - 1; }

  function splitSentences(text) {
    var sentences = [], start = 0, m;
    SENTENCE_END.lastIndex = 0;
    while ((m = SENTENCE_END.exec(text)) !== null) {
      var before = text.slice(start, m.index);
      if (countChar(before, "[") > countChar(before, "]") || countChar(before, "(") > countChar(before, ")")) continue;
      if ((stripEnumerator(before).match(WORD) || []).length < 2) continue;
      if (text.charAt(m.index) === ".") {
        var parts = pySplit(before);
        var word = parts.length ? parts[parts.length - 1] : "";
        word = word.replace(/^["“‘'(\[*_]+/u, "").toLowerCase();
        if (ABBREVIATIONS.has(word) || /^(?:[a-z]\.)*[a-z]$/u.test(word)) continue;
      }
      var end = m.index + m[0].length;
      var piece = pyStrip(text.slice(start, end));
      if (piece) sentences.push(piece);
      start = end;
    }
    var tail = pyStrip(text.slice(start));
    if (tail) sentences.push(tail);
    var merged = [];
    sentences.forEach(function (s) {
      if (merged.length && cpLen(s) < 4) merged[merged.length - 1] += " " + s;
      else if (merged.length && cpLen(merged[merged.length - 1]) < 4) merged[merged.length - 1] += " " + s;
      else merged.push(s);
    });
    return merged;
  }

  function clauseId(section, text) {
    var key = section.map(function (s) { return casefold(normalizeWs(s)); }).join("\x1e") + "\x1f" + normalizeWs(text);
    return sha1hex(key).slice(0, 16);
  }

  function segment(markdown) {
    var stack = [], out = [];
    parseBlocks(markdown).forEach(function (block) {
      var text = block.text();
      if (block.kind === "paragraph" && isBoldHeading(block)) block = new Block("heading", block.lines, BOLD_HEADING_LEVEL);
      var section = stack.map(function (s) { return s[1]; });
      if (block.kind === "heading") {
        var title = headingTitle(text);
        if (!title) return;
        if (isDateLine(title)) { out.push(["heading", section, text]); return; }
        while (stack.length && stack[stack.length - 1][0] >= block.level) stack.pop();
        out.push(["heading", stack.map(function (s) { return s[1]; }), text]);
        stack.push([block.level, title]);
        return;
      }
      var sentences = [text];
      if ((block.kind === "paragraph" || block.kind === "list_item") && cpLen(text) > 0) sentences = splitSentences(text);
      if (sentences.length > 1) sentences.forEach(function (s) { out.push(["sentence", section, s]); });
      else out.push([block.kind, section, text]);
    });
    var seen = new Map();
    return out.map(function (entry, position) {
      var base = clauseId(entry[1], entry[2]);
      var n = (seen.get(base) || 0) + 1;
      seen.set(base, n);
      return { id: n === 1 ? base : base + "-" + n, section: entry[1], text: entry[2], position: position,
        kind: entry[0], label: entry[1].join(" › ") };
    });
  }

  // --- diffs/typography.py ----------------------------------------------------------------
  var TYPOGRAPHY = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2026": "..."};
  // str.translate with a {char: replacement} table (keys: single BMP characters)
  function translator(table) {
    var rx = new RegExp("[" + Object.keys(table).map(escapeRe).join("") + "]", "gu");
    return function (t) { return t.replace(rx, function (ch) { return table[ch]; }); };
  }
  function translate(t, table) {
    if (!table.translate) Object.defineProperty(table, "translate", { value: translator(table) });
    return table.translate(t);
  }

  // --- diffs/spelling.py (spelling_key) ----------------------------------------------------
  var VARIANTS = {
    licence: "license", licences: "licenses", licenced: "licensed", licencing: "licensing",
    defence: "defense", defences: "defenses", offence: "offense", offences: "offenses",
    pretence: "pretense", practise: "practice", practised: "practiced", practising: "practicing",
    cancelled: "canceled", cancelling: "canceling", labelled: "labeled", labelling: "labeling",
    travelled: "traveled", travelling: "traveling", traveller: "traveler", travellers: "travelers",
    modelled: "modeled", modelling: "modeling", counselling: "counseling", counsellor: "counselor",
    signalled: "signaled", signalling: "signaling", totalled: "totaled", totalling: "totaling",
    fuelled: "fueled", fuelling: "fueling", dialled: "dialed", dialling: "dialing",
    equalled: "equaled", levelled: "leveled", channelled: "channeled", marvellous: "marvelous",
    jewellery: "jewelry", fulfil: "fulfill", fulfils: "fulfills", fulfilment: "fulfillment",
    enrol: "enroll", enrols: "enrolls", enrolment: "enrollment", enrolments: "enrollments",
    instalment: "installment", instalments: "installments", skilful: "skillful", wilful: "willful",
    wilfully: "willfully", distil: "distill",
    catalogue: "catalog", catalogues: "catalogs", dialogue: "dialog", dialogues: "dialogs",
    analogue: "analog",
    judgement: "judgment", judgements: "judgments", acknowledgement: "acknowledgment",
    acknowledgements: "acknowledgments", ageing: "aging",
    paediatric: "pediatric", encyclopaedia: "encyclopedia", anaesthetic: "anesthetic",
    manoeuvre: "maneuver", oestrogen: "estrogen",
    programme: "program", programmes: "programs", grey: "gray", cheque: "check", cheques: "checks",
    tyre: "tire", tyres: "tires", aluminium: "aluminum", sceptical: "skeptical", storey: "story",
    draught: "draft", plough: "plow", mum: "mom", towards: "toward", afterwards: "afterward",
    amongst: "among", whilst: "while"
  };
  var NOT_VARIANTS = new Set(pySplit(
    "four hour hours your yours tour tours pour pours sour flour flours detour contour " +
    "contours journal amour devour devours scour scours paramour troubadour velour " +
    "acre acres massacre mediocre ogre ogres genre genres lucre " +
    "precise concise excise exercise exercised exercises exercising expertise franchise " +
    "franchised franchisee franchises advise advised advises advising revise revised revises " +
    "revising supervise supervised televise surprise surprised surprises comprise " +
    "comprised comprises compromise compromised devise devised enterprise enterprises " +
    "improvise merchandise premise premises promise promised promises raise raised " +
    "arise arisen arises praise despise disguise chastise wise otherwise likewise " +
    "rise rises noise poise cruise cruises paradise treatise mortise size sizes seize " +
    "prize prizes maize baize"));
  var ISE = py(/^(\w{3,}?)is(e|es|ed|ing|er|ers|ation|ations|able)$/);
  var YSE = py(/^(\w{2,}?)ys(e|es|ed|ing|er|ers)$/);
  var OUR = py(/^(\w{3,}?)our(|s|ed|ing|able|ably|ful|fully|ite|ites|ist|ists|less)$/);
  var TRE = py(/^(\w{2,}?[^aeiou])(t|b|g)re(|s|d)$/);
  var OUR_KEEP = ["glamour"];
  var spellingCache = new Map();
  function spellingKey(word) {
    var key = spellingCache.get(word);
    if (key === undefined) {
      key = spellingKeyOf(word);
      if (spellingCache.size > 16384) spellingCache.clear();
      spellingCache.set(word, key);
    }
    return key;
  }
  function spellingKeyOf(word) {
    var w = word.toLowerCase(), m;
    if (has(VARIANTS, w)) return VARIANTS[w];
    if (NOT_VARIANTS.has(w) || cpLen(w) < 5) return w;
    if ((m = ISE.exec(w))) return m[1] + "iz" + m[2];
    m = YSE.exec(w);
    if (m && (m[1].endsWith("al") || m[1].endsWith("ly") || m[1].endsWith("aral"))) return m[1] + "yz" + m[2];
    m = OUR.exec(w);
    if (m && OUR_KEEP.indexOf(w) === -1) return m[1] + "or" + m[2];
    if (w.endsWith("ioural") || w.endsWith("iourally")) return w.split("iour").join("ior");
    if ((m = TRE.exec(w))) return m[1] + m[2] + "er" + m[3];
    return w;
  }

  // --- diffs/entities.py: dates (extract_dates, find_effective_date) and is_place_name -----
  // entities._alt: names longest first, spaces as \s+
  function altOf(names) {
    return names.slice().sort(function (a, b) { return cpLen(b) - cpLen(a); })
      .map(function (n) { return escapeRe(n).split(" ").join("\\s+"); }).join("|");
  }
  var MONTH_NUMBER = new Map();
  "january february march april may june july august september october november december".split(" ")
    .forEach(function (m, i) { MONTH_NUMBER.set(m, i + 1); });
  Array.from(MONTH_NUMBER.entries()).forEach(function (e) { MONTH_NUMBER.set(e[0].slice(0, 3), e[1]); });
  MONTH_NUMBER.set("sept", 9);
  var MON = altOf(Array.from(MONTH_NUMBER.keys()));
  var DATE_RE = py([
    String.raw`(?:(?<label>effective(?:\s+date)?|(?:date\s+of\s+)?last\s+(?:updated|modified|revised|update|modification)|updated|revised)`,
    String.raw`\s*(?:on|as\s+of|from|date)?\s*[:\-–—]?\s*\**\s*)?`,
    String.raw`(?:(?<m1>${MON})\.?\s+(?<d1>\d{1,2})(?:st|nd|rd|th)?\s?,?\s+(?<y1>\d{4})`,
    String.raw`|(?<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?<m2>${MON})\.?\s?,?\s+(?<y2>\d{4})`,
    String.raw`|(?<iso>(?<y3>\d{4})-(?<m3>\d{2})-(?<d3>\d{2})))`], "gi");
  var ND_ANY = re("\\p{Nd}");
  function pyInt(digits) {      // int() of decimal digits, in any script
    var n = 0;
    for (var ch of digits) {
      var cp = ch.codePointAt(0), zero = cp;
      while (ND_ANY.test(String.fromCodePoint(zero - 1))) zero--;
      n = n * 10 + (cp - zero) % 10;
    }
    return n;
  }
  function pad(n, width) { var t = String(n); while (t.length < width) t = "0" + t; return t; }
  function stripChars(t, chars) {         // str.strip(chars)
    var a = Array.from(t), i = 0, j = a.length;
    while (i < j && chars.indexOf(a[i]) !== -1) i++;
    while (j > i && chars.indexOf(a[j - 1]) !== -1) j--;
    return a.slice(i, j).join("");
  }
  function rstripChars(t, chars) {        // str.rstrip(chars)
    var a = Array.from(t), j = a.length;
    while (j > 0 && chars.indexOf(a[j - 1]) !== -1) j--;
    return a.slice(0, j).join("");
  }
  function extractDates(text) {
    var out = [], m;
    DATE_RE.lastIndex = 0;
    while ((m = DATE_RE.exec(text)) !== null) {
      var g = m.groups, y, mo, d;
      if (g.iso) { y = pyInt(g.y3); mo = pyInt(g.m3); d = pyInt(g.d3); }
      else {
        y = pyInt(g.y1 || g.y2);
        mo = MONTH_NUMBER.get((g.m1 || g.m2).toLowerCase());
        d = pyInt(g.d1 || g.d2);
      }
      if (!(mo >= 1 && mo <= 12 && d >= 1 && d <= 31)) continue;
      var label = g.label ? (g.label.toLowerCase().startsWith("effective") ? "effective" : "updated") : null;
      out.push({ kind: "date", text: stripChars(m[0], " *"),
        value: { date: pad(y, 4) + "-" + pad(mo, 2) + "-" + pad(d, 2), label: label } });
    }
    return out;
  }
  function findEffectiveDate(text) {
    var head = "", n = 0;
    for (var ch of text) { if (n++ >= 5000) break; head += ch; }
    var dates = extractDates(head), k;
    for (k = 0; k < dates.length; k++) if (dates[k].value.label === "effective") return dates[k];
    for (k = 0; k < dates.length; k++) if (dates[k].value.label) return dates[k];
    return null;
  }
  // entities.STATES, COUNTRIES, CITIES and LAW_ADJECTIVES: the names is_place_name knows
  var PLACE_NAMES = [
    "new hampshire", "new jersey", "new mexico", "new york", "north carolina", "north dakota",
    "rhode island", "south carolina", "south dakota", "west virginia", "district of columbia",
    "alabama", "alaska", "arizona", "arkansas", "california", "colorado", "connecticut", "delaware",
    "florida", "georgia", "hawaii", "idaho", "illinois", "indiana", "iowa", "kansas", "kentucky",
    "louisiana", "maine", "maryland", "massachusetts", "michigan", "minnesota", "mississippi",
    "missouri", "montana", "nebraska", "nevada", "ohio", "oklahoma", "oregon", "pennsylvania",
    "tennessee", "texas", "utah", "vermont", "virginia", "washington", "wisconsin", "wyoming",
    "ontario", "quebec", "british columbia", "bavaria",
    "united states of america", "united states", "united kingdom", "england and wales", "england",
    "wales", "scotland", "northern ireland", "ireland", "netherlands", "the netherlands", "germany",
    "france", "luxembourg", "belgium", "switzerland", "sweden", "finland", "norway", "denmark",
    "spain", "italy", "portugal", "austria", "poland", "singapore", "japan", "china", "hong kong",
    "india", "brazil", "canada", "australia", "new zealand", "israel", "cyprus", "malta", "estonia",
    "south korea", "korea", "usa", "u.s.a.", "u.s.",
    "london", "dublin", "paris", "amsterdam", "berlin", "munich", "stockholm", "helsinki", "zurich",
    "geneva", "toronto", "sydney", "tokyo",
    "irish", "english", "british", "german", "french", "dutch", "swedish", "finnish", "swiss",
    "belgian", "spanish", "italian", "austrian", "polish", "danish", "norwegian", "japanese",
    "canadian", "australian", "californian"];
  // one alternation: true where any name is found between word boundaries
  var PLACE_RE = py("\\b(?:" + PLACE_NAMES.map(escapeRe).join("|") + ")\\b");
  var isPlaceName = cached(function (text) { return PLACE_RE.test(pySplit(casefold(text)).join(" ")); }, 16384);

  // --- diffs/cosmetic.py ---------------------------------------------------------------------
  // Is an edit cosmetic, and of which kind: every text is folded through STAGES, each of
  // which erases one kind of difference; the kinds of an edit are the stages it needs.
  var KINDS = ["dates", "copyright", "formatting", "links", "link_labels", "furniture", "numbering",
    "spelling", "wording", "typography", "punctuation", "case", "whitespace", "duplicate", "names"];
  function inKindOrder(kinds) {           // tuple(sorted(set(kinds), key=KINDS.index))
    return Array.from(new Set(kinds)).sort(function (a, b) { return KINDS.indexOf(a) - KINDS.indexOf(b); });
  }

  var C_WS = py(/\s+/, "g");
  var HTML = py([/<\s*br\s*\/?\s*>|<\s*\/?\s*(?:p|span|div|u|b|i|strong|em|sup|sub|small|mark)\b[^>]*>/,
    /|&nbsp;|&#160;|&#xa0;/], "gi");
  var INVISIBLE = {"\u00a0": " ", "\u2007": " ", "\u202f": " ", "\u2009": " ", "\u200a": " ", "\u200b": "",
    "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "", "\u00ad": ""};
  var C_ESCAPE = py(/\\([\\`*_{}\[\]()#+\-.!|<>~])/, "g");
  var EMPHASIS = py(/(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)|`|~~|^#{1,6}\s+|^>\s*/, "gm");
  var TABLE_PIPES = py(/\s*\|\s*/, "g");
  var IMAGE = py(/!\[[^\]]*\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)/, "g");
  // [label](target "title"); a target may hold one level of parentheses
  var C_LINK = py(/\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()]*\))*(?:\s+\"[^\"]*\")?\)/, "g");
  var C_LINK_ONE = new RegExp(C_LINK.source, "u");
  var LINK_TARGET = py(/\]\(([^)\s]*)/, "g");
  var REF_LINK = py(/\[([^\]]+)\]\[[^\]]*\]/, "g");
  var C_URLISH_SOURCE = [/(?:https?:\/\/|mailto:|www\.)\S*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/,
    /|[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:\/\S*)?/];
  var C_URLISH = py(C_URLISH_SOURCE, "gi");
  var C_URLISH_FULL = pyFull(C_URLISH_SOURCE, "i");
  var MAYBE_URL = py(/@|[a-z0-9]\.[a-z]{2}/, "i");
  var BARE_URL = py(/<(?:https?|mailto):[^>]*>|\b(?:https?:\/\/|www\.)[^\s)\]>]+/, "gi");
  var LABEL_OPEN = "\u27e6", LABEL_CLOSE = "\u27e7";   // ⟦label⟧ marks a link's words
  var LABEL = re(LABEL_OPEN + "([^" + LABEL_CLOSE + "]*)" + LABEL_CLOSE, "g");
  var MAX_LABEL_WORDS = 8;
  var FURNITURE_PHRASES = py([
    /\(?\b(?:opens|open|will open|link opens) in (?:a )?new (?:window|tab)\b\)?/,
    /|\(?\blink is external\b\)?|\(?\bexternal link\b\)?/,
    /|\bcopy as markdown\b|\bcopy (?:page|link|to clipboard)\b|\bcopied!?/,
    /|\bselect (?:your )?(?:language|region|country)\b|\bchange (?:language|region)\b/,
    /|\bskip to (?:main )?content\b|\bback to top\b|\bscroll to top\b|\bjump to (?:section|top)\b/,
    /|\b(?:expand|collapse|show|hide|open|close) (?:the )?/,
    /(?:table of contents|contents|menu|all)\b/,
    /|\btable of contents\b|\bon this page\b|\bin this article\b/,
    /|\b(?:view|show|see|read) (?:more|less|all)\b/,
    /|\b(?:print|download) (?:this page|as pdf|pdf|a pdf)\b|\bview printable version\b/,
    /|\b(?:was this (?:page|article) helpful|share this page|related articles)\??/,
    /|\bother ways to get help\b/,
    /|\b(?:accept|reject|decline) (?:all )?(?:optional )?cookies\b/,
    /|\bcookie (?:settings|preferences|banner)\b|\bmanage (?:cookie )?preferences\b/], "gi");
  // a link (or phrase) that only points to other versions of the same document
  var VERSION_LINK = py([
    /\b(?:see|view|read|find|access|download|click here|here)?\b[^.;]{0,40}?/,
    /\b(?:previous|prior|earlier|archived|older|past|printable)\b[^.;]{0,30}?\bversions?\b/,
    /|\barchived versions?\b|\bversion history\b|\b(?:prior|previous) (?:terms|polic(?:y|ies))\b/,
    /|\b(?:vorherige|frühere|ältere) versionen?\b|\bversions? (?:précédentes?|antérieures?)\b/,
    /|\bversi(?:ón|ones) anterior(?:es)?\b/], "i");
  var UI_WORDS = new Set(pySplit(
    "close menu share print expand collapse back next previous top home search print " +
    "open dismiss ok got it cancel more less toggle navigation sign in log in login help " +
    "feedback yes no"));
  var LANGUAGE_NAMES = new Set(pySplit(
    "english español espanol deutsch français francais italiano português portugues " +
    "nederlands polski русский türkçe turkce svenska dansk norsk suomi čeština cestina " +
    "magyar română romana ελληνικά українська العربية עברית हिन्दी bahasa indonesia melayu " +
    "tiếng việt ไทย 日本語 한국어 中文 简体中文 繁體中文 繁体中文 tagalog filipino català " +
    "hrvatski slovenčina srpski български lietuvių latviešu eesti " +
    "simplified traditional chinese japanese korean german french spanish portuguese " +
    "italian dutch russian arabic hebrew hindi thai vietnamese turkish polish language " +
    "languages region regions country " +
    "us usa uk gb au ca eu eea ch row global international worldwide " +
    "united states kingdom canada australia india ireland brasil brazil méxico mexico " +
    "latinoamérica latinoamerica españa espana france deutschland italia"));
  var COPYRIGHT = py(/©|\(c\)|\bcopyright\b/, "i");
  var YEAR = py(/\b(?:19|20)\d{2}\b/);
  var ALL_RIGHTS = py(/\ball rights reserved\b/, "i");
  var C_WORDS = py(/\w+/, "g");
  var SECTION_REF = py([
    String.raw`(?:\b(?<word>sections?|clauses?|paragraphs?|parts?)|(?<sign>§§?))`,
    String.raw`(?<num>\s*(?:\d+(?:\.\d+)*(?:\([a-z0-9]{1,4}\))*|\([a-z0-9]{1,4}\)|[a-z]\b|[ivxlc]{1,5}\b)`,
    String.raw`(?:\s*(?:,|and|or|to|-|through)\s*(?:\d+(?:\.\d+)*(?:\([a-z0-9]{1,4}\))*|[a-z]\b))*)`], "gi");
  var LEADING_NUMBER = py(/^\s*(?:\d+(?:\.\d+)+\.?|\(?\d+[.)]|\(?[a-z][.)]|\(?[ivxlc]{1,5}[.)])\s+(?=\w)/, "i");
  var C_NON_WORD = py(/[^\w]+/, "g");
  var DOUBLED = py(/\b(\w+)(?: \1\b)+/, "g");
  // a notice that a new version takes effect (stale once that date has passed)
  var UPDATE_NOTICE = py([
    /\b(?:updat\w*|new|revised|chang\w*|current)\b[^.]{0,60}\b(?:terms|polic(?:y|ies)|notice|agreement)\b/,
    /|\b(?:until|before|after) the effective date\b|\b(?:take|takes|will take|took) effect\b/,
    /|\beffective (?:on|from|as of)?\b/], "i");
  var UNTIL_EFFECTIVE = py(/\buntil the effective date\b/, "i");

  // copy-editing: words and phrases a copy-editor swaps without changing the meaning
  var WORDING = [
    ["such as", "like"], ["in order to", "to"], ["so long as", "as long as"],
    ["regarding|concerning|with regard to|with respect to", "about"], ["find out|learn", "learn"],
    ["fill in|fill out", "fill"], ["log in to|log into|login to|sign in to|sign into", "log in"],
    ["log in|login|log on|sign in", "log in"], ["sign up|signup", "sign up"],
    ["e mail|email address|e mail address", "email"], ["date of birth|birthday|birth date", "birthdate"],
    ["u s a|u s|usa|united states of america|united states", "us"], ["u k|united kingdom", "uk"],
    ["e u|european union", "eu"], ["on site|onsite", "onsite"], ["off site|offsite", "offsite"],
    ["can not|cannot", "can not"], ["whilst", "while"], ["amongst", "among"], ["upon", "on"]];
  var WORDING_MAP = new Map();
  WORDING.forEach(function (w) { w[0].split("|").forEach(function (a) { WORDING_MAP.set(a, w[1]); }); });
  ("zero one two three four five six seven eight nine ten eleven twelve thirteen " +
    "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split(" ")
    .forEach(function (w, i) { WORDING_MAP.set(w, String(i)); });
  [["thirty", "30"], ["forty", "40"], ["fifty", "50"], ["sixty", "60"], ["ninety", "90"], ["hundred", "100"]]
    .forEach(function (w) { WORDING_MAP.set(w[0], w[1]); });
  var WORDING_RX = py("\\b(?:" + Array.from(WORDING_MAP.keys())
    .sort(function (a, b) { return cpLen(b) - cpLen(a); }).map(escapeRe).join("|") + ")\\b", "g");
  //: words a copy-editor adds or drops without changing what a sentence says
  var COPY_FILLER = new Set("that the a an of for to in on at by with which who whom as also then".split(" "));
  var CONTRACTED = new Set(["t", "ve", "re", "ll", "d", "s", "m"]);
  var CONTRACTION_WORDS = { "won t": ["will", "not"], "can t": ["can", "not"], "shan t": ["shall", "not"],
    "let s": ["let", "us"], "i m": ["i", "am"] };
  var CONTRACTION_TAIL = { ve: "have", re: "are", ll: "will", d: "would", s: "is" };
  var S_IS = new Set(["it", "that", "there", "what", "here"]);
  var PAREN_NUMBER = py(/\b(\d+) \1\b/, "g");     // "thirty (30)" → "30 30" → "30"

  // cosmetic.CosmeticContext: { dates: Set of ISO dates, headings: Set of loose keys, newDate }
  function cosmeticContextOf(dates, headings, newDate) {
    return { dates: dates || new Set(), headings: headings || new Set(), newDate: newDate || null };
  }

  // the stages (cosmetic._whitespace … cosmetic._wording)
  function whitespaceStage(t) {
    t = translate(t, INVISIBLE).replace(HTML, " ");
    t = t.replace(TABLE_PIPES, " | ");
    return stripChars(t.replace(C_WS, " "), " |");
  }
  function typographyStage(t) { return translate(t, TYPOGRAPHY); }
  function linkLabel(all, label) {       // cosmetic._link_label
    label = pyStrip(label.replace(C_ESCAPE, "$1"));
    if (!label || C_URLISH_FULL.test(label)) return "";   // a link whose text is its own address
    return LABEL_OPEN + label + LABEL_CLOSE;
  }
  function linksStage(t) {
    t = t.replace(IMAGE, " ");
    t = t.replace(C_LINK, linkLabel);
    t = t.replace(REF_LINK, function (all, label) { return LABEL_OPEN + label + LABEL_CLOSE; });
    t = t.replace(BARE_URL, " ");
    if (MAYBE_URL.test(t)) t = t.replace(C_URLISH, " ");   // "legal@example.com", "example.com/terms"
    return pyStrip(t.replace(C_WS, " "));
  }
  function formattingStage(t) {
    t = t.replace(C_ESCAPE, "$1");
    t = t.replace(EMPHASIS, "");
    return pyStrip(t.replace(C_WS, " "));
  }
  function wordsOf(t) { return t.match(C_WORDS) || []; }
  // separators and "and"/"or" left dangling at the end once a list of links is dropped
  var ORPHANS = py(/[\s,;:\/]*(?:\b(?:and|or)\b[\s,;:\/]*)*(?=[.;)]|$)/, "g");
  function linkLabelsStage(t) {
    if (t.indexOf(LABEL_OPEN) === -1) return t;
    t = t.replace(LABEL, function (all, label) {           // cosmetic._drop_label
      return wordsOf(label).length <= MAX_LABEL_WORDS ? " " : " " + label + " ";
    });
    return pyStrip(t.replace(ORPHANS, "").replace(C_WS, " "));
  }
  function unlabel(t) {                                    // cosmetic._unlabel
    if (t.indexOf(LABEL_OPEN) === -1) return t;
    return pyStrip(t.split(LABEL_OPEN).join("").split(LABEL_CLOSE).join("").replace(C_WS, " "));
  }
  var FURNITURE_HINTS = ["window", "tab", "external", "cop", "select", "change", "skip", "top", "section",
    "contents", "menu", "all", "page", "article", "more", "less", "print", "pdf", "help", "cookie",
    "preferences", "version"];
  function furnitureStage(t) {
    var low = t.toLowerCase();
    if (!FURNITURE_HINTS.some(function (h) { return low.indexOf(h) !== -1; })) return t;
    if (t.indexOf(LABEL_OPEN) !== -1) {
      t = t.replace(LABEL, function (all, label) { return VERSION_LINK.test(label) ? " " : all; });
    }
    return stripChars(t.replace(FURNITURE_PHRASES, " ").replace(C_WS, " "), " |");
  }
  // "the following sections shall continue to apply: 2, 3, 5, 6"
  var SECTION_LIST = py(/\b(sections?\b[^.:;\d]{0,40}:\s*)\d{1,3}(?:\s*(?:,|and|or)\s*\d{1,3})*/, "gi");
  function numberingStage(t) {
    t = stripEnumerator(t);
    t = t.replace(LEADING_NUMBER, "");
    t = t.replace(SECTION_LIST, function (all, head) { return head + "#"; });
    return t.replace(SECTION_REF, function () {
      var g = arguments[arguments.length - 1];
      return rstripChars(g.word || "§", "s").toLowerCase() + " #";
    });
  }
  function caseStage(t) { return casefold(t); }
  function punctuationStage(t) {
    t = pySplit(t.split("_").join(" ").replace(C_NON_WORD, " ")).join(" ");
    return t.replace(DOUBLED, "$1");       // "and and" is a typo
  }
  var ALPHA_WORD = re("[\\p{L}\\p{Nl}\\p{No}]{5,}", "g");   // [^\W\d_]{5,}
  function spellingStage(t) { return t.replace(ALPHA_WORD, spellingKey); }
  function expandContractions(words) {   // cosmetic._expand_contractions
    var out = [], i = 0;
    while (i < words.length) {
      var w = words[i], nxt = i + 1 < words.length ? words[i + 1] : "";
      if (CONTRACTED.has(nxt)) {
        if (has(CONTRACTION_WORDS, w + " " + nxt)) { out.push.apply(out, CONTRACTION_WORDS[w + " " + nxt]); i += 2; continue; }
        if (nxt === "t" && w.endsWith("n")) { out.push(w.slice(0, -1), "not"); i += 2; continue; }
        if (has(CONTRACTION_TAIL, nxt) && (nxt !== "s" || S_IS.has(w))) { out.push(w, CONTRACTION_TAIL[nxt]); i += 2; continue; }
      }
      out.push(w);
      i++;
    }
    return out;
  }
  function wordingStage(t) {
    t = expandContractions(pySplit(t)).join(" ");
    t = t.replace(WORDING_RX, function (w) { return WORDING_MAP.get(w); });
    t = t.replace(PAREN_NUMBER, "$1");
    return pySplit(t).filter(function (w) { return !COPY_FILLER.has(w); }).map(function (w) {
      return cpLen(w) > 3 && w.endsWith("s") && !w.endsWith("ss") ? w.slice(0, -1) : w;
    }).join(" ");
  }

  // cosmetic.STAGES: (kind, fold) in the order they are applied
  var STAGES = [["whitespace", whitespaceStage], ["typography", typographyStage], ["links", linksStage],
    ["formatting", formattingStage], ["link_labels", linkLabelsStage], ["furniture", furnitureStage],
    ["numbering", numberingStage], ["case", caseStage], ["punctuation", punctuationStage],
    ["spelling", spellingStage], ["wording", wordingStage]];

  function fold(text, skip, upto) {       // cosmetic._fold
    if (upto === undefined) upto = STAGES.length;
    for (var k = 0; k < upto; k++) if (STAGES[k][0] !== skip) text = STAGES[k][1](text);
    return unlabel(text);
  }
  function cached(fn, size) {             // functools.lru_cache, roughly
    var cache = new Map();
    return function (text) {
      var v = cache.get(text);
      if (v === undefined) {
        v = fn(text);
        if (cache.size >= size) cache.clear();
        cache.set(text, v);
      }
      return v;
    };
  }
  // cosmetic.loose_key: every stage applied, the words that matter
  var looseKey = cached(function (text) { return fold(text); }, 65536);
  var keyWithLabels = cached(function (text) { return fold(text, "link_labels"); }, 16384);
  function headingsContext(headings) {
    var out = new Set();
    headings.forEach(function (h) { var k = looseKey(h); if (k) out.add(k); });
    return out;
  }

  function isCopyrightLine(text) {        // cosmetic.is_copyright_line
    var plainText = fold(text, null, 4);
    if (!COPYRIGHT.test(text) || wordsOf(plainText).length > 16) return false;
    return YEAR.test(plainText) || ALL_RIGHTS.test(plainText);
  }
  function isPicker(words) {              // cosmetic._is_picker
    if (!words.length) return false;
    if (words.length <= 3 && words.every(function (w) { return UI_WORDS.has(w); })) return true;
    var known = words.filter(function (w) { return LANGUAGE_NAMES.has(w); }).length;
    return words.length >= 2 && known >= 0.7 * words.length;
  }
  function isStaleNotice(text, ctx) {     // cosmetic._is_stale_notice
    if (!ctx || ctx.newDate === null || !UPDATE_NOTICE.test(text)) return false;
    if (wordsOf(text).length > 40) return false;
    var dates = extractDates(text).map(function (e) { return String(e.value.date); });
    if (!dates.length) return UNTIL_EFFECTIVE.test(text);
    return dates.every(function (d) { return d <= ctx.newDate; });
  }
  var FURNITURE_MAX_WORDS = 40;
  // cosmetic.is_furniture / _furniture_kind: the kind of furniture a whole clause is, or null
  function isFurniture(text, ctx, removed) {
    var stripped = whitespaceStage(text);
    if (!wordsOf(stripped).length) return "formatting";
    var linked = linksStage(typographyStage(stripped));
    var plainText = formattingStage(linked);
    var words = wordsOf(unlabel(plainText)).map(casefold);
    if (words.length > FURNITURE_MAX_WORDS) return null;
    if (isDateLine(unlabel(plainText)) || isDateLine(furnitureStage(linkLabelsStage(plainText)))) return "dates";
    if (isCopyrightLine(stripped)) return "copyright";
    if (isPicker(words)) return "furniture";
    if (!wordsOf(unlabel(furnitureStage(linked))).length) return "furniture";
    // links alone: contents entries, "related articles", a list of documents
    var rest = formattingStage(linked.replace(LABEL, " "));
    if (linked.indexOf(LABEL_OPEN) !== -1 && !wordsOf(stripEnumerator(stripChars(rest, " *-|·•"))).length) {
      var labels = [], m;
      LABEL.lastIndex = 0;
      while ((m = LABEL.exec(linked)) !== null) labels.push(m[1]);
      if (labels.every(function (lb) { return wordsOf(lb).length <= MAX_LABEL_WORDS; })) {
        var targets = [];
        LINK_TARGET.lastIndex = 0;
        while ((m = LINK_TARGET.exec(stripped)) !== null) targets.push(m[1]);
        var inpage = targets.length && targets.every(function (t) { return t.startsWith("#"); });
        return inpage ? "furniture" : "links";
      }
    }
    if (ctx && ctx.headings.size && words.length <= 14) {
      var key = looseKey(text);
      if (key && ctx.headings.has(key)) return "furniture";
    }
    if (words.length <= 30 && VERSION_LINK.test(unlabel(plainText)) && C_LINK_ONE.test(stripped)) {
      return "furniture";   // "You may find the previous version of these terms here."
    }
    if (removed && isStaleNotice(unlabel(plainText), ctx)) return "dates";
    return null;
  }

  // cosmetic.cosmetic_kinds: the kinds of cosmetic edit from old to new, or null if the edit
  // matters; null for old or new stands for an absent clause (an addition or a removal)
  function cosmeticKinds(old, neu, ctx) {
    if (old === null && neu === null) return [];
    if (old === null || neu === null) {
      var kind = isFurniture(old === null ? neu : old, ctx, neu === null);
      return kind ? [kind] : null;
    }
    if (old === neu) return [];
    var kinds = rewordedKinds(old, neu);
    if (kinds !== null) return kinds;
    if (titleSuffixOnly(old, neu)) return ["furniture"];
    // whole-clause cases: both sides dates, copyright lines or furniture
    var oldF = isFurniture(old, ctx, false), newF = isFurniture(neu, ctx, false);
    if (oldF && newF) return inKindOrder([oldF, newF]);
    // dates that restate the version date ("effective as of <the version's date>")
    if (ctx && Array.from(ctx.dates).some(function (d) {
      return old.indexOf(d.slice(0, 4)) !== -1 || neu.indexOf(d.slice(0, 4)) !== -1;
    })) {
      var o = datesFolded(old, ctx), n = datesFolded(neu, ctx);
      if ((o !== old || n !== neu) && fold(o) === fold(n)) {
        var inner = (rewordedKinds(o, n) || []).filter(function (k) { return k !== "whitespace"; });
        return inKindOrder(inner.concat(["dates"]));
      }
    }
    return null;
  }
  var TITLE_SUFFIX = py(/\s+[|\u2013\u2014-]\s+[^|\n]{1,40}$/);
  function titleSuffixOnly(old, neu) {    // cosmetic._title_suffix_only
    var a = pyStrip(old), b = pyStrip(neu), swap = cpLen(b) < cpLen(a);
    var shorter = swap ? b : a, longer = swap ? a : b;
    if (shorter.startsWith("|") || wordsOf(shorter).length > 8) return false;
    var m = TITLE_SUFFIX.exec(longer);
    return !!m && pyStrip(longer.slice(0, m.index)) === shorter && wordsOf(m[0]).length <= 5;
  }
  function datesFolded(text, ctx) {       // cosmetic._dates_folded
    var out = text;
    extractDates(text).forEach(function (e) {
      if (ctx.dates.has(e.value.date)) out = out.split(e.text).join("versiondate");
    });
    return out;
  }
  function rewordedKinds(old, neu) {      // cosmetic._reworded_kinds
    if (looseKey(old) !== looseKey(neu) && keyWithLabels(old) !== keyWithLabels(neu)) return null;
    var a = old, b = neu;
    for (var k = 0; k < STAGES.length; k++) {
      a = STAGES[k][1](a);
      b = STAGES[k][1](b);
      if (unlabel(a) === unlabel(b)) return needed(old, neu, k + 1);
    }
    return null;
  }
  function needed(old, neu, upto) {       // cosmetic._needed
    var kinds = [];
    for (var k = 0; k < upto; k++) {
      var kind = STAGES[k][0];
      if (fold(old, kind, upto) !== fold(neu, kind, upto)) kinds.push(kind);
    }
    if (kinds.indexOf("links") !== -1 && kinds.indexOf("link_labels") !== -1) {
      kinds.splice(kinds.indexOf("links"), 1);   // a relabelled link usually has a new target too
    }
    kinds = inKindOrder(kinds);
    return kinds.length ? kinds : ["whitespace"];
  }

  // --- diffs/differ.py: normalisation ----------------------------------------------------
  var GAP_CUTOFF = 55.0, MOVE_CUTOFF = 80.0, CONTAINMENT_MIN = 0.85, CONTAINMENT_MIN_WORDS = 6;
  var CONTAINMENT_MIN_SHARE = 0.2, CONTAINMENT_WEIGHT = 0.7, MAX_FULL_PAIRS = 250000, BAND = 150;
  var LINK = re("!?\\[([^\\]]*)\\]\\((?:[^()" + S + "]|\\([^()]*\\))*(?:[" + S + "]+\"[^\"]*\")?\\)", "g");
  var URLISH = re("^(?:(?:https?://|mailto:|www\\.)[^" + S + "]*|[" + W + "-]+(?:\\.[" + W + "-]+)*\\.[a-z]{2,}(?:/[^" + S + "]*)?)$", "i");
  var AUTOLINK = re("<(?:https?|mailto):[^>]*>|" + B + "https?://[^" + S + "]+", "g");
  var ESCAPE = /\\([\\`*_{}\[\]()#+\-.!|])/gu;
  var NON_WORD = re("[^" + W + "]+", "g");
  var TOKEN = re("[" + W + "]+|[" + S + "]+|[^" + W + S + "]", "g");

  function looseText(text) {
    var t = stripEnumerator(text).replace(LINK, function (_, label) {
      return URLISH.test(pyStrip(label)) ? " " : " " + label + " ";
    });
    t = t.replace(ESCAPE, "$1").replace(AUTOLINK, " ");
    t = casefold(quotes(t));
    t = t.split("_").join(" ").replace(NON_WORD, " ");
    return pySplit(t).join(" ");
  }
  function fuzzyText(text) { return normalizeWs(quotes(text.replace(LINK, "$1"))); }

  // differ._section_key: a section path that ignores heading numbers, case and punctuation
  var titleKey = cached(function (title) { return looseKey(title) || title; }, 4096);
  function sectionKey(section) { return JSON.stringify(section.map(titleKey)); }

  // --- diff-match-patch on words (differ.inline_diff) -----------------------------------
  function inlineDiff(old, neu) {
    var vocab = new Map(), tokens = new Map();
    function encode(text) {
      var out = "";
      (text.match(TOKEN) || []).forEach(function (tok) {
        var ch = vocab.get(tok);
        if (ch === undefined) {
          var code = tokens.size + 0x100;
          if (code >= 0xd800) code += 0x800;
          ch = String.fromCodePoint(code);
          vocab.set(tok, ch);
          tokens.set(ch, tok);
        }
        out += ch;
      });
      return out;
    }
    var a = encode(old), b = encode(neu);
    var dmp = new global.diff_match_patch();
    dmp.Diff_Timeout = 0;
    var diffs = dmp.diff_main(a, b, false);
    dmp.diff_cleanupSemantic(diffs);
    var names = { 0: "equal", 1: "insert", "-1": "delete" }, result = [];
    diffs.forEach(function (d) {
      var text = "";
      for (var ch of d[1]) text += tokens.get(ch);
      if (!text) return;
      var name = names[d[0]];
      if (result.length && result[result.length - 1][0] === name) result[result.length - 1][1] += text;
      else result.push([name, text]);
    });
    return result;
  }

  // --- rapidfuzz: LCS (bit-parallel), ratio, extract -------------------------------------
  function codePoints(t) { var out = []; for (var ch of t) out.push(ch.codePointAt(0)); return out; }
  // The length of the longest common subsequence, bit-parallel (as rapidfuzz computes it):
  // lcsPattern(b) sets one bit per position of b for each symbol, once; lcsWith(pattern, a)
  // then runs over a.  lcsLength(a, b) does both, with the shorter sequence as the pattern.
  function lcsPattern(b) {
    var m = b.length, words = Math.ceil(m / 32), peq = new Map();
    for (var i = 0; i < m; i++) {
      var row = peq.get(b[i]);
      if (!row) { row = new Uint32Array(words); peq.set(b[i], row); }
      row[i >> 5] |= 1 << (i & 31);
    }
    return { m: m, words: words, peq: peq, zero: new Uint32Array(words) };
  }
  function lcsWith(pattern, a) {
    var m = pattern.m, words = pattern.words, peq = pattern.peq, w;
    if (!m || !a.length) return 0;
    var V = new Uint32Array(words).fill(0xffffffff);
    for (var i = 0; i < a.length; i++) {
      var pm = peq.get(a[i]) || pattern.zero, carry = 0;
      for (w = 0; w < words; w++) {
        var v = V[w], u = (v & pm[w]) >>> 0;
        var sum = v + u + carry;
        carry = sum > 0xffffffff ? 1 : 0;
        V[w] = ((sum >>> 0) | (v - u)) >>> 0;
      }
    }
    var ones = 0;
    for (w = 0; w < words; w++) {
      var bits = V[w];
      if (w === words - 1 && m % 32) bits &= (1 << (m % 32)) - 1;
      bits = bits - ((bits >>> 1) & 0x55555555);
      bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
      ones += (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
    }
    return m - ones;
  }
  function lcsLength(a, b) {
    return a.length < b.length ? lcsWith(lcsPattern(a), b) : lcsWith(lcsPattern(b), a);
  }
  function ratioOf(lcs, total) { return total ? 100 * (1 - (total - 2 * lcs) / total) : 100.0; }
  function ratio(a, b) {       // fuzz.ratio on code point arrays, as a double
    return ratioOf(a.length + b.length ? lcsLength(a, b) : 0, a.length + b.length);
  }
  // fuzz.ratio of a pattern's sequence and b, or 0 when the lengths alone keep it below
  // cutoff (the ratio of a pair can be no more than that of its shorter side with itself)
  function ratioAtLeast(pattern, b, cutoff) {
    var total = pattern.m + b.length;
    if (Math.fround(ratioOf(Math.min(pattern.m, b.length), total)) < cutoff) return 0;
    return ratioOf(lcsWith(pattern, b), total);
  }

  function containmentScores(oldTexts, newTexts) {
    var vocab = new Map();
    function encode(text) {
      return pySplit(looseText(text)).map(function (w) {
        if (!vocab.has(w)) vocab.set(w, 0x100 + vocab.size);
        return vocab.get(w);
      });
    }
    var oldEnc = oldTexts.map(encode), newEnc = newTexts.map(encode);
    var share = Math.fround(CONTAINMENT_MIN_SHARE);
    return oldEnc.map(function (a) {
      var pattern = null;
      return newEnc.map(function (b) {
        var shorter = Math.min(a.length, b.length), longer = Math.max(a.length, b.length);
        if (shorter < CONTAINMENT_MIN_WORDS || shorter < Math.fround(share * longer)) return 0;  // not usable
        if (pattern === null) pattern = lcsPattern(a);
        var containment = lcsWith(pattern, b) / Math.max(shorter, 1);
        return containment >= CONTAINMENT_MIN ? Math.fround(100.0 * containment * CONTAINMENT_WEIGHT) : 0;
      });
    });
  }

  function scorePairs(oldTexts, newTexts, cutoff, containment) {
    var n = oldTexts.length, m = newTexts.length, scored = [], i, j;
    if (!n || !m) return [];
    var oldCp = oldTexts.map(codePoints), newCp = newTexts.map(codePoints), pattern;
    if (n * m > MAX_FULL_PAIRS) {
      for (i = 0; i < n; i++) {
        var centre = pyRound(i * m / n), lo = Math.max(0, centre - BAND), hi = Math.min(m, centre + BAND + 1);
        var hits = [];
        pattern = lcsPattern(oldCp[i]);
        for (j = lo; j < hi; j++) {
          var s = ratioAtLeast(pattern, newCp[j], cutoff);
          if (s >= cutoff) hits.push([s, j]);
        }
        hits.sort(function (x, y) { return (y[0] - x[0]) || (x[1] - y[1]); });
        hits.slice(0, 5).forEach(function (h) { scored.push([h[0], i, h[1]]); });
      }
      return scored;
    }
    var extra = containment ? containmentScores(oldTexts, newTexts) : null;
    for (i = 0; i < n; i++) {
      pattern = lcsPattern(oldCp[i]);
      for (j = 0; j < m; j++) {
        var score = Math.fround(ratioAtLeast(pattern, newCp[j], cutoff));
        if (extra && extra[i][j] > score) score = extra[i][j];
        if (score >= cutoff) scored.push([score, i, j]);
      }
    }
    return scored;
  }
  function pyRound(x) {        // Python's round(): halves to even
    var r = Math.round(x);
    if (Math.abs(x % 1) === 0.5 && r % 2 !== 0) r -= 1;
    return r;
  }

  // --- difflib.SequenceMatcher (autojunk=False, no junk) --------------------------------
  function matchingBlocks(a, b) {
    var b2j = new Map();
    b.forEach(function (elt, j) { var l = b2j.get(elt); if (!l) b2j.set(elt, l = []); l.push(j); });
    function longest(alo, ahi, blo, bhi) {
      var besti = alo, bestj = blo, bestsize = 0, j2len = new Map();
      for (var i = alo; i < ahi; i++) {
        var newj2len = new Map(), js = b2j.get(a[i]) || [];
        for (var x = 0; x < js.length; x++) {
          var j = js[x];
          if (j < blo) continue;
          if (j >= bhi) break;
          var k = (j2len.get(j - 1) || 0) + 1;
          newj2len.set(j, k);
          if (k > bestsize) { besti = i - k + 1; bestj = j - k + 1; bestsize = k; }
        }
        j2len = newj2len;
      }
      while (besti > alo && bestj > blo && a[besti - 1] === b[bestj - 1]) { besti--; bestj--; bestsize++; }
      while (besti + bestsize < ahi && bestj + bestsize < bhi && a[besti + bestsize] === b[bestj + bestsize]) bestsize++;
      return [besti, bestj, bestsize];
    }
    var queue = [[0, a.length, 0, b.length]], blocks = [];
    while (queue.length) {
      var q = queue.pop(), r = longest(q[0], q[1], q[2], q[3]);
      if (r[2]) {
        blocks.push(r);
        if (q[0] < r[0] && q[2] < r[1]) queue.push([q[0], r[0], q[2], r[1]]);
        if (r[0] + r[2] < q[1] && r[1] + r[2] < q[3]) queue.push([r[0] + r[2], q[1], r[1] + r[2], q[3]]);
      }
    }
    blocks.sort(function (x, y) { return (x[0] - y[0]) || (x[1] - y[1]) || (x[2] - y[2]); });
    var i1 = 0, j1 = 0, k1 = 0, out = [];
    blocks.forEach(function (blk) {
      if (i1 + k1 === blk[0] && j1 + k1 === blk[1]) k1 += blk[2];
      else { if (k1) out.push([i1, j1, k1]); i1 = blk[0]; j1 = blk[1]; k1 = blk[2]; }
    });
    if (k1) out.push([i1, j1, k1]);
    out.push([a.length, b.length, 0]);
    return out;
  }
  function opcodes(a, b) {
    var i = 0, j = 0, answer = [];
    matchingBlocks(a, b).forEach(function (blk) {
      var ai = blk[0], bj = blk[1], size = blk[2], tag = "";
      if (i < ai && j < bj) tag = "replace"; else if (i < ai) tag = "delete"; else if (j < bj) tag = "insert";
      if (tag) answer.push([tag, i, ai, j, bj]);
      i = ai + size; j = bj + size;
      if (size) answer.push(["equal", ai, i, bj, j]);
    });
    return answer;
  }

  // --- alignment (differ._align) ---------------------------------------------------------
  function range(lo, hi) { var r = []; for (var x = lo; x < hi; x++) r.push(x); return r; }

  function align(old, neu) {
    var al = { oldTo: new Map(), newFrom: new Map() };
    function pair(i, j, kind, sim) { al.oldTo.set(i, [j, kind, sim === undefined ? null : sim]); al.newFrom.set(j, i); }
    var oldKeys = old.map(function (c) { return sectionKey(c.section); });
    var newKeys = neu.map(function (c) { return sectionKey(c.section); });
    var oldSections = new Set(oldKeys), newSections = new Set(newKeys);
    // anchors: same text in the same section (numbering aside), in order
    var gaps = [];
    opcodes(old.map(function (c, i) { return oldKeys[i] + "\x00" + c.text; }),
      neu.map(function (c, j) { return newKeys[j] + "\x00" + c.text; }))
      .forEach(function (op) {
        if (op[0] === "equal") { for (var k = 0; k < op[2] - op[1]; k++) pair(op[1] + k, op[3] + k, "unchanged"); }
        else gaps.push([range(op[1], op[2]), range(op[3], op[4])]);
      });
    gaps.forEach(function (gap) {
      // same text in order inside a gap: its section path changed.  A renamed or new heading
      // does not move text; going from one section into another, both in both versions, does.
      var oldRange = gap[0], newRange = gap[1];
      matchingBlocks(oldRange.map(function (i) { return old[i].text; }), newRange.map(function (j) { return neu[j].text; }))
        .forEach(function (blk) {
          for (var k = 0; k < blk[2]; k++) {
            var i = oldRange[blk[0] + k], j = newRange[blk[1] + k];
            var moved = newSections.has(oldKeys[i]) && oldSections.has(newKeys[j]);
            pair(i, j, moved ? "moved" : "unchanged");
          }
        });
      matchLeftovers(al, pair, old, neu, oldRange, newRange, GAP_CUTOFF, true);
    });
    matchLeftovers(al, pair, old, neu, range(0, old.length), range(0, neu.length), MOVE_CUTOFF, false);
    return al;
  }

  // differ._match_leftovers: identical text, then identical loose key, then fuzzy similarity
  function matchLeftovers(al, pair, old, neu, oldIdx, newIdx, cutoff, containment) {
    var oldLeft = oldIdx.filter(function (i) { return !al.oldTo.has(i); });
    var newLeft = newIdx.filter(function (j) { return !al.newFrom.has(j); });
    if (!oldLeft.length || !newLeft.length) return;
    var passes = [[function (c) { return c.text; }, "moved"], [function (c) { return looseKey(c.text); }, "modified"]];
    for (var p = 0; p < passes.length; p++) {
      var keyFn = passes[p][0], kind = passes[p][1], waiting = new Map();
      newLeft.forEach(function (j) {
        var key = keyFn(neu[j]);
        if (key) { var l = waiting.get(key); if (!l) waiting.set(key, l = []); l.push(j); }
      });
      oldLeft.forEach(function (i) {
        var candidates = waiting.get(keyFn(old[i]));
        if (candidates && candidates.length) pair(i, candidates.shift(), kind);
      });
      oldLeft = oldLeft.filter(function (i) { return !al.oldTo.has(i); });
      newLeft = newLeft.filter(function (j) { return !al.newFrom.has(j); });
      if (!oldLeft.length || !newLeft.length) return;
    }
    var scored = scorePairs(oldLeft.map(function (i) { return old[i].fuzzy; }), newLeft.map(function (j) { return neu[j].fuzzy; }), cutoff, containment);
    scored.sort(function (x, y) { return (y[0] - x[0]) || (x[1] - y[1]) || (x[2] - y[2]); });
    scored.forEach(function (s) {
      var i = oldLeft[s[1]], j = newLeft[s[2]];
      if (al.oldTo.has(i) || al.newFrom.has(j)) return;
      if (old[i].kind === "heading" && neu[j].kind !== "heading") return;
      if (neu[j].kind === "heading" && old[i].kind !== "heading") return;
      pair(i, j, "modified", s[0] / 100.0);
    });
  }

  // --- the result (differ.diff_clauses, DiffResult.to_dict) -------------------------------
  function wordCount(t) { return (t.match(WORD) || []).length; }

  // result.ClauseChange, with its defaults
  function change(fields) {
    return Object.assign({ kind: null, section: null, old: null, "new": null, inline: [], old_id: null,
      new_id: null, old_position: null, new_position: null, similarity: null, minor: false,
      old_section: null, clause_kind: null, cosmetic: [] }, fields);
  }

  // differ._classify: minor when the edit is cosmetic, with its kinds
  function classify(c, old, neu, ctx) {
    if (ctx.headings.size && c.clause_kind === "heading") {
      // a heading always repeats a heading: only a contents entry repeating one is furniture
      ctx = cosmeticContextOf(ctx.dates, new Set(), ctx.newDate);
    }
    var kinds = cosmeticKinds(old, neu, ctx);
    c.minor = kinds !== null;
    c.cosmetic = kinds || [];
  }

  function diffClauses(old, neu, ctx) {
    if (!ctx) {
      ctx = cosmeticContextOf(null, headingsContext(old.concat(neu)
        .filter(function (c) { return c.kind === "heading"; }).map(function (c) { return c.text; })));
    }
    [old, neu].forEach(function (list) { list.forEach(function (c) { c.fuzzy = fuzzyText(c.text); }); });
    var al = align(old, neu);
    var stats = { added: 0, removed: 0, modified: 0, moved: 0, unchanged: 0, words_added: 0, words_removed: 0 };
    var keyed = [];
    neu.forEach(function (nc, j) {
      var c, i = al.newFrom.get(j);
      if (i === undefined) {
        c = change({ kind: "added", section: nc.label, "new": nc.text, new_id: nc.id, new_position: nc.position,
          clause_kind: nc.kind });
        classify(c, null, nc.text, ctx);
        stats.added++; stats.words_added += wordCount(nc.text);
      } else {
        var oc = old[i], link = al.oldTo.get(i), kind = link[1];
        c = change({ kind: kind, section: nc.label, old: oc.text, "new": nc.text, old_id: oc.id, new_id: nc.id,
          old_position: oc.position, new_position: nc.position, old_section: oc.label, clause_kind: nc.kind });
        if (kind === "modified") {
          c.inline = inlineDiff(oc.text, nc.text);
          c.similarity = link[2] !== null ? link[2] : ratio(codePoints(oc.fuzzy), codePoints(nc.fuzzy)) / 100.0;
          classify(c, oc.text, nc.text, ctx);
          stats.modified++;
          c.inline.forEach(function (op) {
            if (op[0] === "insert") stats.words_added += wordCount(op[1]);
            else if (op[0] === "delete") stats.words_removed += wordCount(op[1]);
          });
        } else if (kind === "moved") {
          c.similarity = 1.0;
          stats.moved++;
          var furniture = isFurniture(nc.text, ctx, false);
          c.minor = furniture !== null;
          c.cosmetic = furniture ? [furniture] : [];
        } else stats.unchanged++;
      }
      keyed.push([[j, 0, 0], c]);
    });
    // removals: after the new counterpart of the nearest preceding old clause that stayed
    var anchor = -1;
    old.forEach(function (oc, i) {
      if (al.oldTo.has(i)) {
        var link = al.oldTo.get(i);
        if (link[1] !== "moved") anchor = link[0];
        return;
      }
      var c = change({ kind: "removed", section: oc.label, old: oc.text, old_id: oc.id,
        old_position: oc.position, old_section: oc.label, clause_kind: oc.kind });
      classify(c, oc.text, null, ctx);
      stats.removed++; stats.words_removed += wordCount(oc.text);
      keyed.push([[anchor, 1, i], c]);
    });
    keyed.sort(function (x, y) { return (x[0][0] - y[0][0]) || (x[0][1] - y[0][1]) || (x[0][2] - y[0][2]); });
    var changes = keyed.map(function (k) { return k[1]; });
    markReflowed(changes);
    markDuplicates(changes, old, neu);
    markRenames(changes, old, neu);
    var changed = changes.filter(function (c) { return c.kind !== "unchanged"; });
    var significance = !changed.length ? "none" : changed.every(function (c) { return c.minor; }) ? "minor" : "substantive";
    stats.words_changed = stats.words_added + stats.words_removed;
    return { significance: significance, stats: stats, changes: changes };
  }

  // differ.diff_texts, with differ.cosmetic_context (no version dates: the browser has the two texts)
  function diffTexts(oldMarkdown, newMarkdown) {
    var old = segment(oldMarkdown), neu = segment(newMarkdown);
    var dates = new Set();
    [oldMarkdown, newMarkdown].forEach(function (md) {
      var found = findEffectiveDate(md);
      if (found !== null && found.value.date) dates.add(String(found.value.date));
    });
    var headings = headingsContext(old.concat(neu).filter(function (c) { return c.kind === "heading"; })
      .map(function (c) { return c.text; }));
    return diffClauses(old, neu, cosmeticContextOf(dates, headings, null));
  }

  // differ._mark_reflowed: runs of changes that only split, join or re-flow paragraphs
  function markReflowed(changes) {
    var runs = [[]];
    changes.forEach(function (c) {
      if (c.kind === "unchanged" || c.kind === "moved") {
        if (runs[runs.length - 1].length) runs.push([]);
        return;
      }
      runs[runs.length - 1].push(c);
    });
    function allMinor(run) { return run.every(function (c) { return c.minor; }); }
    runs.forEach(function (run) {
      if (!run.length || allMinor(run)) return;
      if (sameWords(run)) { setCosmetic(run, "formatting"); return; }
      for (var k = 0; k + 1 < run.length; k++) {
        var pairRun = [run[k], run[k + 1]];
        if (allMinor(pairRun) || !pairRun.some(function (c) { return c.kind === "modified"; })) continue;
        if (sameWords(pairRun)) setCosmetic(pairRun, "formatting");
      }
    });
  }
  function sameWords(run) {               // differ._same_words
    var olds = run.filter(function (c) { return c.old !== null; });
    olds.sort(function (a, b) {
      return (a.old_position !== null ? a.old_position : -1) - (b.old_position !== null ? b.old_position : -1);
    });
    var oldText = olds.map(function (c) { return c.old || ""; }).join(" ");
    var newText = run.filter(function (c) { return c["new"] !== null; }).map(function (c) { return c["new"] || ""; }).join(" ");
    if (!oldText || !newText) return false;
    var nOld = pySplit(oldText).length, nNew = pySplit(newText).length;
    if (Math.abs(nOld - nNew) > 0.2 * Math.max(nOld, nNew) + 3) return false;
    return looseKey(oldText) === looseKey(newText);
  }
  function setCosmetic(run, kind) {       // differ._set_cosmetic
    run.forEach(function (c) { if (!c.minor) { c.minor = true; c.cosmetic = [kind]; } });
  }

  // differ._mark_duplicates: an added or removed clause that the document says elsewhere
  var DUPLICATE_MIN_WORDS = 6, DUPLICATE_CONTAINMENT = 0.9, DUPLICATE_CONTAINMENT_LONG = 0.8;
  var DUPLICATE_LONG = 30, DUPLICATE_WINDOW = 3;
  function markDuplicates(changes, old, neu) {
    var pending = changes.filter(function (c) { return !c.minor && (c.kind === "added" || c.kind === "removed"); });
    if (!pending.length) return;
    var oldKeys = new Set(old.map(function (c) { return looseKey(c.text); }));
    var newKeys = new Set(neu.map(function (c) { return looseKey(c.text); }));
    var removedLeft = [];
    pending.forEach(function (c) {
      var key = looseKey((c.kind === "added" ? c["new"] : c.old) || "");
      var others = c.kind === "added" ? oldKeys : newKeys;
      if (key && others.has(key) && (c.kind === "removed" || newKeys.has(key))) setCosmetic([c], "duplicate");
      else if (c.kind === "removed" && pySplit(key).length >= DUPLICATE_MIN_WORDS) removedLeft.push(c);
    });
    if (!removedLeft.length) return;
    var vocab = new Map(), words = [];
    function encode(key) {                // each word as one number, as the Python encodes it as one character
      return pySplit(key).map(function (w) {
        if (!vocab.has(w)) { vocab.set(w, words.length); words.push(w); }
        return vocab.get(w);
      });
    }
    // windows of consecutive clauses of the new version: a paragraph may now be split
    var keys = neu.map(function (c) { return looseKey(c.text); }), kept = [];
    keys.forEach(function (k, n) { if (k) kept.push(encode(keys.slice(n, n + DUPLICATE_WINDOW).join(" "))); });
    if (!kept.length) return;
    removedLeft.forEach(function (c) {
      var enc = encode(looseKey(c.old || ""));
      // rapidfuzz process.extractOne with LCSseq.similarity: the first best window
      var best = null, bestScore = -1, pattern = lcsPattern(enc);
      kept.forEach(function (k) { var s = lcsWith(pattern, k); if (s > bestScore) { best = k; bestScore = s; } });
      var share = enc.length < DUPLICATE_LONG ? DUPLICATE_CONTAINMENT : DUPLICATE_CONTAINMENT_LONG;
      if (best === null || bestScore < share * enc.length) return;
      // nearly all its words are still there; those that are not must not matter
      var there = new Set(best);
      var lost = new Set(enc.filter(function (w) { return !there.has(w); }).map(function (w) { return words[w]; }));
      if (!Array.from(lost).some(meant)) setCosmetic([c], "duplicate");
    });
  }
  //: words whose loss changes what a clause says, however similar the rest
  var MEANT_WORDS = new Set(("not no never nor must may might shall only without unless except solely exclusively " +
    "all any none every").split(" "));
  function meant(word) { return DIGITS.test(word) || MEANT_WORDS.has(word) || isPlaceName(word); }

  // differ._mark_renames: clauses whose only edit is a name replaced everywhere
  var NAME = pyFull(/[A-Z][\w&.'-]*(?: (?:of |and |& )?[A-Z][\w&.'-]*){0,4}/);
  var NAME_AFTER = py(/^\s?((?:[A-Z][\w&.'-]*\s?){1,3})/);
  var RENAME_MIN_CLAUSES = 2;
  function renameHunks(c) {               // differ._rename_hunks
    var ops = c.inline, out = [], k = 0;
    while (k < ops.length) {
      if (ops[k][0] === "equal") { k++; continue; }
      if (ops[k][0] !== "delete" || k + 1 >= ops.length || ops[k + 1][0] !== "insert") return null;
      var oldName = pyStrip(ops[k][1]), newName = pyStrip(ops[k + 1][1]);
      var after = k + 2 < ops.length && ops[k + 2][0] === "equal" ? ops[k + 2][1] : "";
      var m = NAME_AFTER.exec(after);
      if (m) {
        var tail = pyStrip(m[1]);
        oldName = oldName + " " + tail;
        newName = newName + " " + tail;
      }
      oldName = rstripChars(oldName, ".,;:'");
      newName = rstripChars(newName, ".,;:'");
      if (!(NAME.test(oldName) && NAME.test(newName))) return null;
      out.push([oldName, newName]);
      k += 2;
    }
    return out;
  }
  function markRenames(changes, old, neu) {
    var candidates = new Map();
    changes.forEach(function (c, k) {
      if (c.kind === "modified" && !c.minor && c.inline.length) {
        var hunks = renameHunks(c);
        if (hunks && hunks.length) candidates.set(k, hunks);
      }
    });
    if (!candidates.size) return;
    var counts = new Map();
    candidates.forEach(function (hunks) {
      new Set(hunks.map(function (h) { return JSON.stringify(h); })).forEach(function (h) {
        counts.set(h, (counts.get(h) || 0) + 1);
      });
    });
    var oldText = casefold(old.map(function (c) { return c.text; }).join("\n"));
    var newText = casefold(neu.map(function (c) { return c.text; }).join("\n"));
    function isRename(h) {
      var a = h[0], b = h[1];
      if (counts.get(JSON.stringify(h)) < RENAME_MIN_CLAUSES || isPlaceName(a) || isPlaceName(b)) return false;
      return newText.indexOf(casefold(a)) === -1 && oldText.indexOf(casefold(b)) === -1;
    }
    candidates.forEach(function (hunks, k) {
      if (hunks.every(isRename)) setCosmetic([changes[k]], "names");
    });
  }

  // --- text hygiene (tracker/site/text.py): no Markdown syntax reaches a reader ------------
  var MD_LINK = /(!?)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+"[^"]*")?\)/gu;
  function stripMarkup(text) {
    var keep = Array.from(text), chars = keep.slice(), idx = [], pos = 0;
    chars.forEach(function (ch) { idx.push(pos); pos += ch.length; });
    function at(offset) { var k = idx.indexOf(offset); return k === -1 ? chars.length : k; }
    function drop(s, e) { for (var k = at(s); k < at(e) && k < keep.length; k++) keep[k] = null; }
    function each(rx, fn) { rx.lastIndex = 0; var m; while ((m = rx.exec(text)) !== null) { fn(m); if (!m[0].length) rx.lastIndex++; } }
    each(MD_LINK, function (m) {
      var labelStart = m.index + m[1].length + 1, labelEnd = labelStart + m[2].length;
      drop(m.index, labelStart); drop(labelEnd, m.index + m[0].length);
    });
    each(/(!?)\[([^\[\]]*)\]\(([^()]*)\)/gu, function (m) {    // link syntax Markdown refused
      if (keep[at(m.index)] === null) return;
      var labelStart = m.index + m[1].length + 1, labelEnd = labelStart + m[2].length;
      drop(m.index, labelStart); drop(labelEnd, m.index + m[0].length);
    });
    each(/<((?:https?|mailto):[^>\s]*)>/gu, function (m) { drop(m.index, m.index + 1); drop(m.index + m[0].length - 1, m.index + m[0].length); });
    var escaped = new Set();   // "\\*" is a star, not emphasis
    each(/\\([!-\/:-@\[-`{-~])/gu, function (m) { drop(m.index, m.index + 1); escaped.add(at(m.index + 1)); });
    [/\*\*+|__+/gu, /`+/gu, /~~/gu].forEach(function (rx) {
      each(rx, function (m) {
        for (var k = at(m.index); k < at(m.index + m[0].length); k++) if (keep[k] === null || escaped.has(k)) return;
        drop(m.index, m.index + m[0].length);
      });
    });
    each(/(?<![\p{L}\p{N}_*])[*_](?=[^\s*_])|(?<=[^\s*_])[*_](?![\p{L}\p{N}_*])/gu, function (m) {
      var k = at(m.index);
      if (keep[k] !== null && !escaped.has(k)) drop(m.index, m.index + 1);
    });
    [/^[ \t]{0,3}#{1,6}(?:[ \t]+|$)/u, /^[ \t]{0,3}>[ \t]?/u, /[ \t]+#+[ \t]*$/u].forEach(function (rx) {
      var m = rx.exec(text); if (m) drop(m.index, m.index + m[0].length);
    });
    var trimmed = text.trim();
    if (trimmed.length > 1 && trimmed.charAt(0) === "|" && trimmed.charAt(trimmed.length - 1) === "|") {
      var first = chars.indexOf("|"), last = chars.lastIndexOf("|");
      keep[first] = null; keep[last] = null;
      for (var k = first + 1; k < last; k++) if (chars[k] === "|" && keep[k] !== null && chars[k - 1] !== "\\") keep[k] = "·";
    }
    return keep;
  }
  function plainOps(ops) {
    var oldText = ops.filter(function (o) { return o[0] !== "insert"; }).map(function (o) { return o[1]; }).join("");
    var newText = ops.filter(function (o) { return o[0] !== "delete"; }).map(function (o) { return o[1]; }).join("");
    var oldKeep = stripMarkup(oldText), newKeep = stripMarkup(newText), i = 0, j = 0, out = [];
    ops.forEach(function (o) {
      for (var _ of o[1]) {
        var ch;
        if (o[0] === "delete") ch = oldKeep[i++];
        else if (o[0] === "insert") ch = newKeep[j++];
        else { var a = oldKeep[i++], b = newKeep[j++]; ch = a !== null && b !== null ? a : null; }
        if (ch === null || ch === undefined) continue;
        if (out.length && out[out.length - 1][0] === o[0]) out[out.length - 1][1] += ch;
        else out.push([o[0], ch]);
      }
    });
    return out;
  }
  function plain(text) { return pySplit(stripMarkup(text || "").filter(function (c) { return c !== null; }).join("")).join(" "); }

  // A whole document as plain text, line by line (tracker/site/text.py: plain_text)
  var TABLE_SEP_LINE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/u;
  var RULE_LINE = /^ {0,3}([-=*_])(?:[ \t]*\1)*[ \t]*$/u;
  var LIST_LINE = /^([ \t]*)(?:[-*+]|(\d{1,9})[.)])[ \t]+/u;
  var FENCE_LINE = /^ {0,3}(`{3,}|~{3,})/u;
  var WEB_LINK = /(?<!!)\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\((https?:\/\/[^()\s]*)(?:\s+"[^"]*")?\)/gu;
  function withAddresses(line) {
    return line.replace(WEB_LINK, function (all, label, url) {
      var bare = url.replace(/^https?:\/\/(www\.)?/u, "").replace(/\/+$/u, "");
      return label.indexOf(bare) !== -1 ? all : all + " (" + url + ")";
    });
  }
  function plainLine(line) {
    if (!line.trim() || TABLE_SEP_LINE.test(line) || RULE_LINE.test(line)) return "";
    var m = LIST_LINE.exec(line);
    if (m) return m[1] + (m[2] ? m[2] + ". " : "• ") + plain(withAddresses(line.slice(m[0].length)));
    return plain(withAddresses(line));
  }
  function plainText(markdown) {
    var out = [], fence = null;
    markdown.split("\r\n").join("\n").split("\n").forEach(function (line) {
      var m = FENCE_LINE.exec(line);
      if (m && fence === null) { fence = m[1].charAt(0).repeat(3); return; }
      if (fence !== null) { if (line.trim().startsWith(fence)) fence = null; else out.push(line); return; }
      var p = plainLine(line);
      if (p || (out.length && out[out.length - 1])) out.push(p);
    });
    return out.join("\n").replace(/^\n+|\n+$/gu, "") + "\n";
  }

  global.ClauseDiff = { segment: segment, diffTexts: diffTexts, plainOps: plainOps, plain: plain, plainText: plainText,
    looseText: looseText, looseKey: looseKey, cosmeticKinds: cosmeticKinds, isDateLine: isDateLine,
    casefold: casefold };
})(window);
