#!/usr/bin/env node
// Checks the Corroborate TextMate grammars without any dependency:
//   node syntaxes/check-grammars.js
// - both files parse as JSON and have scopeName, patterns and repository (and the injection its selector);
// - every include resolves (#key, scopeName#key of our own grammars, or a known external grammar);
// - the repository entries the two grammars share are identical (they are kept as copies);
// - every match/begin/end/while regex compiles with JavaScript's RegExp, once a leading Oniguruma `(?i)`
//   (the only Oniguruma-only syntax used) is turned into the `i` flag;
// - every regex is safe from catastrophic backtracking: no unbounded quantifier (* + {n,}), no quantified
//   group that itself contains a quantifier, no quantifier inside a lookbehind;
// - a few sample lines match as intended.
// Exits 1 on any failure.
'use strict';

const fs = require('fs');
const path = require('path');

const DIR = __dirname;
const GRAMMARS = {
  'article.tmLanguage.json': { scopeName: 'text.article.corroborate' },
  'markdown-injection.tmLanguage.json': {
    scopeName: 'markdown.corroborate.injection',
    injectionSelector: 'L:text.html.markdown -markup.fenced_code -markup.inline.raw -markup.raw -string.quoted.double.corroborate',
  },
};
// Grammars shipped by VS Code that our rules may include (scopeName -> repository keys we rely on).
const EXTERNAL = { 'text.html.markdown': ['inline'] };
// Repository entries that may differ between the two grammars.
const MAY_DIFFER = new Set(['quote-content', 'footnote-definition']);

const errors = [];
const fail = (where, msg) => errors.push(`${where}: ${msg}`);

/** Oniguruma source -> { source, flags } for JavaScript. */
function toJs(src) {
  let flags = '';
  if (src.startsWith('(?i)')) {
    flags = 'i';
    src = src.slice(4);
  }
  return { source: src, flags };
}

/**
 * Backtracking lint on a regex source. Walks it once, tracking character classes and groups.
 * Returns a list of problems (empty when safe).
 */
function lintRegex(src) {
  const problems = [];
  // Stack of open groups: { lookbehind, hasQuantifier }
  const stack = [{ lookbehind: false, hasQuantifier: false }];
  let i = 0;
  const noteQuantifier = (what) => {
    for (const g of stack) g.hasQuantifier = true;
    if (stack.some((g) => g.lookbehind)) problems.push(`quantifier ${what} inside a lookbehind`);
  };
  // Reads a quantifier at position j; returns { len, unbounded, repeats } or null.
  const quantAt = (j) => {
    const c = src[j];
    if (c === '*' || c === '+') return { len: 1, unbounded: true, repeats: true, text: c };
    if (c === '?') return { len: 1, unbounded: false, repeats: false, text: c };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(j));
      if (!m) return null;
      const unbounded = m[2] !== undefined && m[3] === '';
      const max = m[2] === undefined ? Number(m[1]) : unbounded ? Infinity : Number(m[3]);
      return { len: m[0].length, unbounded, repeats: max > 1, text: m[0] };
    }
    return null;
  };
  const afterAtom = (j) => {
    const q = quantAt(j);
    if (!q) return j;
    if (q.unbounded) problems.push(`unbounded quantifier ${q.text} at ${j} (use a bounded {m,n})`);
    if (q.repeats) noteQuantifier(q.text);
    let k = j + q.len;
    if (src[k] === '?' || src[k] === '+') k++; // lazy or possessive suffix
    return k;
  };
  while (i < src.length) {
    const c = src[i];
    if (c === '\\') {
      i = afterAtom(i + 2);
    } else if (c === '[') {
      // Skip the character class (escapes and a leading ] or ^] included).
      let j = i + 1;
      if (src[j] === '^') j++;
      if (src[j] === ']') j++;
      while (j < src.length && src[j] !== ']') j += src[j] === '\\' ? 2 : 1;
      i = afterAtom(j + 1);
    } else if (c === '(') {
      const lookbehind = src.startsWith('(?<=', i) || src.startsWith('(?<!', i);
      stack.push({ lookbehind, hasQuantifier: false });
      i += src.startsWith('(?', i) ? (lookbehind ? 4 : 2) : 1;
      if (src[i - 1] === '?' && /[:=!>]/.test(src[i])) i++;
    } else if (c === ')') {
      const g = stack.pop();
      if (!g || stack.length === 0) {
        problems.push(`unbalanced ) at ${i}`);
        return problems;
      }
      const q = quantAt(i + 1);
      if (q && q.repeats && g.hasQuantifier) problems.push(`nested quantifier: group ending at ${i} is repeated by ${q.text}`);
      if (g.hasQuantifier) for (const outer of stack) outer.hasQuantifier = true;
      i = afterAtom(i + 1);
    } else {
      i = afterAtom(i + 1);
    }
  }
  if (stack.length !== 1) problems.push('unbalanced (');
  return problems;
}

