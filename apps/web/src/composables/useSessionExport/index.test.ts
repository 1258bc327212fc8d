import { describe, expect, it } from 'vitest';
import { SESSION_ID } from '@linnet/shared/testing';
import { json, scriptedFetch } from '../../test/fakes';
import { useSessionExport } from '.';

const MARKDOWN = '# Linnet session\n\n00:01 [Tense] hello\n';

function markdown(): () => Response {
  return () => new Response(MARKDOWN, { status: 200, headers: { 'content-type': 'text/markdown; charset=utf-8' } });
}

/** A navigator whose share sheet takes files (or not), recording what it was handed. */
function fakeNavigator({ canShareFiles = true, shareError }: { canShareFiles?: boolean; shareError?: Error } = {}) {
  const shared: ShareData[] = [];
  const navigator = {
    canShare: (data?: ShareData) => canShareFiles && Boolean(data?.files?.length),
    share: async (data?: ShareData) => {
      if (shareError) throw shareError;
      shared.push(data ?? {});
    },
  };
  return { navigator, shared };
}

/** A document and URL pair that record the download links the composable clicks. */
function fakeDownloads() {
  const clicked: { download: string; href: string }[] = [];
  const objectUrls: Blob[] = [];
  const document = {
    createElement: () => {
      const link = { href: '', download: '', rel: '', click: () => clicked.push({ download: link.download, href: link.href }), remove: () => {} };
      return link;
    },
    body: { append: () => {} },
  } as unknown as Document;
  const url = {
    createObjectURL: (blob: Blob) => {
      objectUrls.push(blob);
      return `blob:linnet/${objectUrls.length}`;
    },
    revokeObjectURL: () => {},
  };
  return { document, url, clicked, objectUrls };
}

function domError(name: string): Error {
  const error = new Error(name);
  error.name = name;
  return error;
}

describe('useSessionExport', () => {
  it('shares the Markdown export as a file where the share sheet takes files', async () => {
    const { fetch, calls } = scriptedFetch(markdown());
    const { navigator, shared } = fakeNavigator();
    const downloads = fakeDownloads();
    const exporter = useSessionExport({ fetch, navigator, ...downloads });
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('shared');
    expect(calls).toEqual([{ url: `/session/${SESSION_ID}/export?format=md`, method: 'GET' }]);
    const file = shared[0]!.files![0]!;
    expect([file.name, file.type, await file.text()]).toEqual([`linnet-session-${SESSION_ID}.md`, 'text/markdown', MARKDOWN]);
    expect(downloads.clicked).toEqual([]);
    expect(exporter.message.value).toBe('Export shared.');
    expect(exporter.busy.value).toBe(false);
  });

  it("sends this device's key, which a kept conversation's export needs", async () => {
    const { fetch, calls, deviceKeys } = scriptedFetch(markdown());
    const exporter = useSessionExport({ fetch, navigator: fakeNavigator().navigator, ...fakeDownloads(), source: 'kept', deviceKey: () => 'k'.repeat(43) });
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('shared');
    expect(calls).toEqual([{ url: `/sessions/${SESSION_ID}/export?format=md`, method: 'GET' }]);
    expect(deviceKeys).toEqual(['k'.repeat(43)]);
  });

  it('downloads the file where files cannot be shared', async () => {
    const { fetch } = scriptedFetch(markdown());
    const { navigator, shared } = fakeNavigator({ canShareFiles: false });
    const downloads = fakeDownloads();
    const exporter = useSessionExport({ fetch, navigator, ...downloads });
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('downloaded');
    expect(shared).toEqual([]);
    expect(downloads.clicked).toEqual([{ download: `linnet-session-${SESSION_ID}.md`, href: 'blob:linnet/1' }]);
    expect(exporter.message.value).toBe('Export saved to your downloads.');
  });

  it('downloads where the browser has no Web Share API at all', async () => {
    const { fetch } = scriptedFetch(markdown());
    const downloads = fakeDownloads();
    const exporter = useSessionExport({ fetch, navigator: {} as Navigator, ...downloads });
    expect(exporter.isShareSupported).toBe(false);
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('downloaded');
    expect(downloads.clicked).toHaveLength(1);
  });

  it('names the file after what the server sent: a JSON answer to ?format=md is saved as .json', async () => {
    const { fetch } = scriptedFetch(json(200, { session_id: SESSION_ID, events: [] }));
    const downloads = fakeDownloads();
    const exporter = useSessionExport({ fetch, navigator: fakeNavigator({ canShareFiles: false }).navigator, ...downloads });
    await exporter.exportSession(SESSION_ID, 'md');
    expect(downloads.clicked[0]!.download).toBe(`linnet-session-${SESSION_ID}.json`);
    expect(downloads.objectUrls[0]!.type).toBe('application/json');
  });

  it('says plainly when the server refuses the format', async () => {
    const { fetch } = scriptedFetch(json(400, { detail: 'format must be json', code: 'invalid_request' }));
    const downloads = fakeDownloads();
    const exporter = useSessionExport({ fetch, navigator: fakeNavigator().navigator, ...downloads });
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('refused');
    expect(exporter.message.value).toBe('Linnet could not export this session. Please try again.');
    expect(downloads.clicked).toEqual([]);
  });

  it('says the session has closed when the server no longer knows it', async () => {
    const { fetch } = scriptedFetch(json(404, { detail: 'session not found', code: 'session_not_found' }));
    const exporter = useSessionExport({ fetch, navigator: fakeNavigator().navigator, ...fakeDownloads() });
    expect(await exporter.exportSession(SESSION_ID, 'json')).toBe('gone');
    expect(exporter.message.value).toBe('That session has closed, so it can no longer be exported. Export during the session next time.');
  });

  it('says the server cannot be reached when the request fails', async () => {
    const { fetch } = scriptedFetch(new TypeError('Failed to fetch'));
    const exporter = useSessionExport({ fetch, navigator: fakeNavigator().navigator, ...fakeDownloads() });
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('offline');
    expect(exporter.message.value).toBe("Can't reach Linnet's server. Check your connection and try again.");
  });

  it('treats a closed share sheet as a choice: no download, no message', async () => {
    const { fetch } = scriptedFetch(markdown());
    const downloads = fakeDownloads();
    const exporter = useSessionExport({ fetch, navigator: fakeNavigator({ shareError: domError('AbortError') }).navigator, ...downloads });
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('cancelled');
    expect(downloads.clicked).toEqual([]);
    expect(exporter.message.value).toBeNull();
  });

  it('falls back to a download when sharing is not allowed (the tap expired during the fetch)', async () => {
    const { fetch } = scriptedFetch(markdown());
    const downloads = fakeDownloads();
    const exporter = useSessionExport({ fetch, navigator: fakeNavigator({ shareError: domError('NotAllowedError') }).navigator, ...downloads });
    expect(await exporter.exportSession(SESSION_ID, 'md')).toBe('downloaded');
    expect(downloads.clicked).toHaveLength(1);
  });
});
