import type { KeptSession, KeptSessionSummary } from '@linnet/shared';
import { ref, shallowRef } from 'vue';
import { createKeptApi, type KeptApi } from '../../lib/kept-api';
import { ApiError } from '../../lib/api-request';

/** Where the list is: loading, showing what it has, or failed (said in plain words by the screen). */
export type KeptListState = 'loading' | 'ready' | 'failed';

export interface UseKeptConversationsOptions {
  /** @default createKeptApi() */
  api?: KeptApi;
  /** Conversations per page. @default 20 */
  pageSize?: number;
}

/** The History screen's data: a searchable, paged list of kept conversations, one open conversation, deletion. */
export function useKeptConversations({ api = createKeptApi(), pageSize = 20 }: UseKeptConversationsOptions = {}) {
  /** Conversations shown, newest first. */
  const conversations = ref<KeptSessionSummary[]>([]);
  /** The search the list shows ('' for all). */
  const query = ref('');
  const state = ref<KeptListState>('loading');
  /** `before` of the next (older) page; null when the list is complete. */
  const nextBefore = ref<string | null>(null);
  /** The conversation opened, null when the list shows. */
  const opened = shallowRef<KeptSession | null>(null);
  /** Opening failed: `gone` (no longer kept) or `failed` (anything else). */
  const openError = ref<'gone' | 'failed' | null>(null);
  // Each search or page load bumps this, so an older answer arriving late cannot overwrite a newer one.
  let generation = 0;

  /** Loads the first page for `q` (trimmed; empty for every conversation). */
  async function search(q = query.value): Promise<void> {
    query.value = q.trim();
    const mine = ++generation;
    state.value = 'loading';
    try {
      const page = await api.list({ q: query.value, limit: pageSize });
      if (mine !== generation) return;
      conversations.value = page.sessions;
      nextBefore.value = page.next_before;
      state.value = 'ready';
    } catch {
      if (mine === generation) state.value = 'failed';
    }
  }

  /** Appends the next older page. */
  async function loadMore(): Promise<void> {
    if (!nextBefore.value || state.value === 'loading') return;
    const mine = ++generation;
    state.value = 'loading';
    try {
      const page = await api.list({ q: query.value, before: nextBefore.value, limit: pageSize });
      if (mine !== generation) return;
      conversations.value = [...conversations.value, ...page.sessions];
      nextBefore.value = page.next_before;
      state.value = 'ready';
    } catch {
      if (mine === generation) state.value = 'failed';
    }
  }

  /** Opens conversation `id` (fetches it whole). */
  async function open(id: string): Promise<void> {
    openError.value = null;
    try {
      opened.value = await api.get(id);
    } catch (error) {
      opened.value = null;
      openError.value = error instanceof ApiError && error.status === 404 ? 'gone' : 'failed';
    }
  }

  /** Back to the list. */
  function close(): void {
    opened.value = null;
    openError.value = null;
  }

  /** Deletes conversation `id` and drops it from the list; false when the server refused or could not be reached. */
  async function remove(id: string): Promise<boolean> {
    try {
      await api.remove(id);
    } catch (error) {
      // Already gone is what the user wanted.
      if (!(error instanceof ApiError && error.status === 404)) return false;
    }
    conversations.value = conversations.value.filter((conversation) => conversation.session_id !== id);
    if (opened.value?.session_id === id) close();
    return true;
  }

  /** Deletes every kept conversation; resolves how many went, or null on failure. */
  async function removeAll(): Promise<number | null> {
    try {
      const deleted = await api.removeAll();
      conversations.value = [];
      nextBefore.value = null;
      close();
      return deleted;
    } catch {
      return null;
    }
  }

  return { conversations, query, state, nextBefore, opened, openError, search, loadMore, open, close, remove, removeAll };
}
/** What useKeptConversations returns (STYLE: every composable names its return). @public */
export type UseKeptConversationsReturn = ReturnType<typeof useKeptConversations>;
