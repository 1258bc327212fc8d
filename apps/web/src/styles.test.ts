import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(join(import.meta.dirname, 'styles.css'), 'utf8');
const root = css.slice(css.indexOf(':root {'), css.indexOf('}', css.indexOf(':root {')));

describe('styles.css', () => {
  it('sizes the root text as a share of the browser setting, never in px, so a larger system text size carries through', () => {
    expect(root).toMatch(/font-size:\s*[\d.]+%;/);
    expect(root).not.toMatch(/font-size:\s*[\d.]+px/);
  });

  it('keeps touch targets at least 44 px whatever the text size', () => {
    expect(root).toMatch(/--tap:\s*max\(44px,\s*[\d.]+rem\);/);
  });
});
