import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import pg from 'pg';
import { loadConfig, type Config } from '../platform/config.js';
import { createTestSchema, requireEnv } from './test-services.js';

/**
 * Shared set-up for integration tests on the real services: a fresh PostgreSQL schema, unique topics, consumer
 * group and task queue per test file, so runs never see each other's data.
 */
export interface Harness {
  run: string;
  env: Record<string, string>;
  config: Config;
  kafka: Kafka;
  send(topic: string, messages: { key?: string; value: string }[]): Promise<void>;
  collect(topic: string): Promise<{ messages: KafkaMessage[]; stop(): Promise<void> }>;
  db: pg.Pool;
  close(): Promise<void>;
}

export async function createHarness(): Promise<Harness> {
  const run = randomUUID().replace(/-/g, '').slice(0, 10);
  const scoped = await createTestSchema(`it_${run}`);
  const env: Record<string, string> = {
    DOCKET_LOG_LEVEL: 'warn',
    DOCKET_DATABASE_URL: scoped,
    DOCKET_TEMPORAL_ADDRESS: requireEnv('DOCKET_TEMPORAL_ADDRESS'),
    DOCKET_KAFKA_BROKERS: requireEnv('DOCKET_KAFKA_BROKERS'),
    DOCKET_INTAKE: 'kafka',
    DOCKET_KAFKA_GROUP_ID: `it-${run}`,
    DOCKET_TOPIC_PACKETS: `it-${run}.packets`,
    DOCKET_TOPIC_DECISIONS: `it-${run}.decisions`,
    DOCKET_TOPIC_DLQ: `it-${run}.dlq`,
    DOCKET_TOPIC_PARTITIONS: '2',
    DOCKET_TASK_QUEUE: `it-${run}`,
    DOCKET_OCR_WORKERS: '2',
    DOCKET_S3_ENDPOINT: requireEnv('DOCKET_S3_ENDPOINT'),
    DOCKET_S3_ACCESS_KEY_ID: requireEnv('DOCKET_S3_ACCESS_KEY_ID'),
    DOCKET_S3_SECRET_ACCESS_KEY: requireEnv('DOCKET_S3_SECRET_ACCESS_KEY'),
  };
  const config = loadConfig(env, 2);
  const kafka = new Kafka({ clientId: `it-${run}`, brokers: config.kafka.brokers!, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  const consumers: Consumer[] = [];
  const db = new pg.Pool({ connectionString: scoped, max: 2 });
  return {
    run,
    env,
    config,
    kafka,
    db,
    async send(topic, messages) {
      await producer.send({ topic, messages });
    },
    async collect(topic) {
      const consumer = kafka.consumer({ groupId: `it-${run}-collect-${randomUUID()}` });
      consumers.push(consumer);
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      const messages: KafkaMessage[] = [];
      await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
      return { messages, stop: () => consumer.disconnect() };
    },
    async close() {
      await Promise.all(consumers.map((c) => c.disconnect()));
      await producer.disconnect();
      await db.end();
    },
  };
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
