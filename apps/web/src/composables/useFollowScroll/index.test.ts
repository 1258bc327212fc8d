import { describe, expect, it } from 'vitest';
import { effectScope, nextTick, ref, shallowRef } from 'vue';
import { flushPromises } from '../../test/fakes';
import { useFollowScroll } from '.';

/** A scrolling element stand-in: the test sets its content height and where the reader has scrolled to. */
class FakeScroller extends EventTarget {
  scrollHeight = 1000;
  clientHeight = 300;
  scrollTop = 700;

  /** The reader scrolls to `top`, firing `scroll` like a browser. */
  readerScrollsTo(top: number): void {
    this.scrollTop = top;
    this.dispatchEvent(new Event('scroll'));
  }

  /** Content grows by `px` (a new caption). */
  grow(px: number): void {
    this.scrollHeight += px;
  }

  /** The list's box sits at the top of the page. */
  getBoundingClientRect(): { top: number } {
    return { top: 0 };
  }
}

/** A ResizeObserver stand-in: the test says when the observed box changed size. */
class FakeResizeObserver {
  static latest: FakeResizeObserver | null = null;
  constructor(readonly callback: () => void) {
    FakeResizeObserver.latest = this;
  }
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

/** The newest line: where it starts in the list and how tall it is; its box moves as the list scrolls. */
function fakeLine(scroller: FakeScroller, startsAt: number, height: number): HTMLElement {
  return { getBoundingClientRect: () => ({ top: startsAt - scroller.scrollTop, height }) } as unknown as HTMLElement;
}

function setup(newestLine?: (scroller: FakeScroller) => HTMLElement) {
  const scroller = new FakeScroller();
  const target = shallowRef(scroller as unknown as HTMLElement);
  const newest = ref(0);
  const scope = effectScope();
  const follow = scope.run(() =>
    useFollowScroll({
      target,
      source: newest,
      ResizeObserver: FakeResizeObserver as unknown as typeof ResizeObserver,
      ...(newestLine ? { newest: () => newestLine(scroller) } : {}),
    }),
  )!;
  async function addLine(): Promise<void> {
    scroller.grow(50);
    newest.value++;
    await flushPromises();
    await nextTick();
    // A browser fires `scroll` after a programmatic scrollTop change that moved the view.
    scroller.dispatchEvent(new Event('scroll'));
  }
  return { scroller, follow, addLine, scope };
}

describe('useFollowScroll', () => {
  it('keeps the newest line in view while following', async () => {
    const { scroller, follow, addLine } = setup();
    await addLine();
    expect(scroller.scrollTop).toBe(1050);
    expect(follow.following.value).toBe(true);
  });

  it('pauses when the reader scrolls up and leaves the view where they put it', async () => {
    const { scroller, follow, addLine } = setup();
    scroller.readerScrollsTo(200);
    await addLine();
    expect(follow.following.value).toBe(false);
    expect(scroller.scrollTop).toBe(200);
    expect(follow.hasUnseen.value).toBe(true);
  });

  it('follows again once the reader scrolls back down to the bottom', async () => {
    const { scroller, follow, addLine } = setup();
    scroller.readerScrollsTo(200);
    scroller.readerScrollsTo(690);
    expect(follow.following.value).toBe(true);
    await addLine();
    expect(scroller.scrollTop).toBe(1050);
  });

  it('jump() scrolls to the latest and resumes following', async () => {
    const { scroller, follow, addLine } = setup();
    scroller.readerScrollsTo(100);
    await addLine();
    follow.jump();
    expect(scroller.scrollTop).toBe(1050);
    expect(follow.following.value).toBe(true);
    expect(follow.hasUnseen.value).toBe(false);
    await addLine();
    expect(scroller.scrollTop).toBe(1100);
  });

  it('does not read its own scroll as the reader leaving when more lines arrived before the scroll event', async () => {
    const { scroller, follow } = setup();
    scroller.grow(50);
    follow.jump();
    // Two more lines land before the browser fires `scroll` for the jump.
    scroller.grow(100);
    scroller.dispatchEvent(new Event('scroll'));
    expect(follow.following.value).toBe(true);
  });

  it('keeps the bottom in view when the list box shrinks while following, but not while the reader is back in time', () => {
    const { scroller, follow } = setup();
    scroller.clientHeight = 200;
    FakeResizeObserver.latest!.callback();
    expect(scroller.scrollTop).toBe(1000);
    scroller.readerScrollsTo(100);
    scroller.clientHeight = 150;
    FakeResizeObserver.latest!.callback();
    expect(follow.following.value).toBe(false);
    expect(scroller.scrollTop).toBe(100);
  });

  it('says when part of the list is scrolled out of view above, and when the reader is back at its top', async () => {
    const { scroller, follow, addLine } = setup();
    // Set up scrolled 700 px down a 1000 px list.
    expect(follow.hiddenAbove.value).toBe(true);
    scroller.readerScrollsTo(0);
    expect(follow.hiddenAbove.value).toBe(false);
    scroller.readerScrollsTo(40);
    expect(follow.hiddenAbove.value).toBe(true);
    await addLine();
    expect(follow.hiddenAbove.value).toBe(true);
  });

  it('follows a newest line taller than the view from its top (its first words), not its bottom', async () => {
    // After addLine the list is 1050 px; the newest line is its last 400 px, taller than the 300 px view.
    const { scroller, follow, addLine } = setup((list) => fakeLine(list, list.scrollHeight - 400, 400));
    await addLine();
    expect(scroller.scrollTop).toBe(650);
    expect(follow.following.value).toBe(true);
    // Nothing is cut at the top edge: only older lines are above.
    expect(follow.hiddenAbove.value).toBe(false);
    // Reading on down through it is still following; scrolling back up is the reader leaving.
    scroller.readerScrollsTo(700);
    expect(follow.following.value).toBe(true);
    expect(follow.hiddenAbove.value).toBe(true);
    scroller.readerScrollsTo(600);
    expect(follow.following.value).toBe(false);
  });

  it('follows a newest line that fits the view at the bottom of the list', async () => {
    const { scroller, addLine } = setup((list) => fakeLine(list, list.scrollHeight - 120, 120));
    await addLine();
    expect(scroller.scrollTop).toBe(1050);
  });

  it('stops listening to the element when its scope is disposed', () => {
    const { scroller, follow, scope } = setup();
    scope.stop();
    scroller.readerScrollsTo(0);
    expect(follow.following.value).toBe(true);
  });
});
