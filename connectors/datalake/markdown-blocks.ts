import { marked, type Token, type Tokens } from 'marked';
import type { GuidelineBlock } from './chunk-guideline.js';

/**
 * Markdown (CommonMark + GFM, through marked's lexer) to guideline blocks: ATX and setext headings, paragraphs,
 * lists (one block, an item a line), tables (a row a line, cells separated by " | "), block quotes and code as text.
 * Inline markup is dropped: links keep their text, images their alt text.
 */
export function markdownBlocks(markdown: string): GuidelineBlock[] {
  const blocks: GuidelineBlock[] = [];
  const visit = (tokens: Token[]) => {
    for (const token of tokens) {
      switch (token.type) {
        case 'heading':
          blocks.push({ kind: 'heading', level: (token as Tokens.Heading).depth, text: inline(token) });
          break;
        case 'paragraph':
        case 'text':
          blocks.push({ kind: 'text', text: inline(token) });
          break;
        case 'list':
          blocks.push({ kind: 'text', text: (token as Tokens.List).items.map((item) => `- ${listItem(item)}`).join('\n') });
          break;
        case 'table': {
          const table = token as Tokens.Table;
          const rows = [table.header, ...table.rows].map((row) => row.map((cell) => inline(cell)).join(' | '));
          blocks.push({ kind: 'text', text: rows.join('\n') });
          break;
        }
        case 'blockquote':
          visit((token as Tokens.Blockquote).tokens);
          break;
        case 'code':
          blocks.push({ kind: 'text', text: (token as Tokens.Code).text });
          break;
        case 'html':
          blocks.push({ kind: 'text', text: decodeEntities((token as Tokens.HTML).text.replace(/<[^>]*>/g, ' ')) });
          break;
        default:
          // space, hr, def: nothing to read.
          break;
      }
    }
  };
  visit(marked.lexer(markdown));
  return blocks.filter((b) => b.text.trim());
}

/** A list item's text: its inline content, with nested lists flattened after it. */
function listItem(item: Tokens.ListItem): string {
  return item.tokens
    .map((t) => (t.type === 'list' ? (t as Tokens.List).items.map(listItem).join('; ') : inline(t)))
    .filter(Boolean)
    .join(' ');
}

/** Plain text of a token's inline content. */
function inline(token: { tokens?: Token[]; text?: string; type?: string }): string {
  if (token.type === 'br') return ' ';
  if (token.tokens?.length) return token.tokens.map((t) => inline(t)).join('');
  if (token.type === 'html') return '';
  // Soft line breaks inside a paragraph are spaces.
  return decodeEntities(token.text ?? '').replace(/\s*\n\s*/g, ' ');
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', middot: '·', mdash: '—', ndash: '–', copy: '©', sect: '§' };

/** The entities Markdown writers use; marked leaves them to the HTML renderer, which we do not run. */
function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[name.toLowerCase()] ?? whole;
  });
}
