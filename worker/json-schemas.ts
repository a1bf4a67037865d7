import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DECISIONS_V1, DecisionEventV1, PACKETS_V1, PacketEventV1 } from '../core/events.js';

/** JSON Schema (draft 2020-12) of each event contract, as integrators receive them in schemas/. */
export function jsonSchemas(): Record<string, unknown> {
  return {
    [`${PACKETS_V1}.schema.json`]: z.toJSONSchema(PacketEventV1, { io: 'input' }),
    [`${DECISIONS_V1}.schema.json`]: z.toJSONSchema(DecisionEventV1),
  };
}

export async function writeJsonSchemas(dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const [name, schema] of Object.entries(jsonSchemas())) {
    const file = path.join(dir, name);
    await writeFile(file, `${JSON.stringify(schema, null, 2)}\n`);
    written.push(file);
  }
  return written;
}
