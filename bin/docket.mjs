#!/usr/bin/env node
// The `docket` command: registers tsx so the TypeScript sources run as they are, then hands over to the CLI.
// `eval` and `synth` belong to evals/ (nothing in worker/ may import evals), so they route there.
import { register } from 'tsx/esm/api';

register();
const command = process.argv[2];
await import(command === 'eval' || command === 'synth' ? '../evals/cli.ts' : '../worker/cli.ts');
