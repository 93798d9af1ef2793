'use client';

import { ChartDataTable } from './chart-data-table';
import { ChartFigure, EmptyPlotNote, ValueGrid } from './chart-parts';
import { labelIndices, niceTicks, wrapLabel } from './chart-scale';
import styles from './charts.module.css';
import { useElementWidth } from './use-element-width';

export interface Bar {
  key: string;
  label: string;
  value: number;
  color: string;
}

const PLOT_HEIGHT = 172;
const LINE_HEIGHT = 14;
const MARGIN = { top: 18, right: 22, bottom: 30, left: 44 };

/** Vertical bars from zero; with few bars each carries its value, with many only the axis does. */
export function BarChart(props: {
  title: string;
  summary: string;
  emptyText: string;
  xHeader: string;
  valueHeader: string;
  bars: Bar[];
  formatValue: (value: number) => string;
}) {
  const { ref, width } = useElementWidth<HTMLDivElement>();
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = PLOT_HEIGHT;
  const ticks = niceTicks(Math.max(0, ...props.bars.map((bar) => bar.value)), 4, { integers: true });
  const top = ticks.at(-1) ?? 1;
  const count = props.bars.length;
  const slot = count === 0 ? plotWidth : plotWidth / count;
  const isCategorical = count <= 8;
  const lines = props.bars.map((bar) =>
    isCategorical ? wrapLabel(bar.label, Math.max(4, Math.floor(slot / 7))) : [bar.label],
  );
  const HEIGHT =
    MARGIN.top + plotHeight + MARGIN.bottom + LINE_HEIGHT * (Math.max(1, ...lines.map((line) => line.length)) - 1);
  const barWidth = Math.max(2, Math.min(64, slot * 0.7));
  const yOf = (value: number) => MARGIN.top + plotHeight - (value / top) * plotHeight;
  const isAllZero = props.bars.every((bar) => bar.value === 0);
  const labelled = new Set(isCategorical ? props.bars.map((_, index) => index) : labelIndices(count, plotWidth, 64));

  return (
    <ChartFigure
      title={props.title}
      summary={props.summary}
      plotRef={ref}
      width={width}
      height={HEIGHT}
      plot={
        <>
          <ValueGrid
            ticks={ticks}
            yOf={yOf}
            left={MARGIN.left}
            right={width - MARGIN.right}
            format={props.formatValue}
          />
          {props.bars.map((bar, index) => {
            const x = MARGIN.left + index * slot + (slot - barWidth) / 2;
            return (
              <g key={bar.key}>
                <rect
                  x={x}
                  y={yOf(bar.value)}
                  width={barWidth}
                  height={Math.max(0, yOf(0) - yOf(bar.value))}
                  fill={bar.color}
                />
                {isCategorical && (
                  <text className={styles.axis} x={x + barWidth / 2} y={yOf(bar.value) - 4} textAnchor="middle">
                    {props.formatValue(bar.value)}
                  </text>
                )}
                {labelled.has(index) && (
                  <text
                    className={styles.axis}
                    x={x + barWidth / 2}
                    y={MARGIN.top + plotHeight + 18}
                    textAnchor="middle"
                  >
                    {(lines[index] ?? [bar.label]).map((line, lineIndex) => (
                      <tspan key={line} x={x + barWidth / 2} dy={lineIndex === 0 ? 0 : LINE_HEIGHT}>
                        {line}
                      </tspan>
                    ))}
                  </text>
                )}
              </g>
            );
          })}
          {isAllZero && (
            <EmptyPlotNote x={MARGIN.left + plotWidth / 2} y={MARGIN.top + plotHeight / 2} text={props.emptyText} />
          )}
        </>
      }
    >
      <ChartDataTable
        caption={props.title}
        rowHeader={props.xHeader}
        columns={[props.valueHeader]}
        rows={props.bars.map((bar) => ({ label: bar.label, cells: [props.formatValue(bar.value)] }))}
      />
    </ChartFigure>
  );
}
