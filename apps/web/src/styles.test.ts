import { readdirSync, readFileSync } from 'node:fs';
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

  it('gives quiet buttons one look, here, that components only place (margins) and never restyle', () => {
    expect(css).toMatch(/button\.quiet \{[^}]*background: transparent;[^}]*\}/);
    const components = ['App.vue', ...readdirSync(join(import.meta.dirname, 'components')).filter((f) => f.endsWith('.vue')).map((f) => `components/${f}`)];
    const restyled = components.filter((file) => {
      const source = readFileSync(join(import.meta.dirname, file), 'utf8');
      const quietRules = [...source.matchAll(/[^{}]*\.quiet[^{}]*\{([^}]*)\}/g)].map((rule) => rule[1]!);
      return quietRules.some((body) => /\b(background|border-color|font-size|padding):/.test(body));
    });
    expect(restyled).toEqual([]);
  });
});
