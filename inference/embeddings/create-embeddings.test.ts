import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { createEmbeddings } from './create-embeddings.js';
import { LEXICAL_MODEL } from './lexical-embeddings.js';
import { onnxModelPresent } from './onnx-embeddings.js';

const modelPresent = await onnxModelPresent();

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('createEmbeddings', () => {
  it('auto without a fetched model falls back to lexical, and says so with the command that fetches it', async () => {
    const { lines, logger } = capture();
    const provider = await createEmbeddings({ kind: 'auto', modelDir: '/nonexistent/model' }, logger);
    expect(provider.model).toBe(LEXICAL_MODEL);
    expect(lines.find((l) => l.level === 40)).toMatchObject({ msg: 'embedding model not fetched: using the lexical fallback', fetch: expect.stringContaining('fetch-model.mjs') });
    expect(lines.find((l) => l.msg === 'embeddings ready')).toMatchObject({ kind: 'auto', model: LEXICAL_MODEL, dimension: 384 });
  });

  it.skipIf(!modelPresent)('auto with the fetched model runs it', async () => {
    const provider = await createEmbeddings({ kind: 'auto' }, createLogger('silent'));
    expect(provider.model).toBe('bge-small-en-v1.5-q');
    await provider.close();
  });

  it('onnx without the model and openai without a URL are errors, never a silent fallback', async () => {
    await expect(createEmbeddings({ kind: 'onnx', modelDir: '/nonexistent/model' }, createLogger('silent'))).rejects.toMatchObject({ code: 'DOCKET_ERR_MODEL' });
    await expect(createEmbeddings({ kind: 'openai', model: 'm' }, createLogger('silent'))).rejects.toThrow(/DOCKET_EMBEDDINGS_URL/);
  });
});
