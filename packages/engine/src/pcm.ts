/**
 * Whether this host stores numbers little-endian, as the wire's Int16 PCM is: typed-array views
 * read in host order, so a big-endian host must take a byte-by-byte path.
 */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * One over the full scale of 16-bit PCM (32768): a sample times it lies in -1..1. A power of two,
 * so the product is exactly the quotient, and a multiply is cheaper than a divide.
 */
const INT16_SCALE = 1 / 32768;

/**
 * Converts Int16 PCM windows to floats in -1..1 in one buffer kept between windows, grown to the
 * longest window seen, so analysing a window allocates nothing (a shorter window gets a view).
 */
export class FloatConverter {
  private floats = new Float32Array(0);

  /** The window as floats; the array is overwritten by the next call. */
  toFloats(window: Int16Array): Float32Array {
    const length = window.length;
    if (this.floats.length < length) this.floats = new Float32Array(length);
    const floats = this.floats.length === length ? this.floats : this.floats.subarray(0, length);
    for (let i = 0; i < length; i++) floats[i] = window[i]! * INT16_SCALE;
    return floats;
  }

  /** Drop the buffer (the session ended). */
  release(): void {
    this.floats = new Float32Array(0);
  }
}

/** A float converter for one session (the public entry's name for `new FloatConverter`). */
export function createFloatConverter(): FloatConverter {
  return new FloatConverter();
}