/** Calls visit(rule, where) for every rule object reachable from the grammar. */
function walkRules(grammar, visit) {
  const seen = new Set();
  const walk = (rule, where) => {
    if (!rule || typeof rule !== 'object' || seen.has(rule)) return;
    seen.add(rule);
    visit(rule, where);
    (rule.patterns || []).forEach((p, n) => walk(p, `${where}.patterns[${n}]`));
    for (const key of ['captures', 'beginCaptures', 'endCaptures', 'whileCaptures']) {
      for (const [n, cap] of Object.entries(rule[key] || {})) walk(cap, `${where}.${key}[${n}]`);
    }
    for (const [k, r] of Object.entries(rule.repository || {})) walk(r, `${where}.repository.${k}`);
  };
  walk(grammar, '');
}

const loaded = {};
for (const [file, expected] of Object.entries(GRAMMARS)) {
  let g;
  try {
    g = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
  } catch (e) {
    fail(file, `cannot read or parse: ${e.message}`);
    continue;
  }
  loaded[file] = g;
  if (g.scopeName !== expected.scopeName) fail(file, `scopeName is ${JSON.stringify(g.scopeName)}, expected ${expected.scopeName}`);
  if (!Array.isArray(g.patterns) || g.patterns.length === 0) fail(file, 'patterns must be a non-empty array');
  if (!g.repository || typeof g.repository !== 'object' || Array.isArray(g.repository)) fail(file, 'repository must be an object');
  if (expected.injectionSelector !== undefined && g.injectionSelector !== expected.injectionSelector) {
    fail(file, `injectionSelector is ${JSON.stringify(g.injectionSelector)}, expected ${JSON.stringify(expected.injectionSelector)}`);
  }
}

const byScope = {};
for (const g of Object.values(loaded)) if (g.scopeName) byScope[g.scopeName] = g;

const compiled = {}; // file -> repository key -> { match: RegExp, ... } for the samples below
for (const [file, g] of Object.entries(loaded)) {
  compiled[file] = {};
  walkRules(g, (rule, where) => {
    const at = `${file}${where || ' (top level)'}`;
    for (const key of ['match', 'begin', 'end', 'while']) {
      if (rule[key] === undefined) continue;
      if (typeof rule[key] !== 'string') {
        fail(at, `${key} is not a string`);
        continue;
      }
      const { source, flags } = toJs(rule[key]);
      let re;
      try {
        re = new RegExp(source, flags);
      } catch (e) {
        fail(at, `${key} does not compile: ${e.message}`);
        continue;
      }
      for (const p of lintRegex(source)) fail(at, `${key}: ${p}`);
      const m = /^\.repository\.([\w-]+)$/.exec(where);
      if (m) (compiled[file][m[1]] ||= {})[key] = re;
    }
    if (rule.begin !== undefined && rule.end === undefined && rule.while === undefined) fail(at, 'begin without end or while');
    if (rule.include !== undefined) {
      const inc = rule.include;
      if (inc === '$self' || inc === '$base') return;
      const hash = inc.indexOf('#');
      const scope = hash === -1 ? inc : inc.slice(0, hash);
      const key = hash === -1 ? null : inc.slice(hash + 1);
      if (scope === '') {
        if (!g.repository || !Object.prototype.hasOwnProperty.call(g.repository, key)) fail(at, `include ${inc}: no such repository key`);
      } else if (byScope[scope]) {
        if (key && !Object.prototype.hasOwnProperty.call(byScope[scope].repository || {}, key)) fail(at, `include ${inc}: no such repository key`);
      } else if (EXTERNAL[scope]) {
        if (key && !EXTERNAL[scope].includes(key)) fail(at, `include ${inc}: key not in the known list for ${scope}`);
      } else {
        fail(at, `include ${inc}: unknown grammar`);
      }
    }
  });
}

