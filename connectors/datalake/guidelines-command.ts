import path from 'node:path';
import type { S3ClientConfig } from '@aws-sdk/client-s3';
import type { Command } from 'commander';
import type { Logger } from '../../platform/logger.js';
import type { GuidelineEmbedder, GuidelinePassage, GuidelineStore, PdfOpener } from './guideline-store.js';
import { ingestGuidelines, type IngestResult } from './ingest-guidelines.js';
import { searchGuidelines } from './search-guidelines.js';

/** What one `docket guidelines` command needs, opened by the composition root (worker/cli.ts) from the config. */
export interface GuidelinesRuntime {
  logger: Logger;
  embeddings: GuidelineEmbedder;
  repo: GuidelineStore;
  openPdf: PdfOpener;
  s3?: S3ClientConfig;
  maxBytes?: number;
  maxPages?: number;
  /** Closes the database and the embeddings provider. */
  close(): Promise<void>;
}

export interface GuidelinesCommandDeps {
  open(): Promise<GuidelinesRuntime>;
  /** Where results are printed (default process.stdout). */
  out?: NodeJS.WritableStream;
}

export const DEFAULT_GUIDELINES_TENANT = 'default';

/**
 * Adds `docket guidelines ingest <path|s3://bucket/prefix>` and `docket guidelines search <query>` to the CLI.
 * Ingest sets exit code 1 when a file failed (the others are still ingested).
 */
export function registerGuidelinesCommand(program: Command, deps: GuidelinesCommandDeps): Command {
  const out = deps.out ?? process.stdout;
  const guidelines = program
    .command('guidelines')
    .description("the lender's guidelines for RAG: ingest PDF/Markdown/HTML from a folder or S3 bucket, search them");

  guidelines
    .command('ingest')
    .description('split guideline documents by headings, embed the chunks and store them (not the documents) per tenant')
    .argument('<source>', 'a folder, a file, or s3://bucket/prefix')
    .option('--tenant <id>', 'tenant the guidelines belong to', DEFAULT_GUIDELINES_TENANT)
    .option('--reembed', "re-embed every file, replacing the tenant's chunks of another embedding model")
    .option('--prune', 'forget stored guidelines under this source that no longer exist')
    .option('--json', 'print the result as JSON')
    .action(async (source: string, opts: { tenant: string; reembed?: boolean; prune?: boolean; json?: boolean }) => {
      const runtime = await deps.open();
      try {
        const result = await ingestGuidelines({
          source: /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? source : path.resolve(source),
          tenant: opts.tenant,
          embeddings: runtime.embeddings,
          repo: runtime.repo,
          openPdf: runtime.openPdf,
          logger: runtime.logger,
          s3: runtime.s3,
          maxBytes: runtime.maxBytes,
          maxPages: runtime.maxPages,
          reembed: opts.reembed,
          prune: opts.prune,
        });
        out.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : formatIngest(result));
        if (result.files.some((f) => f.status === 'failed')) process.exitCode = 1;
      } finally {
        await runtime.close();
      }
    });

  guidelines
    .command('search')
    .description("the tenant's guideline passages for a question, best first (full-text + vector, rank-fused)")
    .argument('<query...>', 'the question, e.g. "how old can a pay stub be"')
    .option('--tenant <id>', 'tenant whose guidelines to search', DEFAULT_GUIDELINES_TENANT)
    .option('--limit <n>', 'passages to return', (v) => Number.parseInt(v, 10), 5)
    .option('--json', 'print the passages as JSON')
    .action(async (words: string[], opts: { tenant: string; limit: number; json?: boolean }) => {
      const runtime = await deps.open();
      try {
        const passages = await searchGuidelines(words.join(' '), {
          tenant: opts.tenant,
          embeddings: runtime.embeddings,
          repo: runtime.repo,
          limit: opts.limit,
        });
        out.write(opts.json ? `${JSON.stringify(passages, null, 2)}\n` : formatPassages(passages));
      } finally {
        await runtime.close();
      }
    });
  return guidelines;
}

function formatIngest(r: IngestResult): string {
  const lines = r.files.map((f) => `${f.status.padEnd(9)} ${String(f.chunks).padStart(4)} chunks  ${f.uri}${f.error ? `  (${f.error.code}: ${f.error.message})` : ''}`);
  const count = (s: string) => r.files.filter((f) => f.status === s).length;
  const rate = r.chunks && r.ms ? `, ${((r.chunks * 1000) / r.ms).toFixed(1)} chunks/s` : '';
  lines.push(
    `tenant ${r.tenant}: ${r.chunks} chunks written from ${count('ingested')} files (${count('unchanged')} unchanged, ` +
      `${count('failed')} failed${count('removed') ? `, ${count('removed')} removed` : ''}) with ${r.model} (${r.dimension}) in ${(r.ms / 1000).toFixed(1)} s${rate}`,
  );
  return `${lines.join('\n')}\n`;
}

function formatPassages(passages: GuidelinePassage[]): string {
  if (!passages.length) return 'no guideline passages (nothing ingested for this tenant?)\n';
  return passages
    .map((p, i) => {
      const where = [p.title ?? path.basename(decodeURIComponent(p.sourceUri)), p.page ? `p. ${p.page}` : ''].filter(Boolean).join(', ');
      const excerpt = p.content.replace(/\s+/g, ' ');
      return `${i + 1}. ${p.sectionPath}  [${where}]  score ${p.score.toFixed(4)}\n   ${excerpt.length > 240 ? `${excerpt.slice(0, 237)}...` : excerpt}`;
    })
    .join('\n')
    .concat('\n');
}
