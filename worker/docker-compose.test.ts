import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { EnvSchema, loadConfig } from '../platform/config.js';

// No Docker engine runs on our machines, so docker-compose.yml is kept honest by reading it.
const compose = parse(readFileSync(new URL('../docker-compose.yml', import.meta.url), 'utf8'));
const lib = readFileSync(new URL('../scripts/lib.sh', import.meta.url), 'utf8');
const defaultPort = (name: string) => Number(new RegExp(`\\$\\{${name}:-(\\d+)\\}`).exec(lib)?.[1]);

describe('docker-compose.yml', () => {
  it('has the services Docket runs on, with pinned images', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['kafka', 'minio', 'postgres', 'temporal', 'temporal-ui', 'worker']);
    for (const [name, svc] of Object.entries<{ image?: string; build?: string }>(compose.services)) {
      if (name === 'worker') expect(svc.build).toBe('.');
      else expect(svc.image, name).toMatch(/^[\w./-]+:(?!latest$)[\w.-]+$/);
    }
    expect(compose.services.postgres.image).toContain('pgvector');
  });

  it('publishes the same loopback ports as scripts/services.sh', () => {
    const host = (svc: string) => (compose.services[svc].ports as string[]).map((p) => Number(p.split(':')[1]));
    expect(host('postgres')).toContain(defaultPort('DOCKET_PG_PORT'));
    expect(host('kafka')).toContain(defaultPort('DOCKET_KAFKA_PORT'));
    expect(host('temporal')).toContain(defaultPort('DOCKET_TEMPORAL_PORT'));
    expect(host('temporal-ui')).toContain(defaultPort('DOCKET_TEMPORAL_UI_PORT'));
    expect(host('minio')).toContain(defaultPort('DOCKET_MINIO_PORT'));
    for (const svc of Object.values<{ ports?: string[] }>(compose.services)) {
      for (const p of svc.ports ?? []) expect(p.startsWith('127.0.0.1:'), p).toBe(true);
    }
  });

  it("the worker's env names exist in the config schema and validate", () => {
    const env: Record<string, string> = compose.services.worker.environment;
    const known = Object.keys(EnvSchema.shape);
    for (const name of Object.keys(env)) expect(known, name).toContain(name);
    const config = loadConfig(Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])));
    expect(config.kafka.topics).toEqual({ packets: 'docket.packets.v1', decisions: 'docket.decisions.v1', dlq: 'docket.packets.dlq.v1' });
  });
});
