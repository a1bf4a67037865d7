import { describe, expect, it } from 'vitest';
import type { Line } from '../../core/page.js';
import { buildExtractionPrompt, extractFieldsWithLlm, locate, type ExtractionInput } from './extract-fields.js';
import { LlmOutputError } from './llm-errors.js';
import { imagePart } from './llm-provider.js';
import { summarizeLlmCalls } from './llm-usage.js';
import { createScriptedLlmProvider } from './scripted-llm-provider.js';

const line = (text: string, y: number): Line => ({ text, bbox: { x: 0.1, y, w: 0.5, h: 0.02 }, confidence: 1, words: [] });

const input: ExtractionInput = {
  documentType: 'w2',
  title: 'IRS Form W-2',
  fields: [
    { name: 'employer_name', kind: 'text' },
    { name: 'wages', kind: 'money', description: 'box 1, wages, tips, other compensation' },
  ],
  pages: [
    {
      pageNumber: 1,
      text: 'Form W-2 Wage and Tax Statement\nEmployer name: Acme Widgets Inc\n1 Wages, tips, other compensation 52,300.00',
      lines: [line('Form W-2 Wage and Tax Statement', 0.05), line('Employer name: Acme Widgets Inc', 0.1), line('1 Wages, tips, other compensation 52,300.00', 0.2)],
      image: imagePart(new Uint8Array([1, 2, 3]), 'image/png'),
    },
  ],
};

describe('buildExtractionPrompt', () => {
  it('asks for the named fields over the page text, with one schema entry per field', () => {
    const { messages, schema, schemaName } = buildExtractionPrompt(input, { includeImages: false });
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    const user = messages[1]!.content as string;
    expect(user).toContain('IRS Form W-2');
    expect(user).toContain('- employer_name: text as written on the page');
    expect(user).toContain('- wages: box 1, wages, tips, other compensation');
    expect(user).toContain('--- page 1 ---\nForm W-2');
    expect(schemaName).toBe('extract_w2');
    expect(schema.safeParse({ employer_name: { value: null, evidence: null, page: null }, wages: { value: '1', evidence: '1', page: 1 } }).success).toBe(true);
    expect(schema.safeParse({ wages: { value: '1', evidence: '1', page: 1 } }).success).toBe(false);
  });

  it('attaches page images only when asked, and cuts long pages', () => {
    const long = { ...input, maxCharsPerPage: 10 };
    const { messages } = buildExtractionPrompt(long, { includeImages: true });
    const parts = messages[1]!.content;
    expect(Array.isArray(parts)).toBe(true);
    expect((parts as { type: string }[]).map((p) => p.type)).toEqual(['text', 'text', 'image']);
    expect(JSON.stringify(parts)).toContain('Form W-2 W\\n[page text cut]');
  });
});

describe('extractFieldsWithLlm', () => {
  it('returns each field with its evidence checked against the page, its box, and the call’s cost', async () => {
    const provider = createScriptedLlmProvider([
      JSON.stringify({
        employer_name: { value: 'Acme Widgets Inc', evidence: 'Employer name: Acme Widgets Inc', page: 2 },
        wages: { value: '99,999.00', evidence: 'Wages 99,999.00', page: 1 },
      }),
    ]);
    const { fields, call } = await extractFieldsWithLlm(provider, input, { maxTokens: 128 });
    expect(fields[0]).toEqual({
      name: 'employer_name',
      value: 'Acme Widgets Inc',
      evidence: 'Employer name: Acme Widgets Inc',
      page: 1, // the model said 2; the evidence is on page 1
      grounded: true,
      bbox: { x: 0.1, y: 0.1, w: 0.5, h: 0.02 },
      source: 'llm',
    });
    expect(fields[1]).toMatchObject({ name: 'wages', value: '99,999.00', grounded: false });
    expect(fields[1]!.bbox).toBeUndefined();
    expect(call).toMatchObject({ provider: 'openai', model: 'scripted', purpose: 'extract-fields', documentType: 'w2', promptTokens: 10, completionTokens: 5, cached: false });
    // A text-only provider gets no images.
    expect(typeof provider.requests[0]!.messages[1]!.content).toBe('string');
    expect(provider.requests[0]!.jsonSchema).toMatchObject({ type: 'object', required: ['employer_name', 'wages'] });
  });

  it('sends images to a provider that reads them', async () => {
    const provider = createScriptedLlmProvider(
      [JSON.stringify({ employer_name: { value: null, evidence: null, page: null }, wages: { value: null, evidence: null, page: null } })],
      { supportsImages: true },
    );
    const { fields } = await extractFieldsWithLlm(provider, input, { maxTokens: 64 });
    expect(fields.map((f) => f.value)).toEqual([null, null]);
    const content = provider.requests[0]!.messages[1]!.content;
    expect(Array.isArray(content) && content.some((p) => p.type === 'image' && p.url.startsWith('data:image/png;base64,'))).toBe(true);
  });

  it('throws LlmOutputError when the answer does not fit the schema', async () => {
    const provider = createScriptedLlmProvider([JSON.stringify({ employer_name: 'Acme' })]);
    await expect(extractFieldsWithLlm(provider, input, { maxTokens: 64 })).rejects.toBeInstanceOf(LlmOutputError);
  });
});

describe('locate and summarizeLlmCalls', () => {
  it('finds a value spread over two lines', () => {
    const lines = [line('Employer name:', 0.1), line('Acme Widgets', 0.12), line('Inc', 0.3)];
    const box = locate(lines, 'name: Acme')!;
    expect(box).toMatchObject({ x: 0.1, y: 0.1, w: 0.5 });
    expect(box.h).toBeCloseTo(0.04, 9);
    expect(locate(lines, 'nowhere')).toBeUndefined();
  });

  it('sums tokens and seconds and counts cache hits', () => {
    const base = { provider: 'llama', model: 'm', purpose: 'extract-fields' };
    expect(
      summarizeLlmCalls([
        { ...base, promptTokens: 100, completionTokens: 20, seconds: 1.5, cached: false },
        { ...base, promptTokens: 0, completionTokens: 0, seconds: 0.001, cached: true },
      ]),
    ).toEqual({ calls: 2, cachedCalls: 1, promptTokens: 100, completionTokens: 20, totalTokens: 120, seconds: 1.501 });
  });
});
