import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { jsonSchemas } from './json-schemas.js';

describe('schemas/ for integrators', () => {
  it('the committed JSON Schema files equal the zod schemas (run `npx docket schemas` after changing core/events.ts)', () => {
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      const committed = JSON.parse(readFileSync(new URL(`../schemas/${name}`, import.meta.url), 'utf8'));
      expect(committed, name).toEqual(schema);
    }
  });

  it('the packet schema requires documents by reference', () => {
    const schema = jsonSchemas()['docket.packets.v1.schema.json'] as { required: string[]; properties: Record<string, { items?: { required?: string[] } }> };
    expect(schema.required).toEqual(expect.arrayContaining(['packetId', 'tenantId', 'submittedAt', 'documents']));
    // Applicants are optional: without them the borrower is whoever the documents name.
    expect(schema.required).not.toContain('applicants');
    expect(schema.properties.documents!.items!.required).toEqual(['documentId', 'uri', 'mediaType', 'sha256', 'filename']);
  });
});
