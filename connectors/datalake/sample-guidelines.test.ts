import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { chunkGuideline } from './chunk-guideline.js';
import { markdownBlocks } from './markdown-blocks.js';

const GUIDELINES = fileURLToPath(new URL('../../guidelines/', import.meta.url));

describe('sample guidelines (guidelines/)', () => {
  it('the committed PDF is what guidelines/build-pdf.mjs makes from the Markdown', async () => {
    // Exits 1 with a message when the Markdown changed and the PDF was not rebuilt.
    await expect(promisify(execFile)(process.execPath, [`${GUIDELINES}build-pdf.mjs`, '--check'])).resolves.toBeDefined();
  });

  it('covers income, assets, credit, identity and document age in numbered sections the rules can cite', async () => {
    const { chunks } = chunkGuideline(markdownBlocks(await readFile(`${GUIDELINES}sample/underwriting-guide.md`, 'utf8')));
    const sections = chunks.map((c) => c.sectionPath);
    for (const s of [
      '2 Identity and borrower information > 2.2 Name consistency',
      '3 Document age and integrity > 3.1 Maximum document age',
      '3 Document age and integrity > 3.4 Signatures and dates on the application',
      '4 Income > 4.2 Pay stubs',
      '4 Income > 4.4 Reconciling income across documents',
      '4 Income > 4.9 Employer consistency',
      '5 Assets > 5.2 Large deposits',
      '5 Assets > 5.3 Overdrafts and non-sufficient funds',
      '5 Assets > 5.4 Ending balance and stated assets',
      '6 Credit > 6.1 Credit report',
      '7 Required documents > 7.3 Missing documents',
    ]) {
      expect(sections).toContain(s);
    }
    expect(chunks.find((c) => c.sectionPath === '4 Income > 4.2 Pay stubs')!.content).toContain(
      'The most recent pay stub must be dated no more than 30 days before the application date',
    );
  });
});
