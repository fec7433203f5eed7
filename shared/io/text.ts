import { msg, type Message } from '../i18n/message';

/** Text helpers shared by text-based formats. */

export type DecodeResult = { ok: true; text: string } | { ok: false; error: Message };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

/** Decodes UTF-8, dropping a byte-order mark; invalid UTF-8 is reported, not guessed at. */
export function decodeUtf8(bytes: Uint8Array): DecodeResult {
  try {
    return { ok: true, text: strictUtf8.decode(bytes) };
  } catch {
    return { ok: false, error: msg('file.not-utf8') };
  }
}

/** The first `max` bytes as text, for format sniffing; never throws. */
export function headText(bytes: Uint8Array, max = 4096): string {
  const text = lenientUtf8.decode(bytes.subarray(0, Math.min(max, bytes.length)));
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: end - lineStart + 1 };
}

/**
 * JSON.parse with an error that names the line and column of the fault. The reason after them is
 * V8's own (English, it has no codes), kept as a detail.
 */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: Message; line?: number } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (e) {
    if (text.trim() === '') return { ok: false, error: msg('file.empty') };
    const raw = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(raw) ?? [raw, String(findJsonErrorOffset(text))];
    // Drop V8's own position suffix; we say line and column ourselves.
    const reason = raw
      .replace(/\s*in JSON at position \d+.*$/s, '')
      .replace(/\s*\(line \d+ column \d+\)$/, '')
      .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '');
    if (pos[1] !== undefined && Number(pos[1]) >= 0) {
      const offset = Number(pos[1]);
      const { line, column } = lineColumn(text, offset);
      // A missing comma is reported at the next token; say where the previous value ended too.
      let prev = Math.min(offset, text.length) - 1;
      while (prev >= 0 && /\s/.test(text.charAt(prev))) prev--;
      const prevLine = prev >= 0 ? lineColumn(text, prev).line : line;
      if (prevLine < line && /^Expected ',' or/.test(reason)) {
        return { ok: false, error: msg('file.json-missing-comma', { prevLine, line, column, detail: reason }), line: prevLine };
      }
      return { ok: false, error: msg('file.json-at', { line, column, detail: reason }), line };
    }
    return { ok: false, error: msg('file.json', { detail: reason }) };
  }
}

export function baseName(fileName: string): string {
  const name = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(0, dot) : name;
}

/**
 * Offset of the first syntax error in `text`, or -1 if none is found. Only used after JSON.parse
 * failed without saying where (V8 omits the position for some errors).
 */
export function findJsonErrorOffset(text: string): number {
  let i = 0;
  const n = text.length;
  const ws = () => {
    while (i < n && /[ \t\n\r]/.test(text.charAt(i))) i++;
  };
  class Stop {}
  const fail = (): never => {
    throw new Stop();
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++; // opening quote
    while (i < n) {
      const c = text.charAt(i);
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') i += 2;
      else if (c < ' ') fail();
      else i++;
    }
    fail();
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (!m || m[0] === '' || m[0] === '-') fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (depth: number): void => {
    if (depth > 5000) fail();
    ws();
    const c = text.charAt(i);
    if (c === '{') {
      i++;
      ws();
      if (text.charAt(i) === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        if (text.charAt(i) !== '"') fail();
        string();
        ws();
        if (text.charAt(i) !== ':') fail();
        i++;
        value(depth + 1);
        ws();
        if (text.charAt(i) === ',') i++;
        else if (text.charAt(i) === '}') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text.charAt(i) === ']') {
        i++;
        return;
      }
      for (;;) {
        value(depth + 1);
        ws();
        if (text.charAt(i) === ',') i++;
        else if (text.charAt(i) === ']') {
          i++;
          return;
        } else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  try {
    value(0);
    ws();
    return i < n ? i : -1;
  } catch {
    return Math.min(i, n);
  }
}
