import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const SPEC_PATH = fileURLToPath(new URL('../../../../../openapi.yaml', import.meta.url));

export type OpenApiDoc = {
  info: { title: string; version: string; description?: string };
  tags?: { name: string; description?: string }[];
  paths: Record<string, Record<string, OperationObject | unknown>>;
  components?: { schemas?: Record<string, unknown>; parameters?: Record<string, unknown> };
};

export interface OperationObject {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: unknown[];
  requestBody?: { content?: Record<string, { schema?: unknown }> };
  responses?: Record<string, unknown>;
  [ext: `x-${string}`]: unknown;
}

let cached: OpenApiDoc | undefined;

/** The contract, parsed once. Callers that mutate (the validator does) must clone it. */
export function loadSpec(): OpenApiDoc {
  cached ??= parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDoc;
  return cached;
}

export const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function operations(doc: OpenApiDoc): { method: string; path: string; op: OperationObject }[] {
  const out: { method: string; path: string; op: OperationObject }[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const op = item[method] as OperationObject | undefined;
      if (op) out.push({ method, path, op });
    }
  }
  return out;
}
