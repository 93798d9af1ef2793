import type { z } from 'zod';
import type { CoreApiDeps } from '../deps';
import { CHANNEL_IDS, type ChannelId } from '../messages/message-channels';
import { resolveStatRange } from './resolve-stat-range';
import {
  countDeadLetters,
  countMessagesPerChannelDay,
  countNoShows,
  countTriageLevels,
  findFirstResponseMedians,
} from './stats.repository';
import {
  TRIAGE_LEVELS,
  type deadLetterStatsSchema,
  type firstResponseStatsSchema,
  type messageStatsSchema,
  type noShowStatsSchema,
  type StatRangeQuery,
  type triageStatsSchema,
} from './stats.schemas';

type Deps = Pick<CoreApiDeps, 'readDb' | 'clock'>;

/** Channels in the registry's order, only those with traffic; every day present, zero when quiet. */
export async function findMessageStats(deps: Deps, query: StatRangeQuery): Promise<z.infer<typeof messageStatsSchema>> {
  const range = resolveStatRange(query, deps.clock());
  const rows = await countMessagesPerChannelDay(deps.readDb, range);
  const series = CHANNEL_IDS.map((channel) => {
    const ofChannel = indexByDay(rows.filter((row) => row.channel === channel));
    const points = range.days.map((day) => ({
      day,
      inbound: ofChannel.get(day)?.inbound ?? 0,
      outbound: ofChannel.get(day)?.outbound ?? 0,
    }));
    return { channel, total: points.reduce((sum, point) => sum + point.inbound + point.outbound, 0), points };
  });
  return { range, series: series.filter((entry) => entry.total > 0) };
}

export async function findTriageStats(deps: Deps, query: StatRangeQuery): Promise<z.infer<typeof triageStatsSchema>> {
  const range = resolveStatRange(query, deps.clock());
  const rows = await countTriageLevels(deps.readDb, range);
  const levels = TRIAGE_LEVELS.map((level) => ({ level, count: rows.find((row) => row.level === level)?.count ?? 0 }));
  return { range, total: levels.reduce((sum, entry) => sum + entry.count, 0), levels };
}

export async function findFirstResponseStats(
  deps: Deps,
  query: StatRangeQuery,
): Promise<z.infer<typeof firstResponseStatsSchema>> {
  const range = resolveStatRange(query, deps.clock());
  const rows = await findFirstResponseMedians(deps.readDb, range);
  const whole = rows.find((row) => row.day === null);
  const byDay = indexByDay(rows);
  return {
    range,
    medianSeconds: roundOrNull(whole?.median_seconds ?? null),
    answered: whole?.answered ?? 0,
    unanswered: whole?.unanswered ?? 0,
    points: range.days.map((day) => ({
      day,
      medianSeconds: roundOrNull(byDay.get(day)?.median_seconds ?? null),
      answered: byDay.get(day)?.answered ?? 0,
    })),
  };
}

export async function findNoShowStats(deps: Deps, query: StatRangeQuery): Promise<z.infer<typeof noShowStatsSchema>> {
  const range = resolveStatRange(query, deps.clock());
  const rows = await countNoShows(deps.readDb, range);
  const whole = rows.find((row) => row.day === null);
  const byDay = indexByDay(rows);
  const noShows = whole?.no_shows ?? 0;
  const attended = whole?.attended ?? 0;
  return {
    range,
    rate: rateOf(noShows, attended),
    noShows,
    attended,
    points: range.days.map((day) => {
      const row = byDay.get(day);
      return {
        day,
        noShows: row?.no_shows ?? 0,
        attended: row?.attended ?? 0,
        rate: rateOf(row?.no_shows ?? 0, row?.attended ?? 0),
      };
    }),
  };
}

export async function findDeadLetterStats(
  deps: Deps,
  query: StatRangeQuery,
): Promise<z.infer<typeof deadLetterStatsSchema>> {
  const range = resolveStatRange(query, deps.clock());
  const rows = await countDeadLetters(deps.readDb, range);
  const knownRows = rows.flatMap((row) => (isChannelId(row.channel) ? [{ ...row, channel: row.channel }] : []));
  const perDay = new Map<string, number>();
  for (const row of rows) perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.count);
  const byChannel = CHANNEL_IDS.map((channel) => ({
    channel,
    count: knownRows.filter((row) => row.channel === channel).reduce((sum, row) => sum + row.count, 0),
  })).filter((entry) => entry.count > 0);
  return {
    range,
    total: rows.reduce((sum, row) => sum + row.count, 0),
    byChannel,
    points: range.days.map((day) => ({ day, count: perDay.get(day) ?? 0 })),
  };
}

function indexByDay<Row extends { day: string | null }>(rows: Row[]): Map<string, Row> {
  const map = new Map<string, Row>();
  for (const row of rows) if (row.day !== null) map.set(row.day, row);
  return map;
}

const isChannelId = (value: string): value is ChannelId => CHANNEL_IDS.some((channel) => channel === value);
const rateOf = (noShows: number, attended: number) =>
  noShows + attended === 0 ? null : noShows / (noShows + attended);
const roundOrNull = (value: number | null) => (value === null ? null : Math.round(value));
