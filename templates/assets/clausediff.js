/* clausewatch compare view: the clause-level diff of two versions, in the browser.
 *
 * A line-for-line port of diffs/segment.py (segment) and diffs/differ.py (diff_texts),
 * so that comparing two versions here gives what `clausewatch diff OLD.md NEW.md --json`
 * gives for the same two Markdown files (the versions' .md downloads).  Word-level
 * diffs use diff-match-patch's JavaScript port (assets/vendor/diff-match-patch.js), the
 * library the Python differ uses.  Python's Unicode-aware regular expressions are
 * mirrored with explicit classes (\w, \s, \d, \b), strings are compared by code point,
 * and rapidfuzz's scores by the same formulas (ratio = 200·LCS/(n+m), float32 where
 * numpy keeps float32).  tests/test_site_browser_realdata.py checks the two agree on
 * real policy histories; change one side, change the other.
 *
 * window.ClauseDiff = { segment, diffTexts, stripMarkup, plainOps }
 */
(function (global) {
  "use strict";

  // --- Python's character classes --------------------------------------------------
  var W = "\\p{L}\\p{N}_";                      // \w (str.isalnum() or "_")
  var S = "\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000"; // \s
  var B = "(?:(?<=[" + W + "])(?![" + W + "])|(?<![" + W + "])(?=[" + W + "]))"; // \b
  function re(source, flags) { return new RegExp(source, "u" + (flags || "")); }

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
  function casefold(t) {
    var out = "";
    for (var ch of t) out += Object.prototype.hasOwnProperty.call(CASEFOLD, ch) ? CASEFOLD[ch] : ch.toLowerCase();
    return out;
  }

  // diffs/typography.py, plus the no-break space
  var QUOTES = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"',
    "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
    "\u2015": "-", "\u2212": "-", "\u2026": "...", "\u00a0": " "};
  function quotes(t) {
    var out = "";
    for (var ch of t) out += Object.prototype.hasOwnProperty.call(QUOTES, ch) ? QUOTES[ch] : ch;
    return out;
  }

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
  var MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
  var SP = "[" + S + "]+";
  var DATE_WORDS = re(B + "(last" + SP + "(updated|modified|revised|amended|changed)|updated|revised|effective(" + SP + "date)?|effective" + SP + "(as" + SP + "of|from|until|since)|(takes?|took|go(es)?|went)" + SP + "(into" + SP + ")?effect|in" + SP + "effect|version" + SP + "date|dated)" + B, "gi");
  var DATE_VALUE = re(B + "(" + MONTHS + ")" + B + "|" + B + "\\p{Nd}{4}-\\p{Nd}{1,2}-\\p{Nd}{1,2}" + B + "|" + B + "\\p{Nd}{1,2}[/.]\\p{Nd}{1,2}[/.]\\p{Nd}{2,4}" + B, "gi");
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
  var SENTENCE_END = re("[.!?][\"”’')\\]*_]*(?=[" + S + "]+[\"“‘'(\\[*_]*[A-Z])", "g");
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
        kind: entry[0], label: entry[1].join(" › "), skey: JSON.stringify(entry[1]) };
    });
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

  function isMinorEdit(old, neu) {
    var texts = [old, neu].filter(function (t) { return t !== null; });
    if (old !== null && neu !== null && looseText(old) === looseText(neu)) return true;
    return texts.every(function (t) { return isDateLine(t) || !looseText(t); });
  }

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
  function lcsLength(a, b) {
    if (a.length < b.length) { var tmp = a; a = b; b = tmp; }   // b: the shorter, as bits
    var m = b.length;
    if (!m) return 0;
    var words = Math.ceil(m / 32), peq = new Map(), i, w;
    for (i = 0; i < m; i++) {
      var row = peq.get(b[i]);
      if (!row) { row = new Uint32Array(words); peq.set(b[i], row); }
      row[i >> 5] |= 1 << (i & 31);
    }
    var V = new Uint32Array(words).fill(0xffffffff), zero = new Uint32Array(words);
    for (i = 0; i < a.length; i++) {
      var pm = peq.get(a[i]) || zero, carry = 0;
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
  function ratio(a, b) {       // fuzz.ratio on code point arrays, as a double
    var total = a.length + b.length;
    if (!total) return 100.0;
    return 100 * (1 - (total - 2 * lcsLength(a, b)) / total);
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
      return newEnc.map(function (b) {
        var common = lcsLength(a, b);
        var shorter = Math.min(a.length, b.length), longer = Math.max(a.length, b.length);
        var containment = common / Math.max(shorter, 1);
        var usable = shorter >= CONTAINMENT_MIN_WORDS && shorter >= Math.fround(share * longer) &&
          containment >= CONTAINMENT_MIN;
        return usable ? Math.fround(100.0 * containment * CONTAINMENT_WEIGHT) : 0;
      });
    });
  }

  function scorePairs(oldTexts, newTexts, cutoff, containment) {
    var n = oldTexts.length, m = newTexts.length, scored = [], i, j;
    if (!n || !m) return [];
    var oldCp = oldTexts.map(codePoints), newCp = newTexts.map(codePoints);
    if (n * m > MAX_FULL_PAIRS) {
      for (i = 0; i < n; i++) {
        var centre = pyRound(i * m / n), lo = Math.max(0, centre - BAND), hi = Math.min(m, centre + BAND + 1);
        var hits = [];
        for (j = lo; j < hi; j++) {
          var s = ratio(oldCp[i], newCp[j]);
          if (s >= cutoff) hits.push([s, j]);
        }
        hits.sort(function (x, y) { return (y[0] - x[0]) || (x[1] - y[1]); });
        hits.slice(0, 5).forEach(function (h) { scored.push([h[0], i, h[1]]); });
      }
      return scored;
    }
    var extra = containment ? containmentScores(oldTexts, newTexts) : null;
    for (i = 0; i < n; i++) {
      for (j = 0; j < m; j++) {
        var score = Math.fround(ratio(oldCp[i], newCp[j]));
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
    var oldSections = new Set(old.map(function (c) { return c.skey; }));
    var newSections = new Set(neu.map(function (c) { return c.skey; }));
    var gaps = [];
    opcodes(old.map(function (c) { return c.skey + "\x00" + c.text; }), neu.map(function (c) { return c.skey + "\x00" + c.text; }))
      .forEach(function (op) {
        if (op[0] === "equal") { for (var k = 0; k < op[2] - op[1]; k++) pair(op[1] + k, op[3] + k, "unchanged"); }
        else gaps.push([range(op[1], op[2]), range(op[3], op[4])]);
      });
    gaps.forEach(function (gap) {
      var oldRange = gap[0], newRange = gap[1];
      matchingBlocks(oldRange.map(function (i) { return old[i].text; }), newRange.map(function (j) { return neu[j].text; }))
        .forEach(function (blk) {
          for (var k = 0; k < blk[2]; k++) {
            var i = oldRange[blk[0] + k], j = newRange[blk[1] + k];
            var moved = newSections.has(old[i].skey) && oldSections.has(neu[j].skey);
            pair(i, j, moved ? "moved" : "unchanged");
          }
        });
      matchLeftovers(al, pair, old, neu, oldRange, newRange, GAP_CUTOFF, true);
    });
    matchLeftovers(al, pair, old, neu, range(0, old.length), range(0, neu.length), MOVE_CUTOFF, false);
    return al;
  }

  function matchLeftovers(al, pair, old, neu, oldIdx, newIdx, cutoff, containment) {
    var oldLeft = oldIdx.filter(function (i) { return !al.oldTo.has(i); });
    var newLeft = newIdx.filter(function (j) { return !al.newFrom.has(j); });
    if (!oldLeft.length || !newLeft.length) return;
    var passes = [[function (c) { return c.text; }, "moved"], [function (c) { return c.loose; }, "modified"]];
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

  function change(fields) {
    return Object.assign({ kind: null, section: null, old: null, "new": null, inline: [], old_id: null,
      new_id: null, old_position: null, new_position: null, similarity: null, minor: false,
      old_section: null, clause_kind: null }, fields);
  }

  function diffClauses(old, neu) {
    [old, neu].forEach(function (list) {
      list.forEach(function (c) { c.loose = looseText(c.text); c.fuzzy = fuzzyText(c.text); });
    });
    var al = align(old, neu);
    var stats = { added: 0, removed: 0, modified: 0, moved: 0, unchanged: 0, words_added: 0, words_removed: 0 };
    var keyed = [];
    neu.forEach(function (nc, j) {
      var c, i = al.newFrom.get(j);
      if (i === undefined) {
        c = change({ kind: "added", section: nc.label, "new": nc.text, new_id: nc.id, new_position: nc.position,
          minor: isMinorEdit(null, nc.text), clause_kind: nc.kind });
        stats.added++; stats.words_added += wordCount(nc.text);
      } else {
        var oc = old[i], link = al.oldTo.get(i), kind = link[1];
        c = change({ kind: kind, section: nc.label, old: oc.text, "new": nc.text, old_id: oc.id, new_id: nc.id,
          old_position: oc.position, new_position: nc.position, old_section: oc.label, clause_kind: nc.kind });
        if (kind === "modified") {
          c.inline = inlineDiff(oc.text, nc.text);
          c.similarity = link[2] !== null ? link[2] : ratio(codePoints(oc.fuzzy), codePoints(nc.fuzzy)) / 100.0;
          c.minor = isMinorEdit(oc.text, nc.text);
          stats.modified++;
          c.inline.forEach(function (op) {
            if (op[0] === "insert") stats.words_added += wordCount(op[1]);
            else if (op[0] === "delete") stats.words_removed += wordCount(op[1]);
          });
        } else if (kind === "moved") { c.similarity = 1.0; stats.moved++; }
        else stats.unchanged++;
      }
      keyed.push([[j, 0, 0], c]);
    });
    var anchor = -1;
    old.forEach(function (oc, i) {
      if (al.oldTo.has(i)) {
        var link = al.oldTo.get(i);
        if (link[1] !== "moved") anchor = link[0];
        return;
      }
      keyed.push([[anchor, 1, i], change({ kind: "removed", section: oc.label, old: oc.text, old_id: oc.id,
        old_position: oc.position, old_section: oc.label, minor: isMinorEdit(oc.text, null), clause_kind: oc.kind })]);
      stats.removed++; stats.words_removed += wordCount(oc.text);
    });
    keyed.sort(function (x, y) { return (x[0][0] - y[0][0]) || (x[0][1] - y[0][1]) || (x[0][2] - y[0][2]); });
    var changes = keyed.map(function (k) { return k[1]; });
    var changed = changes.filter(function (c) { return c.kind !== "unchanged"; });
    var significance = !changed.length ? "none" : changed.every(function (c) { return c.minor; }) ? "minor" : "substantive";
    stats.words_changed = stats.words_added + stats.words_removed;
    return { significance: significance, stats: stats, changes: changes };
  }

  function diffTexts(oldMarkdown, newMarkdown) { return diffClauses(segment(oldMarkdown), segment(newMarkdown)); }

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
    looseText: looseText, isDateLine: isDateLine, casefold: casefold };
})(window);
