import { access } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { completeJson } from './complete-json.js';
import { createCompletionCache, withCompletionCache } from './completion-cache.js';
import { extractFieldsWithLlm } from './extract-fields.js';
import { createLlamaProvider, SMOLLM2_MODEL_PATH } from './llama-provider.js';
import { LlmTimeoutError, LlmUnsupportedInputError } from './llm-errors.js';
import { imagePart, type LlmProvider } from './llm-provider.js';

// node-llama-cpp with the real SmolLM2-135M-Instruct GGUF (fetched by `node inference/llm/fetch-model.mjs`), on CPU.
// The model is far too small to be accurate: these tests prove the plumbing and schema-constrained decoding.
// One thread: on a small shared machine more threads measured far slower.

const W2_PAGE = [
  'Form W-2 Wage and Tax Statement 2024',
  "c Employer's name, address, and ZIP code: Acme Widgets Inc, 12 Main St, Springfield",
  '1 Wages, tips, other compensation: 52,300.00',
  '2 Federal income tax withheld: 6,100.00',
].join('\n');

let llama: LlmProvider;

beforeAll(async () => {
  await access(SMOLLM2_MODEL_PATH).catch(() => {
    throw new Error(`${SMOLLM2_MODEL_PATH} is missing: run node inference/llm/fetch-model.mjs`);
  });
  llama = await createLlamaProvider({ modelPath: SMOLLM2_MODEL_PATH, gpu: 'off', threads: 1, contextSize: 2048, sequences: 2 });
});
afterAll(() => llama?.close());

describe('llama provider with SmolLM2-135M (real GGUF)', () => {
  it('writes JSON that the zod schema accepts, with token usage, again on a repeat at temperature 0', async () => {
    const schema = z.object({ employer: z.string().max(60).nullable(), wages: z.number().nullable(), tax_year: z.number().int().nullable() });
    const request = {
      messages: [
        { role: 'system' as const, content: 'Extract the fields of the W-2 as JSON.' },
        { role: 'user' as const, content: W2_PAGE },
      ],
      maxTokens: 96,
    };
    const first = await completeJson(llama, schema, request);
    expect(schema.safeParse(first.value).success).toBe(true);
    expect(Object.keys(first.value).sort()).toEqual(['employer', 'tax_year', 'wages']);
    expect(first.result).toMatchObject({ provider: 'llama', model: 'smollm2-135m-instruct-q4_1', finishReason: 'stop' });
    expect(first.result.usage.promptTokens).toBeGreaterThan(20);
    expect(first.result.usage.completionTokens).toBeGreaterThan(5);
    expect(first.result.firstTokenMs).toBeGreaterThan(0);
    // A repeat is valid again. Byte-identical text is not asserted: llama.cpp's greedy decoding reused the first
    // call's cached prompt on the second and its text differed in one CI run (floating point in a different batch).
    const second = await completeJson(llama, schema, request);
    expect(Object.keys(second.value).sort()).toEqual(['employer', 'tax_year', 'wages']);
    expect(second.result.finishReason).toBe('stop');
  });

  it('extracts fields with evidence through the extraction prompt, and answers a repeat from the cache for free', async () => {
    const cached = withCompletionCache(llama, createCompletionCache());
    const input = {
      documentType: 'w2',
      title: 'IRS Form W-2',
      fields: [
        { name: 'employer_name', kind: 'text' as const },
        { name: 'wages', kind: 'money' as const },
      ],
      pages: [{ pageNumber: 1, text: W2_PAGE }],
    };
    const first = await extractFieldsWithLlm(cached, input, { maxTokens: 160 });
    expect(first.fields.map((f) => f.name)).toEqual(['employer_name', 'wages']);
    for (const f of first.fields) {
      expect(f.source).toBe('llm');
      if (f.value === null) expect(f.grounded).toBe(false);
    }
    expect(first.call).toMatchObject({ provider: 'llama', purpose: 'extract-fields', documentType: 'w2', cached: false });
    expect(first.call.promptTokens + first.call.completionTokens).toBeGreaterThan(0);

    const again = await extractFieldsWithLlm(cached, input, { maxTokens: 160 });
    expect(again.fields).toEqual(first.fields);
    expect(again.call).toMatchObject({ cached: true, promptTokens: 0, completionTokens: 0 });
  });

  it('runs two requests at once on two sequences', async () => {
    const schema = z.object({ answer: z.enum(['yes', 'no']) });
    const ask = (q: string) => completeJson(llama, schema, { messages: [{ role: 'user', content: q }], maxTokens: 16 });
    const [a, b] = await Promise.all([ask('Is a W-2 a tax form?'), ask('Is a bank statement a tax form?')]);
    expect(['yes', 'no']).toContain(a.value.answer);
    expect(['yes', 'no']).toContain(b.value.answer);
  });

  it('refuses images, prompts past the context, and stops at the timeout', async () => {
    const image = imagePart(new Uint8Array([1, 2, 3]), 'image/png');
    await expect(llama.complete({ messages: [{ role: 'user', content: [{ type: 'text', text: 'read' }, image] }], maxTokens: 4 })).rejects.toBeInstanceOf(
      LlmUnsupportedInputError,
    );
    await expect(llama.complete({ messages: [{ role: 'user', content: 'word '.repeat(3000) }], maxTokens: 4 })).rejects.toThrow(/does not fit/);
    const err = await llama.complete({ messages: [{ role: 'user', content: 'Count to one hundred.' }], maxTokens: 200, timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmTimeoutError);
    // The sequence went back to the pool: the provider still answers.
    const ok = await llama.complete({ messages: [{ role: 'user', content: 'Say hi.' }], maxTokens: 4 });
    expect(ok.usage.completionTokens).toBeGreaterThan(0);
  });
});
