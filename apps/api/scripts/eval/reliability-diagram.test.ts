import { describe, expect, it } from 'vitest';
import { reliabilityDiagramSvg, type ReliabilityPanel } from './reliability-diagram.js';

const bin = (from: number, confidence: number, precision: number, n: number) => ({ from, to: from + 0.1, n, confidence, precision });
const panel = (label: string, bins: ReliabilityPanel['bins']): ReliabilityPanel => ({ label, n: bins.reduce((sum, b) => sum + b.n, 0), precision: 0.5, ece: 0.1, bins });
const circles = (svg: string) => [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)" r="([\d.]+)"/g)].map((m) => m.slice(1).map(Number));
const gaps = (svg: string) => [...svg.matchAll(/<line x1="([\d.]+)" y1="([\d.]+)" x2="([\d.]+)" y2="([\d.]+)" class="gap"/g)].map((m) => m.slice(1).map(Number));

describe('reliabilityDiagramSvg', () => {
  it('places each bin at its shown confidence (x) and observed share right (y), in its own panel', () => {
    const svg = reliabilityDiagramSvg('t', 's', [panel('Calm', [bin(0.9, 0.9, 0.5, 100)]), panel('Tense', [bin(0.5, 0.5, 1, 100)])]);
    const [[x1, y1], [x2, y2]] = circles(svg) as [number[], number[]];
    // First panel: plot from x 44 to 204 and y 92 (share 1) to 252 (share 0).
    expect(x1).toBeCloseTo(44 + 0.9 * 160, 1);
    expect(y1).toBeCloseTo(92 + 0.5 * 160, 1);
    // Second panel, one column to the right: a bin right every time sits on the top edge.
    expect(x2).toBeCloseTo(44 + 216 + 0.5 * 160, 1);
    expect(y2).toBeCloseTo(92, 1);
  });

  it('draws each bin’s gap to the diagonal, zero for a bin that says what it observes', () => {
    const svg = reliabilityDiagramSvg('t', 's', [panel('Calm', [bin(0.7, 0.75, 0.75, 50), bin(0.9, 0.95, 0.55, 50)])]);
    const [calibrated, over] = gaps(svg) as [number[], number[]];
    expect(calibrated[1]).toBeCloseTo(calibrated[3]!, 5);
    // Said 0.95, right 0.55: the stroke runs 0.4 of the plot's height, down from the diagonal.
    expect(over[3]! - over[1]!).toBeCloseTo(0.4 * 160, 0);
  });

  it('sizes dots by windows and lays out three panels a row', () => {
    const svg = reliabilityDiagramSvg('t', 's', [panel('a', [bin(0.5, 0.5, 0.5, 4)]), panel('b', [bin(0.5, 0.5, 0.5, 400)]), panel('c', []), panel('d', [])]);
    const [[, , small], [, , large]] = circles(svg) as [number[], number[]];
    expect(large).toBeGreaterThan(small!);
    const height = Number(/height="(\d+)"/.exec(svg)![1]);
    expect(height).toBe(58 + 2 * 224);
    expect(svg.match(/class="label"/g)).toHaveLength(5);
  });

  it('writes no NaN for an empty label or a bin without figures, and escapes text', () => {
    const svg = reliabilityDiagramSvg('<t & "q">', 's', [panel('Calm', [bin(0.5, Number.NaN, Number.NaN, 3)]), panel('Tense', [])]);
    expect(svg).not.toContain('NaN');
    expect(circles(svg)).toHaveLength(0);
    expect(svg).not.toContain('<t & "q">');
    expect(svg).toContain('&#60;t &#38; &#34;q&#34;&#62;');
  });
});
