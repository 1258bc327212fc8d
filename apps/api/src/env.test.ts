import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MIN_CONFIDENCE } from '@linnet/engine';
import { parseEnv } from './env.js';

describe('parseEnv', () => {
  it('fills every default from an empty environment', () => {
    const env = parseEnv({});
    expect({ ...env, webDistDir: undefined }).toEqual({
      port: 8522,
      host: '127.0.0.1',
      sessionIdleTtlS: 90,
      sseHeartbeatS: 15,
      maxSessions: 100,
      sseReplayBuffer: 500,
      minConfidence: DEFAULT_MIN_CONFIDENCE,
      toneEngine: 'prosody',
      cfVoiceUrl: undefined,
      sidecarTimeoutMs: 5000,
      whisper: { url: undefined, api: 'whispercpp', model: 'whisper-1', timeoutMs: 10_000 },
      engineWorkers: Math.max(1, availableParallelism() - 1),
      transcriber: 'auto',
      maxTranscribers: 4,
      recogniserNice: 10,
      webDistDir: undefined,
      logLevel: 'info',
      db: 'data/linnet.db',
      retentionDays: 30,
      tls: undefined,
      maxSessionsPerClient: 10,
      maxSubscribersPerSession: 8,
      maxSubscribersPerClient: 16,
      maxConnectionsPerClient: 64,
      maxConnections: 1000,
      sessionMaxLifetimeS: 14_400,
      httpHeadersTimeoutS: 10,
      httpRequestTimeoutS: 30,
      httpKeepAliveTimeoutS: 5,
      trustProxy: [],
      allowedOrigins: [],
      store: { kind: 'memory' },
    });
    expect(env.webDistDir).toMatch(/apps\/web\/dist$/);
  });

  it('listens on every interface by default only when serving TLS', () => {
    const pem = fileURLToPath(import.meta.url);
    expect(parseEnv({ LINNET_TLS_CERT: pem, LINNET_TLS_KEY: pem }).host).toBe('0.0.0.0');
    expect(parseEnv({ LINNET_HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('reads TRUST_PROXY and ALLOWED_ORIGINS as comma-separated lists, origins normalised', () => {
    const env = parseEnv({ TRUST_PROXY: 'loopback, 10.0.0.2', ALLOWED_ORIGINS: 'http://localhost:8521, HTTPS://Linnet.Example.org/' });
    expect(env.trustProxy).toEqual(['loopback', '10.0.0.2']);
    expect(env.allowedOrigins).toEqual(['http://localhost:8521', 'https://linnet.example.org']);
  });

  it.each([
    ['TRUST_PROXY', 'everyone'],
    ['TRUST_PROXY', '10.0.0.2,'],
    ['ALLOWED_ORIGINS', 'https://example.org/app'],
    ['ALLOWED_ORIGINS', 'ftp://example.org'],
    ['MAX_SESSIONS_PER_CLIENT', '0'],
    ['HTTP_HEADERS_TIMEOUT_S', '40'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(name);
  });

  it('reads numbers from strings and treats empty values as unset', () => {
    const env = parseEnv({ LINNET_PORT: '9000', SESSION_IDLE_TTL_S: '5', MIN_CONFIDENCE: '0.3', SSE_HEARTBEAT_S: '' });
    expect([env.port, env.sessionIdleTtlS, env.minConfidence, env.sseHeartbeatS]).toEqual([9000, 5, 0.3, 15]);
  });

  it.each([
    ['LINNET_PORT', 'eighty'],
    ['LINNET_PORT', '70000'],
    ['LINNET_HOST', 'example.org'],
    ['SESSION_IDLE_TTL_S', '0'],
    ['SSE_HEARTBEAT_S', '1.5'],
    ['MAX_SESSIONS', '-1'],
    ['SSE_REPLAY_BUFFER', 'lots'],
    ['MIN_CONFIDENCE', '1.5'],
    ['TONE_ENGINE', 'magic'],
    ['CF_VOICE_URL', 'not a url'],
    ['SIDECAR_TIMEOUT_MS', '0'],
    ['WHISPER_URL', 'ftp://whisper.local'],
    ['WHISPER_API', 'vosk'],
    ['WHISPER_TIMEOUT_MS', '0'],
    ['ENGINE_WORKERS', '0'],
    ['ENGINE_WORKERS', '2.5'],
    ['ENGINE_WORKERS', 'all'],
    ['ENGINE_WORKERS', '65'],
    ['LOG_LEVEL', 'chatty'],
    ['TRANSCRIBER', 'google'],
    ['MAX_TRANSCRIBERS', '-1'],
    ['LINNET_TLS_CERT', '/nonexistent/cert.pem'],
    ['RETENTION_DAYS', '0'],
    ['RETENTION_DAYS', 'forever'],
    ['STORE', 'postgres'],
    ['REDIS_URL', 'http://127.0.0.1:6379'],
  ])('rejects %s=%s with a message naming the variable', (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^Invalid environment: ${name}: `));
  });

  it('reads ENGINE_WORKERS as the number of engine worker threads', () => {
    expect(parseEnv({ ENGINE_WORKERS: '3' }).engineWorkers).toBe(3);
    expect(parseEnv({ ENGINE_WORKERS: '' }).engineWorkers).toBe(Math.max(1, availableParallelism() - 1));
  });

  it('requires WHISPER_URL when TRANSCRIBER=whisper', () => {
    expect(() => parseEnv({ TRANSCRIBER: 'whisper' })).toThrow('Invalid environment: WHISPER_URL: is required when TRANSCRIBER=whisper');
    expect(parseEnv({ TRANSCRIBER: 'whisper', WHISPER_URL: 'http://127.0.0.1:8080' }).whisper.url).toBe('http://127.0.0.1:8080');
  });

  it('requires CF_VOICE_URL when TONE_ENGINE=sidecar', () => {
    expect(() => parseEnv({ TONE_ENGINE: 'sidecar' })).toThrow(
      'Invalid environment: CF_VOICE_URL: is required when TONE_ENGINE=sidecar',
    );
    expect(parseEnv({ TONE_ENGINE: 'sidecar', CF_VOICE_URL: 'http://127.0.0.1:9/' }).cfVoiceUrl).toBe('http://127.0.0.1:9/');
  });

  it('reads the whisper server’s URL, protocol, model and timeout', () => {
    const env = parseEnv({ WHISPER_URL: 'http://127.0.0.1:8080', WHISPER_API: 'openai', WHISPER_MODEL: 'Systran/faster-whisper-small', WHISPER_TIMEOUT_MS: '4000' });
    expect(env.whisper).toEqual({ url: 'http://127.0.0.1:8080', api: 'openai', model: 'Systran/faster-whisper-small', timeoutMs: 4000 });
  });

  it('needs both LINNET_TLS_CERT and LINNET_TLS_KEY to serve HTTPS', () => {
    const existing = fileURLToPath(import.meta.url);
    expect(() => parseEnv({ LINNET_TLS_CERT: existing })).toThrow(
      'Invalid environment: LINNET_TLS_KEY: is required when the other of LINNET_TLS_CERT / LINNET_TLS_KEY is set',
    );
    expect(parseEnv({ LINNET_TLS_CERT: existing, LINNET_TLS_KEY: existing }).tls).toEqual({ certPath: existing, keyPath: existing });
  });

  it('requires REDIS_URL when STORE=redis, and reads both', () => {
    expect(() => parseEnv({ STORE: 'redis' })).toThrow('Invalid environment: REDIS_URL: is required when STORE=redis');
    expect(parseEnv({ STORE: 'redis', REDIS_URL: 'redis://127.0.0.1:6379/0' }).store).toEqual({ kind: 'redis', url: 'redis://127.0.0.1:6379/0' });
    // A REDIS_URL alone changes nothing: the embedded store stays the default.
    expect(parseEnv({ REDIS_URL: 'redis://127.0.0.1:6379' }).store).toEqual({ kind: 'memory' });
  });
});
