/**
 * Whether this host stores numbers little-endian, as the wire's Int16 PCM is: typed-array views
 * read in host order, so a big-endian host must take a byte-by-byte path.
 */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Full scale of 16-bit PCM: a sample divided by it lies in -1..1. */
const INT16_FULL_SCALE = 32768;

/**
 * Converts Int16 PCM windows to floats in -1..1 in one buffer kept between windows (they are all
 * the same length), so analysing a window allocates nothing.
 */
export function createFloatConverter() {
  let floats = new Float32Array(0);
  return {
    /** The window as floats; the array is overwritten by the next call. */
    toFloats(window: Int16Array): Float32Array {
      if (floats.length !== window.length) floats = new Float32Array(window.length);
      for (let i = 0; i < window.length; i++) floats[i] = window[i]! / INT16_FULL_SCALE;
      return floats;
    },
    /** Drop the buffer (the session ended). */
    release(): void {
      floats = new Float32Array(0);
    },
  };
}
