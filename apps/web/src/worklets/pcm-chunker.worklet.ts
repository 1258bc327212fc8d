// Runs in the AudioWorkletGlobalScope: turns microphone render quanta into 100 ms Int16 frames for the API.
// Loaded with `?worker&url` so Vite bundles it (and PcmChunker) into one module in dev and build alike.
import { PcmChunker } from '../lib/pcm-chunker';

// The worklet scope's globals are not in lib.dom; declare the few this file touches.
declare const sampleRate: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: new () => AudioWorkletProcessor): void;

/** Message posted to the main thread for every 100 ms chunk. */
export interface PcmChunkMessage {
  /** 3200 bytes: 1600 Int16 samples at 16 kHz, host byte order (little-endian on every browser platform). */
  pcm: ArrayBuffer;
  /** RMS of the chunk, 0..1 of full scale. */
  rms: number;
}

class PcmChunkerProcessor extends AudioWorkletProcessor {
  private readonly chunker = new PcmChunker({
    inputRate: sampleRate,
    onChunk: (pcm, rms) => {
      const message: PcmChunkMessage = { pcm: pcm.buffer as ArrayBuffer, rms };
      this.port.postMessage(message, [message.pcm]);
    },
  });

  process(inputs: Float32Array[][]): boolean {
    // First channel of the first input; a silent/disconnected input yields no channels for that quantum.
    const channel = inputs[0]?.[0];
    if (channel) this.chunker.push(channel);
    return true;
  }
}

registerProcessor('pcm-chunker', PcmChunkerProcessor);
