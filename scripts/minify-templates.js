// Build-time minification of lit's tagged templates (issue 17): the static text of every
// `css\`...\`` literal loses its comments and the whitespace around punctuation, and the static
// text of every `html\`...\`` / `svg\`...\`` literal has each whitespace run collapsed to one
// space (which renders the same outside preformatted text). Applied to the TypeScript sources
// before esbuild (rollup.config.js), with a sourcemap of its own so lines and columns still point
// at the sources. `lines: true` keeps every line break instead (then no map is needed; ~0.9 KB
// min+gzip more for the whole library).
//
// What it never changes: `${...}` expressions, quoted CSS strings, the text inside <pre>,
// <textarea>, <script> and <style> (html), and templates with any other tag.
// src/minified.test.ts checks that the built elements render like the source ones.
import ts from 'typescript';

const CSS_TAGS = new Set(['css']);
const HTML_TAGS = new Set(['html', 'svg']);

/** Whitespace run -> its line breaks (so lines stay put), or `fallback` when it had none. */
function keepLines(run, fallback, lines) {
  if (!lines) return fallback;
  const breaks = run.replace(/[^\n]/g, '');
  return breaks || fallback;
}

/**
 * Minifies one static part of a `css` literal (raw text between backticks / `${}`).
 * `first` / `last`: the part starts the literal / ends it (no expression beside it).
 */
export function minifyCssPart(raw, { first = true, last = true, lines = false } = {}) {
  let out = '';
  let i = 0;
  // Characters after or before which whitespace never matters in CSS (`:` only after: `a :hover` is a selector).
  const glueAfter = new Set(['{', '}', ';', ',', '>', ':', '(']);
  const glueBefore = new Set(['{', '}', ';', ',', '>', ')', '!']);
  while (i < raw.length) {
    const c = raw[i];
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < raw.length && raw[j] !== c) j += raw[j] === '\\' ? 2 : 1;
      out += raw.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '/' && raw[i + 1] === '*') {
      const end = raw.indexOf('*/', i + 2);
      const j = end === -1 ? raw.length : end + 2;
      // A comment counts as whitespace (its line breaks kept); fold it into the run below.
      const comment = raw.slice(i, j).replace(/[^\n]/g, ' ');
      raw = raw.slice(0, i) + comment + raw.slice(j);
      continue;
    }
    if (/\s/.test(c)) {
      let j = i;
      while (j < raw.length && (/\s/.test(raw[j]) || (raw[j] === '/' && raw[j + 1] === '*'))) {
        if (raw[j] === '/') {
          const end = raw.indexOf('*/', j + 2);
          const k = end === -1 ? raw.length : end + 2;
          raw = raw.slice(0, j) + raw.slice(j, k).replace(/[^\n]/g, ' ') + raw.slice(k);
        }
        j++;
      }
      const run = raw.slice(i, j);
      const prev = out[out.length - 1];
      const next = raw[j];
      const atStart = out.length === 0;
      const atEnd = j >= raw.length;
      let glue;
      if ((atStart && first) || (atEnd && last))
        glue = true; // the literal's own edges
      else if (atStart || atEnd)
        glue = false; // beside a `${}`: keep one separator
      else glue = glueAfter.has(prev) || glueBefore.has(next);
      out += keepLines(run, glue ? '' : ' ', lines);
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  // `;}` -> `}` (the last declaration needs no semicolon); line breaks between them stay.
  return out.replace(/;(\n*)\}/g, '$1}');
}

/**
 * Minifies one static part of an `html`/`svg` literal: each whitespace run becomes one space (or
 * its line breaks), which renders the same outside preformatted text. `state.raw` tracks whether
 * the part starts inside <pre>/<textarea>/<script>/<style> (left as they are).
 */
