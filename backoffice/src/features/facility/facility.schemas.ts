import { z } from 'zod';

export const RESOURCE_KINDS = ['beds', 'medicine', 'equipment'] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

export const myFacilitiesSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      resourceCount: z.number(),
      staleCount: z.number(),
      lastPublishedAt: z.string().nullable(),
      admins: z.array(z.object({ userId: z.string(), displayName: z.string() })),
    }),
  ),
});
export type MyFacility = z.infer<typeof myFacilitiesSchema>['items'][number];

export const facilityDetailSchema = z.object({
  id: z.string(),
  name: z.string(),
  resources: z.array(
    z.object({
      kind: z.enum(RESOURCE_KINDS),
      item: z.string(),
      quantity: z.number().nullable(),
      available: z.boolean(),
      updatedAt: z.string(),
      stale: z.boolean(),
    }),
  ),
});
export type FacilityDetail = z.infer<typeof facilityDetailSchema>;

export const historyPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(RESOURCE_KINDS),
      item: z.string(),
      quantity: z.number().nullable(),
      available: z.boolean(),
      changedAt: z.string(),
      changedBy: z.object({ type: z.string(), id: z.string() }),
    }),
  ),
  nextCursor: z.string().nullable(),
});
export type HistoryEntry = z.infer<typeof historyPageSchema>['items'][number];

/** A row of the editor: the quantity stays text while typed, parsed on publish. */
export interface ResourceRow {
  key: string;
  kind: ResourceKind;
  item: string;
  quantity: string;
  available: boolean;
  isNew: boolean;
}

/** The PUT body, or the rows' problems; beds are available exactly when some are free. */
export function toResourcesBody(rows: ResourceRow[]): {
  resources: { kind: ResourceKind; item: string; quantity: number | null; available: boolean }[];
} {
  return {
    resources: rows
      .filter((row) => row.item.trim() !== '')
      .map((row) => {
        const quantity = row.quantity.trim() === '' ? null : Number(row.quantity);
        return {
          kind: row.kind,
          item: row.item.trim(),
          quantity,
          available: row.kind === 'beds' ? (quantity ?? 0) > 0 : row.available,
        };
      }),
  };
}
