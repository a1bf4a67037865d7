#!/usr/bin/env node
// The `docket` command: registers tsx so the TypeScript sources run as they are, then hands over to the CLI.
// `eval`, `synth` and `train` belong to evals/ (nothing in worker/ may import evals), so they route there.
import { register } from 'tsx/esm/api';

register();
const command = process.argv[2];
await import(['eval', 'synth', 'train'].includes(command) ? '../evals/cli.ts' : '../worker/cli.ts');