export function minifyHtmlPart(raw, state = { raw: null }, { lines = false } = {}) {
  let out = '';
  let i = 0;
  while (i < raw.length) {
    if (state.raw) {
      const close = raw.toLowerCase().indexOf(`</${state.raw}`, i);
      if (close === -1) {
        out += raw.slice(i);
        return out;
      }
      out += raw.slice(i, close);
      i = close;
      state.raw = null;
      continue;
    }
    const open = /^<(pre|textarea|script|style)\b/i.exec(raw.slice(i, i + 10));
    if (open) {
      state.raw = open[1].toLowerCase();
      const end = raw.indexOf('>', i);
      const j = end === -1 ? raw.length : end + 1;
      out += raw.slice(i, j);
      i = j;
      continue;
    }
    if (raw.startsWith('<!--', i) && !raw.startsWith('<!--?', i)) {
      const end = raw.indexOf('-->', i + 4);
      if (end !== -1) {
        out += keepLines(raw.slice(i, end + 3), '', lines);
        i = end + 3;
        continue;
      }
    }
    const c = raw[i];
    if (/\s/.test(c)) {
      let j = i;
      while (j < raw.length && /\s/.test(raw[j])) j++;
      out += keepLines(raw.slice(i, j), ' ', lines);
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/** The parts of a template literal node: [start, end) of each static text in the source. */
function templateParts(template, sf) {
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [[template.getStart(sf) + 1, template.end - 1]];
  const parts = [[template.head.getStart(sf) + 1, template.head.end - 2]];
  for (const span of template.templateSpans) {
    const lit = span.literal;
    parts.push([lit.getStart(sf) + 1, ts.isTemplateTail(lit) ? lit.end - 1 : lit.end - 2]);
  }
  return parts;
}

/**
 * Minifies the `css`, `html` and `svg` tagged templates of one TypeScript module.
 * @returns {{ code: string, css: number, html: number } | null} null when nothing changed
 */
export function minifyTemplates(code, fileName = 'module.ts', { lines = false } = {}) {
  if (!/\b(css|html|svg)`/.test(code)) return null;
  const sf = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, true, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const edits = [];
  let cssCount = 0;
  let htmlCount = 0;
  const visit = (node) => {
    if (ts.isTaggedTemplateExpression(node) && ts.isIdentifier(node.tag)) {
      const tag = node.tag.text;
      if (CSS_TAGS.has(tag) || HTML_TAGS.has(tag)) {
        const parts = templateParts(node.template, sf);
        const state = { raw: null };
        parts.forEach(([start, end], index) => {
          const raw = code.slice(start, end);
          const text = CSS_TAGS.has(tag) ? minifyCssPart(raw, { first: index === 0, last: index === parts.length - 1, lines }) : minifyHtmlPart(raw, state, { lines });
          if (text !== raw) edits.push([start, end, text]);
        });
        if (CSS_TAGS.has(tag)) cssCount++;
        else htmlCount++;
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (edits.length === 0) return null;
  edits.sort((a, b) => a[0] - b[0]);
  let out = '';
  let at = 0;
  for (const [start, end, text] of edits) {
    out += code.slice(at, start) + text;
    at = end;
  }
  out += code.slice(at);
  return { code: out, css: cssCount, html: htmlCount, map: lines ? null : sourceMap(code, edits) };
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
function vlq(value) {
  let v = value < 0 ? (-value << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

/**
 * The sourcemap of the edited module back to the original: one segment per character of code
 * outside the templates (rollup follows a later transform's segments to the exact column) and one
 * at the start of each replaced text.
 */
function sourceMap(code, edits) {
  const lines = [];
  let segments = [];
  let genCol = 0;
  let prevGenCol = 0;
  let srcLine = 0;
  let srcCol = 0;
  let prevSrcLine = 0;
  let prevSrcCol = 0;
  const segment = () => {
    segments.push(`${vlq(genCol - prevGenCol)}A${vlq(srcLine - prevSrcLine)}${vlq(srcCol - prevSrcCol)}`);
    prevGenCol = genCol;
    prevSrcLine = srcLine;
    prevSrcCol = srcCol;
  };
  const newLine = () => {
    lines.push(segments.join(','));
    segments = [];
    genCol = 0;
    prevGenCol = 0;
  };
  const advanceSource = (text) => {
    for (const ch of text) {
      if (ch === '\n') {
        srcLine++;
        srcCol = 0;
      } else srcCol++;
    }
  };
  const copy = (from, to) => {
    for (let i = from; i < to; i++) {
      if (code[i] === '\n') {
        newLine();
        srcLine++;
        srcCol = 0;
        continue;
      }
      segment();
      genCol++;
      srcCol++;
    }
  };
  let at = 0;
  for (const [start, end, text] of edits) {
    copy(at, start);
    segment();
    for (const ch of text) {
      if (ch === '\n') newLine();
      else genCol++;
    }
    advanceSource(code.slice(start, end));
    at = end;
  }
  copy(at, code.length);
  lines.push(segments.join(','));
  return { version: 3, names: [], mappings: lines.join(';') };
}

/**
 * Rollup plugin: minifies the lit templates of the project's TypeScript sources (not
 * node_modules). Put it before the TypeScript transform.
 */
export function litTemplates({ lines = false } = {}) {
  return {
    name: 'chatdesk:lit-templates',
    transform(code, id) {
      if (!/\.tsx?$/.test(id) || id.endsWith('.d.ts') || id.includes('/node_modules/')) return null;
      const result = minifyTemplates(code, id, { lines });
      // With `lines`, every line stays where it was: no sourcemap of its own is needed (null).
      return result ? { code: result.code, map: result.map } : null;
    },
  };
}
