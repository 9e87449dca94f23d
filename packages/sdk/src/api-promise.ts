export interface WithResponse<T> {
  data: T;
  /** The HTTP response, for headers such as `Idempotent-Replayed`, `X-Request-Id` or `RateLimit-Remaining`. */
  response: Response;
}

/**
 * What every single-object call returns: await it for the parsed body, or call `withResponse()` for the
 * body and the HTTP response. The request is already on its way when the method returns.
 */
export class ApiPromise<T> implements Promise<T> {
  readonly #raw: Promise<WithResponse<T>>;

  constructor(raw: Promise<WithResponse<T>>) {
    this.#raw = raw;
  }

  withResponse(): Promise<WithResponse<T>> {
    return this.#raw;
  }

  then<A = T, B = never>(onfulfilled?: ((value: T) => A | PromiseLike<A>) | null, onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B> {
    return this.#raw.then((r) => r.data).then(onfulfilled, onrejected);
  }

  catch<B = never>(onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T | B> {
    return this.then(undefined, onrejected);
  }

  finally(onfinally?: (() => void) | null): Promise<T> {
    return this.then().finally(onfinally);
  }

  readonly [Symbol.toStringTag] = 'ApiPromise';
}

/** Adapts a generated sdk call (with `throwOnError: true`) to an ApiPromise. */
export function call<T>(result: Promise<{ data: T; response: Response }>): ApiPromise<T> {
  return new ApiPromise(result.then(({ data, response }) => ({ data, response })));
}

/** For 204 endpoints: the generated client hands back `{}`, the honest value is nothing. */
export function callVoid(result: Promise<{ response: Response }>): ApiPromise<void> {
  return new ApiPromise(result.then(({ response }) => ({ data: undefined, response })));
}
