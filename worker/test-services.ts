/**
 * For integration tests: the addresses of the real services scripts/test.sh started (or the caller gave).
 * A missing one is a failure, never a skip.
 */
export function requireEnv(name: 'DOCKET_DATABASE_URL' | 'DOCKET_KAFKA_BROKERS' | 'DOCKET_TEMPORAL_ADDRESS'): string {
  // eslint-disable-next-line no-restricted-syntax -- test harness, not product config
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run integration tests through scripts/test.sh, which starts real services`);
  return value;
}
