import { ApiError } from '@google/genai';
import { describe, expect, it } from 'vitest';
import { googleRetryDelayMs, parseGoogleErrorBody, toGoogleProviderError } from './google-error.js';

const ctx = { provider: 'google', model: 'gemini-2.5-flash', apiKey: 'secret-key-123', signal: undefined };

describe('parseGoogleErrorBody', () => {
  it('reads an HTTP error message (JSON.stringify of the body)', () => {
    const body = { error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } };
    expect(parseGoogleErrorBody(JSON.stringify(body))).toEqual(body.error);
  });

  it('reads a stream error chunk message ("got status: X. {json}")', () => {
    const message = 'got status: UNAVAILABLE. {"error":{"code":503,"message":"overloaded","status":"UNAVAILABLE"}}';
    expect(parseGoogleErrorBody(message)).toEqual({ code: 503, message: 'overloaded', status: 'UNAVAILABLE' });
  });

  it('gives undefined for anything else', () => {
    expect(parseGoogleErrorBody('plain text')).toBeUndefined();
    expect(parseGoogleErrorBody('{not json')).toBeUndefined();
    expect(parseGoogleErrorBody('{"other":1}')).toBeUndefined();
  });
});

describe('googleRetryDelayMs', () => {
  const retry = (retryDelay: unknown) => ({
    details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay }],
  });

  it('reads RetryInfo durations in seconds, fractions included', () => {
    expect(googleRetryDelayMs(retry('12s'))).toBe(12000);
    expect(googleRetryDelayMs(retry('0.25s'))).toBe(250);
    expect(googleRetryDelayMs(retry('37.123456789s'))).toBe(37123);
  });

  it('ignores other detail types and unparseable values', () => {
    expect(googleRetryDelayMs(undefined)).toBeUndefined();
    expect(
      googleRetryDelayMs({ details: [{ '@type': 'type.googleapis.com/google.rpc.Help', retryDelay: '5s' }] }),
    ).toBe(undefined);
    expect(googleRetryDelayMs(retry('soon'))).toBeUndefined();
    expect(googleRetryDelayMs(retry(5))).toBeUndefined();
  });
});

describe('toGoogleProviderError', () => {
  it('maps an ApiError by status and redacts the key', () => {
    const error = new ApiError({
      status: 403,
      message: JSON.stringify({
        error: { code: 403, message: 'key secret-key-123 denied', status: 'PERMISSION_DENIED' },
      }),
    });
    const mapped = toGoogleProviderError(error, ctx);
    expect(mapped).toMatchObject({ kind: 'http', status: 403, retryable: false, code: 'PERMISSION_DENIED' });
    expect(mapped.message).not.toContain('secret-key-123');
    expect(mapped.cause).toBe(error);
  });

  it('maps undici socket failures to connection, retryable', () => {
    const error = new TypeError('fetch failed', {
      cause: Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }),
    });
    expect(toGoogleProviderError(error, ctx)).toMatchObject({ kind: 'connection', retryable: true });
    const bare = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(toGoogleProviderError(bare, ctx)).toMatchObject({ kind: 'connection', retryable: true });
  });

  it('tells the caller abort from the SDK timeout', () => {
    const abortError = new DOMException('This operation was aborted', 'AbortError');
    expect(toGoogleProviderError(abortError, ctx)).toMatchObject({ kind: 'timeout', retryable: true });
    const controller = new AbortController();
    controller.abort();
    expect(toGoogleProviderError(abortError, { ...ctx, signal: controller.signal })).toMatchObject({
      kind: 'aborted',
      retryable: false,
    });
  });

  it('maps anything else to unknown, not retryable', () => {
    expect(toGoogleProviderError(new Error('partialArgs parameter is only supported…'), ctx)).toMatchObject({
      kind: 'unknown',
      retryable: false,
    });
  });
});
