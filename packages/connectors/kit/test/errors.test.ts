import { describe, expect, it } from 'vitest';
import { ConnectorError, classifyHttpStatus, connectorErrorFromStatus, vendorMessageFromBody } from '../src/index.ts';

describe('classifyHttpStatus', () => {
  it.each([
    [undefined, 'network', true],
    [408, 'timeout', true],
    [429, 'rate_limited', true],
    [500, 'vendor_unavailable', true],
    [502, 'vendor_unavailable', true],
    [503, 'vendor_unavailable', true],
    [400, 'invalid_request', false],
    [401, 'unauthorized', false],
    [403, 'forbidden', false],
    [404, 'not_found', false],
    [409, 'conflict', false],
    [422, 'invalid_request', false],
    [200, 'invalid_response', false],
  ] as const)('%s -> %s (retryable %s)', (status, code, retryable) => {
    expect(classifyHttpStatus(status)).toEqual({ code, retryable });
  });
});

describe('ConnectorError', () => {
  it('defaults retryable from the code and keeps vendor detail', () => {
    const e = connectorErrorFromStatus({ connector: 'vapi', status: 503, message: 'down', vendorCode: 'x' });
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ name: 'ConnectorError', connector: 'vapi', code: 'vendor_unavailable', retryable: true, status: 503, vendorCode: 'x' });
    expect(new ConnectorError({ connector: 'a', code: 'not_found', message: 'm' }).retryable).toBe(false);
    expect(new ConnectorError({ connector: 'a', code: 'timeout', message: 'm' }).retryable).toBe(true);
    expect(new ConnectorError({ connector: 'a', code: 'timeout', message: 'm', retryable: false }).retryable).toBe(false);
  });

  it('serialises without the cause chain', () => {
    const e = new ConnectorError({ connector: 'a', code: 'network', message: 'm', cause: new Error('secret-bearing cause') });
    expect(JSON.stringify(e)).not.toContain('secret-bearing');
    expect(JSON.parse(JSON.stringify(e))).toMatchObject({ code: 'network', retryable: true });
  });
});

describe('vendorMessageFromBody', () => {
  it('reads the error shapes vendors use', () => {
    expect(vendorMessageFromBody({ message: 'Invalid Key' })).toBe('Invalid Key');
    expect(vendorMessageFromBody({ message: ['name must be shorter', 'bad url'] })).toBe('name must be shorter; bad url');
    expect(vendorMessageFromBody({ error: { message: 'Incorrect API key', code: 'invalid_api_key' } })).toBe('Incorrect API key');
    expect(vendorMessageFromBody({ detail: { status: 'voice_not_found', message: 'No voice' } })).toBe('No voice');
    expect(vendorMessageFromBody({ detail: 'Not Found' })).toBe('Not Found');
    expect(vendorMessageFromBody({ unrelated: 1 })).toBeUndefined();
    expect(vendorMessageFromBody(null)).toBeUndefined();
  });
});
