/** Per-API-key usage of `docket inference serve`, in memory since the server started (each request is also logged). */

export interface KeyUsage {
  requests: number;
  errors: number;
  chatCompletions: number;
  promptTokens: number;
  completionTokens: number;
  /** Texts embedded and their characters (the embeddings provider does not count tokens). */
  embeddingInputs: number;
  embeddingCharacters: number;
  /** Seconds spent answering this key. */
  seconds: number;
}

export type UsageEntry =
  | { kind: 'chat'; promptTokens: number; completionTokens: number; seconds: number }
  | { kind: 'embeddings'; inputs: number; characters: number; seconds: number }
  | { kind: 'error'; seconds: number }
  | { kind: 'other'; seconds: number };

const empty = (): KeyUsage => ({
  requests: 0,
  errors: 0,
  chatCompletions: 0,
  promptTokens: 0,
  completionTokens: 0,
  embeddingInputs: 0,
  embeddingCharacters: 0,
  seconds: 0,
});

export class UsageLedger {
  private readonly byKey = new Map<string, KeyUsage>();

  record(keyId: string, entry: UsageEntry): void {
    const usage = this.byKey.get(keyId) ?? empty();
    usage.requests++;
    usage.seconds += entry.seconds;
    if (entry.kind === 'chat') {
      usage.chatCompletions++;
      usage.promptTokens += entry.promptTokens;
      usage.completionTokens += entry.completionTokens;
    } else if (entry.kind === 'embeddings') {
      usage.embeddingInputs += entry.inputs;
      usage.embeddingCharacters += entry.characters;
    } else if (entry.kind === 'error') {
      usage.errors++;
    }
    this.byKey.set(keyId, usage);
  }

  get(keyId: string): KeyUsage {
    return { ...(this.byKey.get(keyId) ?? empty()) };
  }

  all(): Record<string, KeyUsage> {
    return Object.fromEntries([...this.byKey].map(([k, v]) => [k, { ...v }]));
  }
}
