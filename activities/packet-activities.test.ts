import { MockActivityEnvironment } from '@temporalio/testing';
import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import type { PageText } from '../core/page.js';
import type { DocumentStore } from '../connectors/objectstore/document-store.js';
import type { PacketRepository } from '../db/packet-repository.js';
import type { OcrPool } from '../inference/ocr-pool.js';
import { createFallbackBackend } from '../native/fallback.js';
import type { NativeBackend, PageQuality } from '../native/index.js';
import { createPacketActivities, type PacketActivityDeps } from './packet-activities.js';

/** A scanned PDF of `pages` blank pages: no text layer, so every page is rendered and OCRed. */
async function scannedPdf(pages: number): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  for (let i = 0; i < pages; i++) pdf.addPage([200, 260]);
  return pdf.save();
}

const quality = (illegible: boolean): PageQuality => ({
  blurVariance: 100,
  contrast: illegible ? 0.13 : 0.8,
  skewDegrees: 0,
  inkCoverage: 0.05,
  medianCharHeight: 16,
  estimatedDpi: 190,
  blank: false,
  illegible,
  reasons: illegible ? ['low_contrast: 0.13 < 0.3'] : [],
});

describe('readDocument', () => {
  it('reports the pages judged illegible, and leaves them out of the lowest OCR confidence', async () => {
    const bytes = await scannedPdf(3);
    const saved: PageText[][] = [];
    const repo = {
      getDocument: () => Promise.resolve({ uri: 'file:///x/scan.pdf', sha256: 'a'.repeat(64), mediaType: 'application/pdf' }),
      savePages: (_key: unknown, pages: PageText[]) => {
        saved.push(pages);
        return Promise.resolve();
      },
      markUnreadable: () => Promise.resolve(),
    } as unknown as PacketRepository;
    const store = { read: () => Promise.resolve(bytes) } as unknown as DocumentStore;
    // OCR confidence: page 2 (the illegible one) reads worst.
    const confidence = [0.9, 0.2, 0.7];
    const ocr: OcrPool = {
      recognize: (_png, pageNumber) =>
        Promise.resolve({ pageNumber, source: 'ocr', width: 1, height: 1, text: '', lines: [], confidence: confidence[pageNumber - 1]! }),
      close: () => Promise.resolve(),
      stats: () => ({ pagesRecognized: 0, workersCreated: 0 }),
    };
    // The kernels judge page 2 illegible (counted by call order: pages are read one after another).
    const fallback = createFallbackBackend();
    let measured = 0;
    const native: NativeBackend = Object.assign(Object.create(fallback) as NativeBackend, {
      pageQuality: () => Promise.resolve(quality(++measured === 2)),
    });
    const deps: PacketActivityDeps = {
      repo,
      store,
      ocr,
      publisher: { publish: () => Promise.resolve() },
      limits: { maxBytes: 1 << 20, maxPages: 10, maxPixels: 50_000_000, ocrDpi: 72 },
      pageImage: { native },
    };
    const activities = createPacketActivities(deps);
    const summary = await new MockActivityEnvironment().run(activities.readDocument, { tenantId: 't', packetId: 'p', documentId: 'scan' });
    expect(summary).toEqual({
      pageCount: 3,
      ocrPages: 3,
      minOcrConfidence: 0.7,
      illegiblePages: [{ page: 2, reasons: ['low_contrast: 0.13 < 0.3'] }],
    });
    expect(measured).toBe(3);
    expect(saved[0]).toHaveLength(3);
  });
});
