import { ref } from 'vue';
import { DEVICE_KEY_HEADER } from '@linnet/shared';
import { appDeviceKey } from '../../lib/device-key';
import { EXPORT_TEXT } from '../../lib/text-live';

/** Formats the export endpoint offers; `md` is the readable transcript, `json` every event. */
export type ExportFormat = 'md' | 'json' | 'vtt';

/** What happened to the last export: shared, downloaded, or a plain reason it could not be done. */
export type ExportOutcome = 'shared' | 'downloaded' | 'cancelled' | 'gone' | 'refused' | 'offline';

export interface UseSessionExportOptions {
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Only `share` and `canShare` are used. @default globalThis.navigator */
  navigator?: Pick<Navigator, 'share' | 'canShare'>;
  /** Used to build and click the download link. @default globalThis.document */
  document?: Document;
  /** @default globalThis.URL */
  url?: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'>;
  /** Prefix for the API path; empty means same origin. @default '' */
  baseUrl?: string;
  /** Which export route: a live session's, or a kept conversation's (`/sessions/:id/export`). @default 'session' */
  source?: 'session' | 'kept';
  /** This device's key, sent as `X-Linnet-Device` (a kept conversation is readable only with it). @default the remembered key */
  deviceKey?: () => string;
}

const EXTENSION_BY_TYPE: [RegExp, string][] = [
  [/markdown/i, 'md'],
  [/json/i, 'json'],
  [/vtt/i, 'vtt'],
  [/text\/plain/i, 'txt'],
];

/**
 * Fetches `GET /session/:id/export` and hands the file to the Web Share API where it can share files, else downloads
 * it. The file is named after what the server actually sent: until Markdown export lands, `?format=md` answers JSON.
 * @see https://w3c.github.io/web-share/#canshare-method
 */
export function useSessionExport({
  fetch: fetchImpl = (...args) => globalThis.fetch(...args),
  navigator = globalThis.navigator,
  document = globalThis.document,
  url = globalThis.URL,
  baseUrl = '',
  source = 'session',
  deviceKey = appDeviceKey,
}: UseSessionExportOptions = {}) {
  const route = source === 'kept' ? '/sessions' : '/session';
  const stem = source === 'kept' ? 'linnet-conversation' : 'linnet-session';
  /** An export is in flight. */
  const busy = ref(false);
  /** Plain words about the last export, null before any. */
  const message = ref<string | null>(null);
  /** Share sheets exist here; without them every export is a download. */
  const isShareSupported = typeof navigator?.share === 'function' && typeof navigator.canShare === 'function';

  /** Exports session `id` in `format`, and says what happened. */
  async function exportSession(id: string, format: ExportFormat): Promise<ExportOutcome> {
    busy.value = true;
    message.value = EXPORT_TEXT.busy;
    const outcome = await run(id, format);
    busy.value = false;
    message.value = outcome === 'cancelled' ? null : EXPORT_TEXT[outcome];
    return outcome;
  }

  async function run(id: string, format: ExportFormat): Promise<ExportOutcome> {
    let response: Response;
    try {
      response = await fetchImpl(`${baseUrl}${route}/${encodeURIComponent(id)}/export?format=${format}`, { headers: { [DEVICE_KEY_HEADER]: deviceKey() } });
    } catch {
      return 'offline';
    }
    if (response.status === 404) return 'gone';
    if (!response.ok) return 'refused';
    const type = response.headers.get('content-type') ?? 'application/octet-stream';
    const extension = EXTENSION_BY_TYPE.find(([pattern]) => pattern.test(type))?.[1] ?? format;
    const blob = await response.blob();
    const file = new File([blob], `${stem}-${id}.${extension}`, { type: type.split(';')[0] });
    return deliver(file);
  }

  /** Hands a file to the share sheet where it can take files, else downloads it (used for client-built exports too). */
  async function deliver(file: File): Promise<ExportOutcome> {
    if (isShareSupported && navigator.canShare({ files: [file] })) {
      try {
        await navigator.share({ files: [file], title: 'Linnet session' });
        return 'shared';
      } catch (error) {
        // AbortError: the reader closed the share sheet, which is a choice, not a failure. Anything else (e.g. a
        // NotAllowedError when the activation expired during the fetch) falls back to a download.
        if (error instanceof Error && error.name === 'AbortError') return 'cancelled';
      }
    }
    download(file);
    return 'downloaded';
  }

  function download(file: File): void {
    const href = url.createObjectURL(file);
    const link = document.createElement('a');
    link.href = href;
    link.download = file.name;
    link.rel = 'noopener';
    document.body.append(link);
    link.click();
    link.remove();
    // Revoke on a later task: some browsers start reading the blob only after click() returns.
    setTimeout(() => url.revokeObjectURL(href), 0);
  }

  return { busy, message, isShareSupported, exportSession, deliver };
}
export type UseSessionExportReturn = ReturnType<typeof useSessionExport>;
