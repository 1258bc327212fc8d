import type { ReliabilityBin } from './family-calibration.js';

/** One panel of the diagram: a label (or "all") and its shown windows' reliability. */
export interface ReliabilityPanel {
  label: string;
  n: number;
  precision: number;
  ece: number;
  bins: readonly ReliabilityBin[];
}

// Layout, in SVG user units: panels of PLOT × PLOT with room for a title above and ticks beside.
const PLOT = 160;
const LEFT = 34;
const TOP = 34;
const GAP = 22;
const BOTTOM = 30;
const COLUMNS = 3;
const PANEL_W = LEFT + PLOT + GAP;
const PANEL_H = TOP + PLOT + BOTTOM;
const HEADER = 58;
// A bin's dot has area proportional to its windows: a bin of MAX_DOT_N windows or more gets MAX_RADIUS.
const MAX_RADIUS = 9;
const MIN_RADIUS = 2;
const MAX_DOT_N = 400;
const TICKS = [0, 0.5, 1];

const escapeXml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
const fixed = (value: number) => (Number.isFinite(value) ? value.toFixed(1) : '0');
const percent = (value: number) => `${Math.round(100 * value)} %`;

function panel(p: ReliabilityPanel, x0: number, y0: number): string {
  const px = (confidence: number) => x0 + LEFT + PLOT * Math.min(1, Math.max(0, confidence));
  const py = (share: number) => y0 + TOP + PLOT * (1 - Math.min(1, Math.max(0, share)));
  const parts: string[] = [];
  parts.push(`<g><title>${escapeXml(`${p.label}: ${p.n} shown windows, ${percent(p.precision)} right, ECE ${p.ece.toFixed(3)}`)}</title>`);
  parts.push(`<text x="${fixed(x0 + LEFT)}" y="${fixed(y0 + 14)}" class="label">${escapeXml(p.label)}</text>`);
  parts.push(`<text x="${fixed(x0 + LEFT)}" y="${fixed(y0 + 27)}" class="small">n ${p.n}, right ${percent(p.precision)}, ECE ${p.ece.toFixed(3)}</text>`);
  parts.push(`<rect x="${fixed(px(0))}" y="${fixed(py(1))}" width="${PLOT}" height="${PLOT}" class="frame"/>`);
  parts.push(`<line x1="${fixed(px(0))}" y1="${fixed(py(0))}" x2="${fixed(px(1))}" y2="${fixed(py(1))}" class="diagonal"/>`);
  for (const tick of TICKS) {
    parts.push(`<text x="${fixed(px(tick))}" y="${fixed(py(0) + 13)}" class="tick" text-anchor="middle">${tick}</text>`);
    parts.push(`<text x="${fixed(px(0) - 4)}" y="${fixed(py(tick) + 4)}" class="tick" text-anchor="end">${tick}</text>`);
  }
  const bins = p.bins.filter((bin) => bin.n > 0 && Number.isFinite(bin.confidence) && Number.isFinite(bin.precision));
  if (bins.length > 1) parts.push(`<polyline points="${bins.map((bin) => `${fixed(px(bin.confidence))},${fixed(py(bin.precision))}`).join(' ')}" class="curve"/>`);
  for (const bin of bins) {
    const radius = Math.max(MIN_RADIUS, MAX_RADIUS * Math.sqrt(Math.min(bin.n, MAX_DOT_N) / MAX_DOT_N));
    // The gap to the diagonal is the bin's calibration error: drawn so it can be read without the dot's colour.
    parts.push(`<line x1="${fixed(px(bin.confidence))}" y1="${fixed(py(bin.confidence))}" x2="${fixed(px(bin.confidence))}" y2="${fixed(py(bin.precision))}" class="gap"/>`);
    parts.push(
      `<circle cx="${fixed(px(bin.confidence))}" cy="${fixed(py(bin.precision))}" r="${radius.toFixed(1)}" class="bin"><title>${escapeXml(
        `${bin.from.toFixed(1)}-${bin.to.toFixed(1)}: ${bin.n} windows, said ${percent(bin.confidence)}, right ${percent(bin.precision)}`,
      )}</title></circle>`,
    );
  }
  parts.push('</g>');
  return parts.join('\n');
}

/**
 * A reliability diagram as a standalone SVG: one panel per label (mean shown confidence of each 0.1 bin
 * against the share of its windows that were right, dot area by windows, the diagonal where what is said
 * is what is observed, a vertical stroke for each bin's gap to it).
 */
export function reliabilityDiagramSvg(title: string, subtitle: string, panels: readonly ReliabilityPanel[]): string {
  const rows = Math.max(1, Math.ceil(panels.length / COLUMNS));
  const width = COLUMNS * PANEL_W + 10;
  const height = HEADER + rows * PANEL_H;
  const body = panels.map((p, i) => panel(p, 10 + (i % COLUMNS) * PANEL_W, HEADER + Math.floor(i / COLUMNS) * PANEL_H)).join('\n');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="title desc">`,
    `<title id="title">${escapeXml(title)}</title>`,
    `<desc id="desc">${escapeXml(subtitle)} x: confidence shown; y: share of those windows that were right; dashed diagonal: perfect calibration.</desc>`,
    '<style>text{font-family:sans-serif;fill:#222}.label{font-size:13px;font-weight:bold}.small,.tick{font-size:10px}.frame{fill:#fff;stroke:#999}.diagonal{stroke:#777;stroke-dasharray:4 3}.curve{fill:none;stroke:#1f5fa8;stroke-width:1.2}.gap{stroke:#c0392b;stroke-width:1.5}.bin{fill:#1f5fa8;fill-opacity:0.75}</style>',
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="10" y="18" class="label">${escapeXml(title)}</text>`,
    `<text x="10" y="34" class="small">${escapeXml(subtitle)}</text>`,
    '<text x="10" y="48" class="small">x: confidence shown; y: share of those windows right; dashed: perfect calibration; red: each bin\u2019s gap; dot area: windows.</text>',
    body,
    '</svg>',
    '',
  ].join('\n');
}