// The shared repository entries must stay identical copies.
const a = loaded['article.tmLanguage.json'];
const b = loaded['markdown-injection.tmLanguage.json'];
if (a && b && a.repository && b.repository) {
  const keys = new Set([...Object.keys(a.repository), ...Object.keys(b.repository)]);
  for (const k of keys) {
    if (MAY_DIFFER.has(k)) continue;
    if (JSON.stringify(a.repository[k]) !== JSON.stringify(b.repository[k])) {
      fail('repository', `entry "${k}" differs between article.tmLanguage.json and markdown-injection.tmLanguage.json`);
    }
  }
}

// A few behavioural samples (JavaScript semantics; \b and \w are ASCII-only here, Unicode in Oniguruma).
const R = compiled['article.tmLanguage.json'] || {};
const first = (re, s) => {
  const m = re && re.exec(s);
  return m ? m[0] : null;
};
const samples = [
  ['attribution-cues', 'match', 'the minister SAID on Monday', 'SAID'],
  ['attribution-cues', 'match', 'according  to the report', 'according  to'],
  ['attribution-cues', 'match', 'an unsaid thing', null],
  ['footnote-reference', 'match', 'rose 12%[^3].', '[^3]'],
  ['footnote-reference', 'match', '[^3]: the source', null],
  ['citation-marker', 'match', 'rose 12%. [source: data/report.txt#L12]', '[source: data/report.txt#L12]'],
  ['citation-marker', 'match', 'per [Cite: Reuters, 3 May]', '[Cite: Reuters, 3 May]'],
  ['url', 'match', 'see https://example.org/a?b=1.', 'https://example.org/a?b=1'],
  ['url', 'match', 'https://en.wikipedia.org/wiki/Foo_(bar), says', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
  ['url', 'match', '(see https://example.org/x)', 'https://example.org/x'],
  ['url', 'match', '“https://example.org/q”', 'https://example.org/q'],
  ['quote-curly', 'begin', 'he said “We will', '“'],
  ['quote-curly', 'begin', 'Ende.“ sagte er', null],
  ['quote-straight', 'begin', 'a 55" TV', null],
  ['quote-straight', 'begin', 'end of it." he added', null],
  ['quote-straight', 'begin', 'He said "no', '"'],
  ['quote-low', 'end', 'wir schaffen das“, sagte', '“'],
  ['quote-guillemet', 'end', 'nous verrons »', '»'],
];
for (const [key, field, input, want] of samples) {
  const got = first(R[key] && R[key][field], input);
  if (got !== want) fail(`sample ${key}.${field}`, `${JSON.stringify(input)} gave ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
}

if (errors.length) {
  for (const e of errors) console.error(`FAIL ${e}`);
  console.error(`${errors.length} problem(s) in the Corroborate grammars.`);
  process.exit(1);
}
console.log(`OK: ${Object.keys(loaded).length} grammars, ${samples.length} samples.`);
