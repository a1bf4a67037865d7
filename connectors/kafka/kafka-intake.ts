import { Kafka, logLevel, type Admin, type Consumer, type KafkaConfig, type LogEntry, type Producer, type KafkaMessage } from 'kafkajs';
import type { Logger } from '../../platform/logger.js';
import { ErrorCodes } from '../../core/error-codes.js';
import { describeIssues, PacketEventV1, type DecisionEventV1 } from '../../core/events.js';
import { KafkaConnectorError } from '../../platform/errors.js';
import type { IntakeListener, StartPacket } from '../packet-starter.js';

/**
 * Kafka in and out. kafkajs is in maintenance upstream, so it stays behind this file: the rest of Docket sees
 * `KafkaIntake` and `DecisionPublisher`, and a swap to @confluentinc/kafka-javascript's KafkaJS-compatible API
 * touches only here.
 */
export interface KafkaOptions {
  brokers: string[];
  clientId: string;
  groupId: string;
  /** Consumer group session timeout (kafkajs default 30 s); heartbeats go every tenth of it. */
  sessionTimeoutMs?: number;
  topics: { packets: string; decisions: string; dlq: string };
  partitions: number;
  /** Transport retries (kafkajs backoff with jitter, capped). */
  retry?: KafkaConfig['retry'];
}

export class KafkaConnector {
  private readonly kafka: Kafka;
  private producer?: Producer;
  private consumer?: Consumer;
  /** Set while intake runs: what each (re)started consumer calls. */
  private intake?: Intake;
  private restartTimer?: NodeJS.Timeout;
  private readonly logger?: Logger;

