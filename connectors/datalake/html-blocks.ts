import { Parser } from 'htmlparser2';
import type { GuidelineBlock } from './chunk-guideline.js';

/** Elements whose content is never guideline text: code, styling, metadata and page chrome. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'head', 'nav', 'footer', 'aside', 'svg', 'math', 'iframe', 'button', 'form']);
/** Elements that end the current paragraph. */
const BLOCK = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'table', 'thead', 'tbody',
  'tfoot', 'tr', 'blockquote', 'pre', 'figure', 'figcaption', 'hr', 'address', 'details', 'summary', 'caption',
]);

/**
 * HTML to guideline blocks (htmlparser2, which decodes entities and repairs tag soup): h1..h6 are headings; p, li,
 * table rows and other block elements end a paragraph; list items get "- ", table cells " | ". Scripts, styles,
 * navigation and footers are skipped. `title` is the <title>, used when the page has no heading to name it.
 */
export function htmlBlocks(html: string): { title: string | null; blocks: GuidelineBlock[] } {
  const blocks: GuidelineBlock[] = [];
  let title: string | null = null;
  let skipDepth = 0;
  let inTitle = false;
  let heading: number | null = null;
  let buffer = '';
  let pre = 0;

  const flush = () => {
    const text = (pre ? buffer : buffer.replace(/[ \t\r\f\v\u00a0]+/g, ' ')).replace(/ *\n */g, '\n').trim();
    buffer = '';
    if (!text) return;
    if (heading !== null) blocks.push({ kind: 'heading', level: heading, text: text.replace(/\s+/g, ' ') });
    else {
      // Consecutive list items and table rows stay together as one paragraph, a line each.
      const last = blocks[blocks.length - 1];
      const isLine = /^- |\|/.test(text);
      if (isLine && last?.kind === 'text' && lineParagraph) last.text += `\n${text}`;
      else blocks.push({ kind: 'text', text });
      lineParagraph = isLine;
    }
  };
  let lineParagraph = false;

  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'title') inTitle = true;
        if (SKIPPED.has(name)) {
          skipDepth++;
          return;
        }
        if (skipDepth) return;
        const level = /^h([1-6])$/.exec(name);
        if (level || BLOCK.has(name)) {
          flush();
          if (!level && name !== 'li' && name !== 'tr') lineParagraph = false;
        }
        if (level) heading = Number(level[1]);
        if (name === 'li') buffer += '- ';
        if (name === 'pre') pre++;
        if (name === 'br') buffer += '\n';
        if ((name === 'td' || name === 'th') && buffer.trim()) buffer += ' | ';
      },
      ontext(text) {
        if (inTitle) title = ((title ?? '') + text).replace(/\s+/g, ' ').trim() || null;
        if (skipDepth) return;
        // Source line breaks are spaces, except in <pre>; <br> adds a real one.
        buffer += pre ? text : text.replace(/\s+/g, ' ');
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (SKIPPED.has(name)) {
          skipDepth = Math.max(0, skipDepth - 1);
          return;
        }
        if (skipDepth) return;
        if (/^h[1-6]$/.test(name)) {
          flush();
          heading = null;
        } else if (BLOCK.has(name)) flush();
        if (name === 'pre') pre = Math.max(0, pre - 1);
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  flush();
  return { title, blocks };
}
