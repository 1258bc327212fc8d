/**
 * A response body as UTF-8 text, or null as soon as it passes `limit` bytes: a runaway answer is
 * cut off while it streams instead of being held whole until the caller's timeout.
 */
export async function readBoundedText(response: Response, limit: number): Promise<string | null> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return Buffer.concat(chunks).toString('utf8');
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
}
