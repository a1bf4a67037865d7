import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { isStrictCompatible, parseJsonAnswer, toGrammarSchema, validateAnswer, zodToJsonSchema } from './json-schema.js';
import { LlmOutputError, LlmUnsupportedInputError } from './llm-errors.js';

describe('zodToJsonSchema', () => {
  it('uses zod’s converter, drops $schema and closes every object', () => {
    const schema = zodToJsonSchema(z.object({ a: z.string().nullable(), b: z.array(z.object({ c: z.number().int() })) }));
    expect(schema.$schema).toBeUndefined();
    expect(schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['a', 'b'],
      properties: { a: { type: ['string', 'null'] }, b: { type: 'array', items: { type: 'object', additionalProperties: false, required: ['c'] } } },
    });
  });
});

describe('isStrictCompatible', () => {
  it('accepts closed objects with every property required, refuses optional ones', () => {
    expect(isStrictCompatible(zodToJsonSchema(z.object({ a: z.string().nullable(), b: z.object({ c: z.boolean() }) })))).toBe(true);
    expect(isStrictCompatible(zodToJsonSchema(z.object({ a: z.string().optional() })))).toBe(false);
    expect(isStrictCompatible({ type: 'object', properties: { a: { type: 'string' } }, required: ['a'] })).toBe(false);
  });
});

describe('toGrammarSchema', () => {
  it('keeps the shape, turns anyOf into oneOf and drops value-only keywords', () => {
    const json = zodToJsonSchema(
      z.object({
        id: z.string().regex(/^\d+$/).max(10),
        kind: z.enum(['a', 'b']),
        amount: z.union([z.number().min(0), z.string()]),
        day: z.string().date(),
      }),
    );
    expect(toGrammarSchema(json)).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: {
        id: { type: 'string', maxLength: 10 },
        kind: { enum: ['a', 'b'] },
        amount: { oneOf: [{ type: 'number' }, { type: 'string' }] },
        day: { type: 'string', format: 'date' },
      },
    });
  });

  it('refuses keywords that change the shape', () => {
    expect(() => toGrammarSchema({ type: 'object', properties: { a: { allOf: [{ type: 'string' }, { minLength: 2 }] } } })).toThrow(
      LlmUnsupportedInputError,
    );
    expect(() => toGrammarSchema({ not: { type: 'null' } })).toThrow(/keyword not/);
  });
});

describe('parseJsonAnswer and validateAnswer', () => {
  it('says when the answer was cut at maxTokens, and never quotes the text', () => {
    const err = (() => {
      try {
        parseJsonAnswer('llama', '{"ssn": "123-45', 'length');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LlmOutputError);
    expect((err as LlmOutputError).message).toMatch(/cut off at maxTokens/);
    expect((err as LlmOutputError).message).not.toContain('123-45');
    expect((err as LlmOutputError).code).toBe('DOCKET_ERR_LLM_OUTPUT');
    expect(() => parseJsonAnswer('llama', 'not json', 'stop')).toThrow(/not valid JSON/);
  });

  it('lists failing paths without values', () => {
    try {
      validateAnswer('openai', z.object({ ssn: z.string().regex(/^\d{3}-\d{2}-\d{4}$/), n: z.number() }), { ssn: '999', n: 'x' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LlmOutputError);
      expect((err as LlmOutputError).issues).toEqual(['ssn: invalid_format', 'n: invalid_type']);
      expect(JSON.stringify(err)).not.toContain('999');
    }
  });
});
