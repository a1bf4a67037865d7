/**
 * LLM numbers (not pass/fail): SmolLM2-135M-Instruct on node-llama-cpp (CPU), free and schema-constrained decoding,
 * and the round trip through `docket inference serve` compared with the same call in process.
 *
 *   node inference/llm/fetch-model.mjs && npx tsx bench/llm.bench.ts [threads=1] [repeats=5]
 *
 * Prompt speed is the prompt's tokens over the time to the first generated token; generation speed is the generated
 * tokens after the first over the time after it. Round trips use maxTokens 1 and a fixed prompt, so after the first
 * call the KV cache holds the prompt and the difference is HTTP + JSON + auth.
 */
import os from 'node:os';
import { Writable } from 'node:stream';
import { z } from 'zod';
import { createLogger } from '../platform/logger.js';
import { ApiKeyStore, generateApiKey } from '../inference/serve/api-keys.js';
import { buildInferenceServer, listenInferenceServer } from '../inference/serve/inference-server.js';
import { zodToJsonSchema } from '../inference/llm/json-schema.js';
import { createLlamaProvider, SMOLLM2_MODEL_PATH } from '../inference/llm/llama-provider.js';
import type { CompletionRequest, CompletionResult } from '../inference/llm/llm-provider.js';
import { createOpenAiProvider } from '../inference/llm/openai-provider.js';

const threads = Number(process.argv[2] ?? 1);
const repeats = Number(process.argv[3] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const out = (label: string, value: string) => process.stdout.write(`${label.padEnd(44)} ${value}\n`);

const page = [
  'Form W-2 Wage and Tax Statement 2024',
  "c Employer's name, address, and ZIP code: Acme Widgets Inc, 12 Main St, Springfield",
  '1 Wages, tips, other compensation: 52,300.00',
  '2 Federal income tax withheld: 6,100.00',
].join('\n');

function speeds(r: CompletionResult) {
  const first = r.firstTokenMs ?? r.ms;
  return {
    promptTps: r.usage.promptTokens / (first / 1000),
    genTps: (r.usage.completionTokens - 1) / ((r.ms - first) / 1000),
  };
}

out('machine', `${os.cpus().length} cpus (${os.cpus()[0]?.model ?? '?'}), load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}, threads ${threads}`);
let t = performance.now();
const llama = await createLlamaProvider({ modelPath: SMOLLM2_MODEL_PATH, gpu: 'off', threads, contextSize: 2048 });
out('load (binary + model + context)', `${((performance.now() - t) / 1000).toFixed(2)} s`);

// Free decoding: each repeat a different prompt so nothing is reused from the KV cache.
const free: CompletionResult[] = [];
for (let i = 0; i < repeats; i++) {
  free.push(await llama.complete({ messages: [{ role: 'user', content: `Write a short note (${i}) about mortgage documents.\n${page}` }], maxTokens: 64 }));
}
out('free decoding, first token (median)', `${median(free.map((r) => r.firstTokenMs ?? 0)).toFixed(0)} ms for ~${free[0]!.usage.promptTokens} prompt tokens`);
out('free decoding, prompt tokens/s (median)', median(free.map((r) => speeds(r).promptTps)).toFixed(1));
out('free decoding, generated tokens/s (median)', median(free.map((r) => speeds(r).genTps)).toFixed(1));

const schema = zodToJsonSchema(z.object({ employer: z.string().max(60).nullable(), wages: z.string().max(20).nullable(), year: z.number().int().nullable() }));
const constrained: CompletionResult[] = [];
for (let i = 0; i < repeats; i++) {
  constrained.push(
    await llama.complete({ messages: [{ role: 'system', content: `Extract the W-2 fields as JSON (${i}).` }, { role: 'user', content: page }], jsonSchema: schema, maxTokens: 96 }),
  );
}
out('JSON-schema decoding, first token (median)', `${median(constrained.map((r) => r.firstTokenMs ?? 0)).toFixed(0)} ms`);
out('JSON-schema decoding, generated tokens/s', median(constrained.map((r) => speeds(r).genTps)).toFixed(1));
out('JSON-schema decoding, call (median)', `${median(constrained.map((r) => r.ms)).toFixed(0)} ms, ${median(constrained.map((r) => r.usage.completionTokens))} tokens`);

const key = generateApiKey('bench');
const quiet = new Writable({ write: (_c, _e, done) => done() });
const server = buildInferenceServer({ llm: llama, keys: new ApiKeyStore([key.record]), logger: createLogger('silent', quiet) });
const baseUrl = await listenInferenceServer(server);
const remote = createOpenAiProvider({ baseUrl, apiKey: key.key, model: llama.model });
const tiny: CompletionRequest = { messages: [{ role: 'user', content: 'Say yes.' }], maxTokens: 1 };
await llama.complete(tiny); // warm the KV cache with this prompt
const direct: number[] = [];
const viaServer: number[] = [];
for (let i = 0; i < repeats * 2; i++) {
  t = performance.now();
  await llama.complete(tiny);
  direct.push(performance.now() - t);
  t = performance.now();
  await remote.complete(tiny);
  viaServer.push(performance.now() - t);
}
out('1-token call in process (median)', `${median(direct).toFixed(1)} ms`);
out('1-token call via inference serve (median)', `${median(viaServer).toFixed(1)} ms (HTTP overhead ${(median(viaServer) - median(direct)).toFixed(1)} ms)`);
t = performance.now();
const viaJson = await remote.complete({ messages: [{ role: 'system', content: 'Extract the W-2 fields as JSON (serve).' }, { role: 'user', content: page }], jsonSchema: schema, maxTokens: 96 });
out('JSON-schema extraction via inference serve', `${(performance.now() - t).toFixed(0)} ms, ${viaJson.usage.promptTokens}+${viaJson.usage.completionTokens} tokens`);

await server.app.close();
await llama.close();
