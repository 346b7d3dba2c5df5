/** Patterns of well-known API key formats, replaced wherever they appear in a message. */
const KEY_PATTERNS: RegExp[] = [
  /sk-ant-[A-Za-z0-9_-]{8,}/g,
  /sk-[A-Za-z0-9_-]{8,}/g,
  /AIza[0-9A-Za-z_-]{20,}/g,
  /gsk_[A-Za-z0-9]{8,}/g,
  /Bearer\s+[A-Za-z0-9._~+/-]{8,}=*/g,
];

/**
 * Removes secrets from text that may reach a message, a log line or a stack:
 * the given secrets verbatim, and anything shaped like a known provider key.
 */
export function redact(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = redactKnownSecrets(text, secrets);
  for (const pattern of KEY_PATTERNS) out = out.replace(pattern, '[redacted]');
  return out;
}

/**
 * Removes only the given secrets, verbatim: for text that may legitimately hold key-shaped strings (a model's
 * answer), where only the configured key itself must not show.
 */
export function redactKnownSecrets(text: string, secrets: ReadonlyArray<string | undefined> = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4 && out.includes(secret)) out = out.split(secret).join('[redacted]');
  }
  return out;
}
