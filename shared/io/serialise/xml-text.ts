/** Text for XML writers (KML, GPX). */

/** Characters XML 1.0 does not allow at all, even escaped: C0 controls other than tab, LF, CR. */
// eslint-disable-next-line no-control-regex -- these are exactly the characters matched
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** `s` escaped for element text or a double-quoted attribute; characters XML cannot hold are dropped. */
export function xmlText(s: string): string {
  return s.replace(NOT_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** True when `s` holds characters that xmlText drops, so a writer can say so. */
export function hasNonXmlCharacters(s: string): boolean {
  NOT_XML.lastIndex = 0;
  const found = NOT_XML.test(s);
  NOT_XML.lastIndex = 0;
  return found;
}

/** `<tag>text</tag>`, escaped. */
export function element(tag: string, text: string): string {
  return `<${tag}>${xmlText(text)}</${tag}>`;
}
