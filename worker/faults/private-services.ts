import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readFile, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

/**
 * A private Kafka broker and a private PostgreSQL, started from the binaries scripts/provision.sh installed (the same
 * ones scripts/services.sh runs), in a temp dir on free ports, for the fault tests that stop and restart them: the
 * shared services other tests use are never touched. Settings mirror scripts/services.sh.
 */

const execFileAsync = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const KAFKA_HOME = path.join(ROOT, '.cache/kafka');
const PG_BIN = '/usr/lib/postgresql/15/bin';
const IS_ROOT = process.getuid?.() === 0;

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(what: string, timeoutMs: number, check: () => Promise<boolean>, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (!alive()) throw new Error(`${what} exited during startup`);
    if (Date.now() > deadline) throw new Error(`${what} not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** PostgreSQL refuses to run as root: as root, its binaries run as the `postgres` user (as scripts/lib.sh does). */
async function asPgUser(file: string, args: string[]): Promise<string> {
  const [cmd, argv] = IS_ROOT ? ['runuser', ['-u', 'postgres', '--', file, ...args]] : [file, args];
  try {
    const { stdout } = await execFileAsync(cmd, argv, { encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${path.basename(file)} ${args[0]} failed: ${e.message}\n${e.stderr ?? ''}`);
  }
}

export class PrivatePostgres {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
  ) {}

  /** postgres:// URL of the `postgres` database (the fault test owns the whole server). */
  get url(): string {
    return `postgres://docket@127.0.0.1:${this.port}/postgres`;
  }

  /** initdb into `dir`/pg (trust auth, no fsync: a throwaway cluster) and start it. */
  static async create(dir: string): Promise<PrivatePostgres> {
    const dataDir = path.join(dir, 'pg');
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    if (IS_ROOT) {
      const { stdout } = await execFileAsync('id', ['-u', 'postgres'], { encoding: 'utf8' });
      const { stdout: gid } = await execFileAsync('id', ['-g', 'postgres'], { encoding: 'utf8' });
      await chown(dir, Number(stdout.trim()), Number(gid.trim()));
      await chown(dataDir, Number(stdout.trim()), Number(gid.trim()));
    }
    await asPgUser(path.join(PG_BIN, 'initdb'), ['-D', dataDir, '-U', 'docket', '-A', 'trust', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
    const pg = new PrivatePostgres(dataDir, await freePort());
    // fsync off (the OS does not crash here), but synchronous_commit stays on as in production: these tests stop
    // the server with `-m immediate`, and with it off a commit the worker was told about could be lost.
    const conf = [`listen_addresses = '127.0.0.1'`, `port = ${pg.port}`, `unix_socket_directories = ''`, 'fsync = off', 'full_page_writes = off', ''];
    const confFile = path.join(dataDir, 'postgresql.conf');
    await writeFile(confFile, `${await readFile(confFile, 'utf8')}\n${conf.join('\n')}`);
    await pg.start();
    return pg;
  }

  async start(): Promise<void> {
    await asPgUser(path.join(PG_BIN, 'pg_ctl'), ['start', '-w', '-t', '60', '-D', this.dataDir, '-l', path.join(this.dataDir, 'server.log')]);
  }

  /** `immediate` is a crash as far as clients are concerned: connections drop at once, no checkpoint. */
  async stop(mode: 'fast' | 'immediate' = 'immediate'): Promise<void> {
    await asPgUser(path.join(PG_BIN, 'pg_ctl'), ['stop', '-w', '-t', '60', '-m', mode, '-D', this.dataDir]);
  }

  async close(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
  }
}

export class PrivateKafka {
  private process?: ChildProcess;
  private constructor(
    readonly dir: string,
    readonly port: number,
    private readonly props: string,
    private readonly log4j: string,
  ) {}

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** A single-node KRaft broker+controller (as scripts/services.sh writes it) in `dir`/kafka, formatted and started. */
  static async create(dir: string): Promise<PrivateKafka> {
    const home = path.join(dir, 'kafka');
    await mkdir(home, { recursive: true });
    const [port, controller] = [await freePort(), await freePort()];
    const props = path.join(home, 'server.properties');
    const log4j = path.join(home, 'log4j.properties');
    await writeFile(
      props,
      [
        'process.roles=broker,controller',
        'node.id=1',
        `controller.quorum.voters=1@127.0.0.1:${controller}`,
        `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
        `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
        'controller.listener.names=CONTROLLER',
        'inter.broker.listener.name=PLAINTEXT',
        'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
        `log.dirs=${path.join(home, 'data')}`,
        'num.partitions=1',
        'auto.create.topics.enable=false',
        'offsets.topic.replication.factor=1',
        'offsets.topic.num.partitions=1',
        'transaction.state.log.replication.factor=1',
        'transaction.state.log.min.isr=1',
        'transaction.state.log.num.partitions=1',
        'group.initial.rebalance.delay.ms=0',
        '',
      ].join('\n'),
    );
    await writeFile(
      log4j,
      ['log4j.rootLogger=INFO, stdout', 'log4j.appender.stdout=org.apache.log4j.ConsoleAppender', 'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
        'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n', 'log4j.logger.state.change.logger=WARN', 'log4j.logger.kafka.coordinator.group=WARN',
        'log4j.logger.org.apache.kafka.coordinator.group=WARN', 'log4j.logger.org.apache.kafka.clients=WARN', ''].join('\n'),
    );
    // Cluster ids are 16 random bytes in unpadded base64url, not starting with '-'.
    let clusterId = '-';
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    await execFileAsync('java', ['-Xmx256m', `-Dlog4j.configuration=file:${log4j}`, '-cp', `${KAFKA_HOME}/libs/*`, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', props]);
    const kafka = new PrivateKafka(home, port, props, log4j);
    await kafka.start();
    return kafka;
  }

  /** Starts the broker on its existing data and waits until it logged that it started and its port accepts connections. */
  async start(): Promise<void> {
    let log = '';
    const child = spawn(
      'java',
      ['-Xms128m', '-Xmx512m', '-XX:+UseG1GC', '-XX:MaxGCPauseMillis=20', '-XX:+ExitOnOutOfMemoryError', '-Djava.awt.headless=true',
        `-Dlog4j.configuration=file:${this.log4j}`, '-cp', `${KAFKA_HOME}/libs/*`, 'kafka.Kafka', this.props],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.process = child;
    const keep = (b: Buffer) => (log = (log + b.toString()).slice(-20_000));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const alive = () => child.exitCode === null && child.signalCode === null;
    await waitFor('private kafka', 120_000, async () => log.includes('Kafka Server started') && (await portOpen(this.port)), alive).catch((err: Error) => {
      throw new Error(`${err.message}\n${log.slice(-4000)}`);
    });
    child.stdout!.removeAllListeners('data');
    child.stdout!.resume();
  }

  /** SIGTERM (controlled shutdown) and wait for the JVM to exit; SIGKILL after 60 s. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    await exited;
    clearTimeout(timer);
  }

  async close(): Promise<void> {
    await this.stop();
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
