'use client';

import { ChartDataTable } from './chart-data-table';
import { ChartFigure, EmptyPlotNote, ValueGrid } from './chart-parts';
import { labelIndices, linePath, niceTicks } from './chart-scale';
import styles from './charts.module.css';
import { useElementWidth } from './use-element-width';

export interface LineSeries {
  key: string;
  name: string;
  color: string;
  /** One value per x label; null is "no data" (a gap), not zero. */
  values: (number | null)[];
}

const DASHES = ['', '6 3', '2 3', '8 3 2 3', '1 2'];
const HEIGHT = 220;
const MARGIN = { top: 12, right: 24, bottom: 30, left: 48 };

/**
 * A line per series over shared x labels (days). Colour is never the only cue: each series also has its
 * own dash pattern, and the legend and hidden table name every value.
 */
export function LineChart(props: {
  title: string;
  summary: string;
  emptyText: string;
  xHeader: string;
  labels: string[];
  formatLabel: (label: string) => string;
  series: LineSeries[];
  formatValue: (value: number) => string;
  formatTick?: (value: number) => string;
  /** Whole numbers only on the axis (counts). */
  isCount?: boolean;
}) {
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const values = props.series.flatMap((series) => series.values.filter((value): value is number => value !== null));
  const ticks = niceTicks(Math.max(0, ...values), 4, { integers: props.isCount });
  const top = ticks.at(-1) ?? 1;
  const count = props.labels.length;
  const xOf = (index: number) => MARGIN.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1));
  const yOf = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const formatTick = props.formatTick ?? props.formatValue;
  const showDots = count <= 45;

  return (
    <ChartFigure
      title={props.title}
      summary={props.summary}
      plotRef={ref}
      width={width}
      height={HEIGHT}
      plot={
        <>
          <ValueGrid ticks={ticks} yOf={yOf} left={MARGIN.left} right={width - MARGIN.right} format={formatTick} />
          {labelIndices(count, plotWidth, 64).map((index) => (
            <text key={props.labels[index]} className={styles.axis} x={xOf(index)} y={HEIGHT - 10} textAnchor="middle">
              {props.formatLabel(props.labels[index] ?? '')}
            </text>
          ))}
          {values.length === 0 && (
            <EmptyPlotNote x={MARGIN.left + plotWidth / 2} y={MARGIN.top + plotHeight / 2} text={props.emptyText} />
          )}
          {props.series.map((series, seriesIndex) => (
            <g key={series.key} stroke={series.color} fill={series.color}>
              <path
                d={linePath(
                  series.values.map((value, index) => (value === null ? null : { x: xOf(index), y: yOf(value) })),
                )}
                fill="none"
                strokeWidth={2.5}
                strokeDasharray={DASHES[seriesIndex % DASHES.length]}
                strokeLinejoin="round"
              />
              {showDots &&
                series.values.map((value, index) =>
                  value === null ? null : (
                    <circle key={props.labels[index]} cx={xOf(index)} cy={yOf(value)} r={count > 20 ? 2 : 3} />
                  ),
                )}
            </g>
          ))}
        </>
      }
    >
      {props.series.length > 1 && (
        <ul className={styles.legend} aria-hidden="true">
          {props.series.map((series, seriesIndex) => (
            <li key={series.key}>
              <svg width="28" height="10" aria-hidden="true">
                <line
                  x1="1"
                  x2="27"
                  y1="5"
                  y2="5"
                  stroke={series.color}
                  strokeWidth="3"
                  strokeDasharray={DASHES[seriesIndex % DASHES.length]}
                />
              </svg>
              {series.name}
            </li>
          ))}
        </ul>
      )}
      <ChartDataTable
        caption={props.title}
        rowHeader={props.xHeader}
        columns={props.series.map((series) => series.name)}
        rows={props.labels.map((label, index) => ({
          label: props.formatLabel(label),
          cells: props.series.map((series) => {
            const value = series.values[index];
            return value === null || value === undefined ? '–' : props.formatValue(value);
          }),
        }))}
      />
    </ChartFigure>
  );
}
