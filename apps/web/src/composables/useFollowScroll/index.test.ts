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
}

function setup() {
  const scroller = new FakeScroller();
  const target = shallowRef(scroller as unknown as HTMLElement);
  const newest = ref(0);
  const scope = effectScope();
  const follow = scope.run(() => useFollowScroll({ target, source: newest }))!;
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

  it('stops listening to the element when its scope is disposed', () => {
    const { scroller, follow, scope } = setup();
    scope.stop();
    scroller.readerScrollsTo(0);
    expect(follow.following.value).toBe(true);
  });
});
