import type { operations } from '../../generated/api.ts';

/** The JSON request body the spec declares for an operation. */
export type BodyOf<Op extends keyof operations> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } }
    ? B
    : never;

/** The query parameters the spec declares for an operation. */
export type QueryOf<Op extends keyof operations> = operations[Op] extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** The 2xx JSON body the spec declares, used to type what handlers send. */
export type ResponseOf<Op extends keyof operations, Status extends number> = operations[Op] extends {
  responses: { [K in Status]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;
