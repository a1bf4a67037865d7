import { createCanvas } from '@napi-rs/canvas';
import { describe, expect, it } from 'vitest';
import { extractFieldsWithLlm } from './extract-fields.js';
import { imagePart } from './llm-provider.js';
import { createOpenAiProvider } from './openai-provider.js';

// The multimodal path for real: page images as image_url parts to a vision-language model. No VLM ships in any
// registry package reachable here, so this runs only when DOCKET_TEST_VLM_URL points at an OpenAI-compatible server
// with one (vLLM, SGLang, llama.cpp server with a projector, Ollama): DOCKET_TEST_VLM_MODEL names the model,
// DOCKET_TEST_VLM_API_KEY is sent when set. Without it the request format is covered by openai-provider.test.ts only.

const url = process.env.DOCKET_TEST_VLM_URL;
const model = process.env.DOCKET_TEST_VLM_MODEL;
const apiKey = process.env.DOCKET_TEST_VLM_API_KEY;

function renderPage(lines: string[]): Uint8Array {
  const canvas = createCanvas(850, 400);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, 850, 400);
  ctx.fillStyle = '#000';
  ctx.font = '28px sans-serif';
  lines.forEach((line, i) => ctx.fillText(line, 40, 70 + i * 50));
  return canvas.toBuffer('image/png');
}

describe('openai provider with a real vision-language model', () => {
  it('reads fields from a page image alone', async (ctx) => {
    ctx.skip(!url || !model, 'DOCKET_TEST_VLM_URL and DOCKET_TEST_VLM_MODEL are not set: no VLM server to test against');
    const provider = createOpenAiProvider({ baseUrl: url!, model: model!, apiKey, supportsImages: true, timeoutMs: 120_000 });
    const png = renderPage(['Form W-2 Wage and Tax Statement 2024', 'Employer: Acme Widgets Inc', 'Wages, tips, other compensation: 52,300.00']);
    const { fields, call } = await extractFieldsWithLlm(
      provider,
      {
        documentType: 'w2',
        title: 'IRS Form W-2',
        fields: [
          { name: 'employer_name', kind: 'text' },
          { name: 'wages', kind: 'money' },
        ],
        // No text layer: the answer can only come from the image.
        pages: [{ pageNumber: 1, text: '(scanned page: no text layer, read the image)', image: imagePart(png, 'image/png') }],
        includeImages: true,
      },
      { maxTokens: 256 },
    );
    expect(fields.find((f) => f.name === 'employer_name')?.value?.toLowerCase()).toContain('acme');
    expect(fields.find((f) => f.name === 'wages')?.value?.replace(/[^0-9.]/g, '')).toBe('52300.00');
    expect(call.promptTokens).toBeGreaterThan(0);
  });
});
