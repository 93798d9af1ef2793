/** Pure chart arithmetic: axis ticks people can read, and which x labels fit. */

/** 0 and round steps (1, 2, 2.5, 5 × 10^n) up to at least `max`; never an empty axis. */
export function niceTicks(max: number, targetCount = 4, options: { integers?: boolean } = {}): number[] {
  const top = Number.isFinite(max) && max > 0 ? max : 1;
  const rough = top / Math.max(1, targetCount);
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const nice =
    [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude;
  // Counts have no half messages: an axis of 0, 0.25, 0.5 … would suggest there were.
  const step = options.integers ? Math.max(1, Math.ceil(nice)) : nice;
  const count = Math.ceil(top / step - 1e-9);
  return Array.from({ length: count + 1 }, (_, index) => roundTo(index * step, 10));
}

/** Indices of the labels to print so that neighbours are at least `minGap` pixels apart; the last always shows. */
export function labelIndices(count: number, plotWidth: number, minGap = 56): number[] {
  if (count <= 0) return [];
  const fit = Math.max(1, Math.floor(plotWidth / minGap));
  const step = Math.max(1, Math.ceil(count / fit));
  const indices: number[] = [];
  for (let index = count - 1; index >= 0; index -= step) indices.unshift(index);
  return indices;
}

/** SVG path data for one series; a null value breaks the line instead of drawing it down to zero. */
export function linePath(points: ({ x: number; y: number } | null)[]): string {
  let path = '';
  let drawing = false;
  for (const point of points) {
    if (!point) {
      drawing = false;
      continue;
    }
    path += `${drawing ? 'L' : 'M'}${roundTo(point.x, 2)},${roundTo(point.y, 2)} `;
    drawing = true;
  }
  return path.trim();
}

const roundTo = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Splits a category label into lines of about `maxChars`, at spaces, so bar labels do not run together. */
export function wrapLabel(label: string, maxChars: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= maxChars) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines.length > 0 ? lines : [label];
}
