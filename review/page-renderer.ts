import type { DocumentStore } from '../connectors/objectstore/document-store.js';
import { ErrorCodes } from '../core/error-codes.js';
import { decodeImagePages } from '../inference/image.js';
import { openPdf, type PdfHandle } from '../inference/pdf.js';
import { DocumentError } from '../platform/errors.js';

/**
 * Pages as PNG for the review app: the document is read from the object store by its URI (sha256 checked), a PDF
 * page is rendered with pdfjs, a scan is decoded with sharp. Rendered pages are kept in a small LRU (by sha256,
 * page and DPI: content-addressed, never stale), and a few parsed PDFs stay open, so paging through a 40-page packet
 * parses each file once.
 */
export interface PageRenderer {
  /** PNG of 1-based `page`; DocumentError (DOCUMENT_NOT_FOUND) past the last page. */
  render(doc: { uri: string; sha256: string; mediaType: string }, page: number, dpi: number): Promise<Buffer>;
  close(): Promise<void>;
}

export interface PageRendererOptions {
  store: DocumentStore;
  maxBytes: number;
  maxPages: number;
  maxPixels: number;
  /** Rendered pages kept in memory (default 200). */
  cacheEntries?: number;
  /** Parsed PDFs kept open (default 4). */
  openDocuments?: number;
}

export function createPageRenderer(options: PageRendererOptions): PageRenderer {
  const pngs = new Lru<Buffer>(options.cacheEntries ?? 200);
  const pdfs = new Lru<Promise<PdfHandle>>(options.openDocuments ?? 4, (evicted) => {
    evicted.then((h) => h.close()).catch(() => undefined);
  });
  const read = (doc: { uri: string; sha256: string }) => options.store.read(doc.uri, { sha256: doc.sha256, maxBytes: options.maxBytes });

  const pdf = (doc: { uri: string; sha256: string }): Promise<PdfHandle> => {
    let handle = pdfs.get(doc.sha256);
    if (!handle) {
      handle = read(doc).then((bytes) => openPdf(bytes, { maxPages: options.maxPages }));
      // A failed open is not cached: the next request tries again.
      handle.catch(() => pdfs.delete(doc.sha256));
      pdfs.set(doc.sha256, handle);
    }
    return handle;
  };

  const notFound = (page: number) => new DocumentError(ErrorCodes.DOCUMENT_NOT_FOUND, `the document has no page ${page}`);

  return {
    async render(doc, page, dpi) {
      const cacheKey = `${doc.sha256}:${page}:${dpi}`;
      const cached = pngs.get(cacheKey);
      if (cached) return cached;
      let png: Buffer | undefined;
      if (doc.mediaType === 'application/pdf') {
        const handle = await pdf(doc);
        if (page > handle.pageCount) throw notFound(page);
        png = (await handle.render(page, dpi, options.maxPixels)).png;
      } else {
        for await (const decoded of decodeImagePages(await read(doc), doc.mediaType, options.maxPixels, options.maxPages)) {
          if (decoded.pageNumber === page) {
            png = decoded.png;
            break;
          }
        }
        if (!png) throw notFound(page);
      }
      pngs.set(cacheKey, png);
      return png;
    },
    async close() {
      await Promise.all(pdfs.drain().map((h) => h.then((x) => x.close()).catch(() => undefined)));
    },
  };
}

/** Least recently used first out; a Map keeps insertion order, so a hit is moved to the end. */
class Lru<V> {
  private readonly map = new Map<string, V>();

  constructor(
    private readonly capacity: number,
    private readonly onEvict?: (value: V) => void,
  ) {}

  get(key: string): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > Math.max(0, this.capacity)) {
      const oldest = this.map.keys().next().value as string;
      const evicted = this.map.get(oldest)!;
      this.map.delete(oldest);
      this.onEvict?.(evicted);
    }
  }

  delete(key: string): void {
    this.map.delete(key);
  }

  drain(): V[] {
    const values = [...this.map.values()];
    this.map.clear();
    return values;
  }
}
