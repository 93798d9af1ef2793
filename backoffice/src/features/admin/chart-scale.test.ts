import { labelIndices, linePath, niceTicks, wrapLabel } from './chart-scale';

describe('niceTicks', () => {
  it.each([
    [0, [0, 1, 2, 3, 4].map((n) => n * 0.25)],
    [7, [0, 2, 4, 6, 8]],
    [100, [0, 25, 50, 75, 100]],
    [0.3, [0, 0.1, 0.2, 0.3]],
    [1234, [0, 500, 1000, 1500]],
  ])('for a maximum of %p gives round steps from zero covering it', (max, expected) => {
    expect(niceTicks(max)).toEqual(expected);
  });
});

describe('labelIndices', () => {
  it('keeps every label when they fit, and thins them from the last one when they do not', () => {
    expect(labelIndices(5, 600)).toEqual([0, 1, 2, 3, 4]);
    expect(labelIndices(30, 300)).toEqual([5, 11, 17, 23, 29]);
    expect(labelIndices(0, 300)).toEqual([]);
  });
});

describe('linePath', () => {
  it('breaks the line at missing values instead of drawing them as zero', () => {
    expect(linePath([{ x: 0, y: 10 }, { x: 5, y: 4 }, null, { x: 15, y: 2 }, { x: 20, y: 1 }])).toBe(
      'M0,10 L5,4 M15,2 L20,1',
    );
  });
});

describe('niceTicks for counts', () => {
  it('never steps by a fraction', () => {
    expect(niceTicks(1, 4, { integers: true })).toEqual([0, 1]);
    expect(niceTicks(3, 4, { integers: true })).toEqual([0, 1, 2, 3]);
  });
});

describe('wrapLabel', () => {
  it('breaks at spaces into lines of about the given width', () => {
    expect(wrapLabel('Soins à domicile', 8)).toEqual(['Soins à', 'domicile']);
    expect(wrapLabel('Emergency', 4)).toEqual(['Emergency']);
  });
});
