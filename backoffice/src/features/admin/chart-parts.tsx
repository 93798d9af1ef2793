'use client';

import { useId, type ReactNode, type Ref } from 'react';
import styles from './charts.module.css';

/**
 * The frame every dashboard chart shares: a titled figure whose SVG names itself (title + summary) for screen
 * readers, then whatever follows the plot (a legend, the hidden data table).
 */
export function ChartFigure(props: {
  title: string;
  summary: string;
  plotRef: Ref<HTMLDivElement>;
  width: number;
  height: number;
  plot: ReactNode;
  children?: ReactNode;
}) {
  const titleId = useId();
  const descId = useId();
  return (
    <figure className={styles.figure} aria-labelledby={titleId}>
      <h3 className={styles.heading} id={titleId}>
        {props.title}
      </h3>
      <div ref={props.plotRef} className={styles.plot}>
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          width={props.width}
          height={props.height}
          viewBox={`0 0 ${props.width} ${props.height}`}
        >
          <desc id={descId}>{props.summary}</desc>
          {props.plot}
        </svg>
      </div>
      {props.children}
    </figure>
  );
}

/** Horizontal grid lines at each tick, the zero line stronger, with the tick values on the left axis. */
export function ValueGrid(props: {
  ticks: number[];
  yOf: (value: number) => number;
  left: number;
  right: number;
  format: (value: number) => string;
}) {
  return props.ticks.map((tick) => (
    <g key={tick}>
      <line
        className={tick === 0 ? styles.baseline : styles.grid}
        x1={props.left}
        x2={props.right}
        y1={props.yOf(tick)}
        y2={props.yOf(tick)}
      />
      <text className={styles.axis} x={props.left - 6} y={props.yOf(tick) + 4} textAnchor="end">
        {props.format(tick)}
      </text>
    </g>
  ));
}

/** The "no data" note in the middle of an empty plot. */
export function EmptyPlotNote(props: { x: number; y: number; text: string }) {
  return (
    <text className={styles.empty} x={props.x} y={props.y} textAnchor="middle">
      {props.text}
    </text>
  );
}
