import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingsError } from './embeddings-provider.js';
import { createOpenAiEmbeddings } from './openai-embeddings.js';

/** A local stand-in for an OpenAI-compatible server: each test sets how it answers. */
describe('OpenAI-compatible embeddings', () => {
  let server: Server;
  let url: string;
  let handler: (body: Record<string, unknown>, req: IncomingMessage, res: ServerResponse) => void;
  const requests: { body: Record<string, unknown>; auth?: string; path?: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const body = JSON.parse(data || '{}') as Record<string, unknown>;
        requests.push({ body, auth: req.headers.authorization, path: req.url });
        handler(body, req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  /** Vectors [len(text), 1, 0]: easy to check, returned in reverse order with their indexes. */
  const answerWithLengths = (body: Record<string, unknown>, _req: IncomingMessage, res: ServerResponse) => {
    const input = body.input as string[];
    json(res, 200, { data: input.map((t, index) => ({ index, embedding: [t.length, 1, 0] })).reverse(), model: body.model });
  };

  it('posts to /embeddings with the key, learns the dimension by a probe, orders by index and normalizes', async () => {
    handler = answerWithLengths;
    requests.length = 0;
    const provider = await createOpenAiEmbeddings({ url, apiKey: 'sk-test', model: 'text-embedding-test', batchSize: 2 });
    expect(provider).toMatchObject({ model: 'text-embedding-test', dimension: 3 });
    const vectors = await provider.embed(['a', 'bbb', 'cc']);
    expect(vectors.map((v) => Array.from(v).map((x) => Number(x.toFixed(4))))).toEqual([
      [0.7071, 0.7071, 0],
      [0.9487, 0.3162, 0],
      [0.8944, 0.4472, 0],
    ]);
    // One probe, then two batches of at most 2.
    expect(requests.map((r) => (r.body.input as string[]).length)).toEqual([1, 2, 1]);
    expect(requests[1]).toMatchObject({ auth: 'Bearer sk-test', path: '/v1/embeddings', body: { model: 'text-embedding-test', encoding_format: 'float' } });
    expect(requests[1]!.body).not.toHaveProperty('dimensions');
  });

  it('sends a configured dimension and checks the answer against it', async () => {
    handler = answerWithLengths;
    requests.length = 0;
    const provider = await createOpenAiEmbeddings({ url: `${url}/embeddings`, model: 'm', dimension: 3 });
    expect(requests).toHaveLength(0); // no probe needed
    await provider.embed(['x']);
    expect(requests[0]).toMatchObject({ body: { dimensions: 3 } });
    expect(requests[0]!.auth).toBeUndefined();
    const wrong = await createOpenAiEmbeddings({ url, model: 'm', dimension: 4 });
    await expect(wrong.embed(['x'])).rejects.toThrow(/3 dimensions, expected 4/);
  });

  it.each([
    [503, true],
    [429, true],
    [400, false],
    [401, false],
  ])('HTTP %i is an EmbeddingsError, retryable: %s', async (status, retryable) => {
    handler = (_b, _r, res) => json(res, status, { error: { message: 'nope' } });
    const error = await createOpenAiEmbeddings({ url, model: 'm', dimension: 3 })
      .then((p) => p.embed(['x']))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingsError);
    expect(error).toMatchObject({ code: 'DOCKET_ERR_EMBEDDINGS', status, retryable });
  });

  it('times out (retryable) and refuses malformed answers (not retryable)', async () => {
    handler = () => undefined; // never answers
    const slow = await createOpenAiEmbeddings({ url, model: 'm', dimension: 3, timeoutMs: 200 });
    await expect(slow.embed(['x'])).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('200 ms') });
    handler = (_b, _r, res) => json(res, 200, { data: [{ index: 0, embedding: 'AAAA' }] });
    await expect(createOpenAiEmbeddings({ url, model: 'm', dimension: 3 }).then((p) => p.embed(['x']))).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('malformed'),
    });
    handler = (_b, _r, res) => json(res, 200, { data: [] });
    await expect(createOpenAiEmbeddings({ url, model: 'm', dimension: 3 }).then((p) => p.embed(['x']))).rejects.toThrow(/0 vectors for 1 texts/);
  });

  it('reports an unreachable endpoint as retryable', async () => {
    const error = await createOpenAiEmbeddings({ url: 'http://127.0.0.1:9/v1', model: 'm', dimension: 3 })
      .then((p) => p.embed(['x']))
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DOCKET_ERR_EMBEDDINGS', retryable: true });
  });
});