  constructor(
    private readonly options: KafkaOptions,
    logger?: Logger,
  ) {
    this.logger = logger?.child({ component: 'kafka-intake' });
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      logLevel: logLevel.WARN,
      ...(logger ? { logCreator: pinoLogCreator(logger.child({ component: 'kafka' })) } : {}),
      retry: options.retry ?? { initialRetryTime: 300, maxRetryTime: 10_000, retries: 10 },
    });
  }

  /** Creates the packets, decisions and DLQ topics when missing. */
  async ensureTopics(): Promise<void> {
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      const existing = new Set(await admin.listTopics());
      const { packets, decisions, dlq } = this.options.topics;
      const missing = [packets, decisions, dlq].filter((t) => !existing.has(t));
      if (missing.length) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((topic) => ({ topic, numPartitions: this.options.partitions, replicationFactor: 1 })),
        });
      }
    } catch (err) {
      throw new KafkaConnectorError('cannot create topics', undefined, err);
    } finally {
      await admin.disconnect();
    }
  }

  private async getProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  /** Publishes a decision keyed by packet id (one partition per packet keeps its decisions in order). */
  async publish(decision: DecisionEventV1): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({
      topic: this.options.topics.decisions,
      acks: -1,
      messages: [
        {
          key: `${decision.tenantId}:${decision.packetId}`,
          value: JSON.stringify(decision),
          headers: { 'docket-schema': decision.schema, 'docket-reviewed': String(decision.reviewed) },
        },
      ],
    });
  }

  /**
   * Consumes packet events: each valid event starts one workflow; the offset is committed only after Temporal
   * accepted the start (or said it already exists), so a crash in between redelivers and the workflow id dedupes.
   * An invalid event goes to the DLQ with its reason in headers, and consumption goes on.
   */
  async startIntake(startPacket: StartPacket, listener: IntakeListener = () => undefined): Promise<void> {
    this.intake = { startPacket, listener };
    this.consumer = await this.runConsumer(this.intake);
  }

  private async runConsumer({ startPacket, listener }: Intake): Promise<Consumer> {
    const sessionTimeout = this.options.sessionTimeoutMs ?? 30_000;
    // eachMessage only starts a workflow (milliseconds), so heartbeats never wait on packet processing: a packet that
    // takes an hour does not make the broker think this member died and rebalance the group.
    const consumer = this.kafka.consumer({
      groupId: this.options.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout,
      heartbeatInterval: Math.max(500, Math.floor(sessionTimeout / 10)),
    });
    // Each join is a rebalance seen from this member: logged, so operators (and the fault tests) can count them.
    consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
      const partitions = Object.values(payload.memberAssignment).reduce((n, list) => n + list.length, 0);
      this.logger?.info({ groupId: payload.groupId, partitions, leader: payload.isLeader, ms: payload.duration }, 'kafka consumer joined its group');
    });
    // kafkajs restarts its consumer after retriable errors only. Some errors after a broker restart are not retriable
    // (an unknown member or a stale generation, kafkajs#1466) and would leave the worker alive with no consumer: those
    // get a new consumer here.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || !this.intake || this.consumer !== consumer) return;
      this.logger?.warn({ err: payload.error.message, name: payload.error.name }, 'kafka consumer stopped; starting a new one');
      this.scheduleRestart(this.options.retry?.initialRetryTime ?? 300);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({ topic: this.options.topics.packets, fromBeginning: true });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: this.options.partitions,
        eachMessage: async ({ topic, partition, message }) => {
          const parsed = parseEvent(message);
          if (parsed.ok) {
            const outcome = await startPacket(parsed.event, 'kafka');
            listener({
              type: outcome === 'started' ? 'packet.started' : 'packet.duplicate',
              intake: 'kafka',
              tenantId: parsed.event.tenantId,
              packetId: parsed.event.packetId,
            });
          } else {
            await this.sendToDlq(topic, partition, message, parsed.reason);
            listener({ type: 'packet.rejected', intake: 'kafka', code: ErrorCodes.INVALID_EVENT, reason: parsed.reason, where: `${topic}/${partition}/${message.offset}` });
          }
          await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
        },
      });
    } catch (err) {
      await consumer.disconnect().catch(() => undefined);
      throw err;
    }
    return consumer;
  }

  /** Replaces the stopped consumer after `delayMs`, backing off (capped) until one runs or intake is stopped. */
  private scheduleRestart(delayMs: number): void {
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => {
      const intake = this.intake;
      if (!intake) return;
      void (async () => {
        await this.consumer?.disconnect().catch(() => undefined);
        try {
          const consumer = await this.runConsumer(intake);
          if (this.intake !== intake) return void (await consumer.disconnect());
          this.consumer = consumer;
          this.logger?.info({ groupId: this.options.groupId }, 'kafka consumer restarted');
        } catch (err) {
          const next = Math.min(delayMs * 2, this.options.retry?.maxRetryTime ?? 10_000);
          this.logger?.warn({ err: err instanceof Error ? err.message : String(err), retryInMs: next }, 'kafka consumer restart failed');
          if (this.intake === intake) this.scheduleRestart(next);
        }
      })();
    }, delayMs);
  }

  private async sendToDlq(topic: string, partition: number, message: KafkaMessage, reason: string): Promise<void> {
    const producer = await this.getProducer();
    await producer.send({
      topic: this.options.topics.dlq,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            'docket-error-code': ErrorCodes.INVALID_EVENT,
            'docket-error': reason.slice(0, 2000),
            'docket-source-topic': topic,
            'docket-source-partition': String(partition),
            'docket-source-offset': message.offset,
          },
        },
      ],
    });
  }

  /** Leaves the consumer group (its partitions go to the other members); publishing decisions still works. */
  async stopIntake(): Promise<void> {
    this.intake = undefined;
    clearTimeout(this.restartTimer);
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  async stop(): Promise<void> {
    await this.stopIntake();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }
}

interface Intake {
  startPacket: StartPacket;
  listener: IntakeListener;
}

type Parsed = { ok: true; event: PacketEventV1 } | { ok: false; reason: string };

/** Validates one message; the reason never quotes field values (they may hold PII). */
export function parseEvent(message: Pick<KafkaMessage, 'value'>): Parsed {
  if (!message.value?.length) return { ok: false, reason: 'empty message' };
  let json: unknown;
  try {
    json = JSON.parse(message.value.toString('utf8'));
  } catch {
    return { ok: false, reason: 'value is not JSON' };
  }
  const result = PacketEventV1.safeParse(json);
  return result.success ? { ok: true, event: result.data } : { ok: false, reason: describeIssues(result.error).join('; ') };
}

/** Routes kafkajs's own logs (broker errors, rebalances) into our pino logger instead of stdout. */
function pinoLogCreator(logger: Logger) {
  return () =>
    ({ namespace, level, log }: LogEntry) => {
      const { message, timestamp: _timestamp, logger: _name, ...fields } = log;
      const method = level === logLevel.ERROR ? 'error' : level === logLevel.WARN ? 'warn' : level === logLevel.INFO ? 'info' : 'debug';
      logger[method]({ namespace, ...fields }, message);
    };
}
