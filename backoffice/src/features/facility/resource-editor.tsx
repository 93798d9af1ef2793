'use client';

import { useId, useState, type FormEvent } from 'react';
import { ApiError, anyJson, callApi } from '../../api-client';
import { useI18n } from '../../i18n/i18n-provider';
import {
  RESOURCE_KINDS,
  toResourcesBody,
  type FacilityDetail,
  type ResourceKind,
  type ResourceRow,
} from './facility.schemas';

let nextKey = 0;
const newKey = () => `row-${(nextKey += 1)}`;

/**
 * Beds by ward, medicines in stock, equipment working. Publishing sends every row, so figures that did not
 * change are confirmed (and their age resets) as well.
 */
export function ResourceEditor({
  facility,
  onPublished,
}: {
  facility: FacilityDetail;
  onPublished: (count: number) => void;
}) {
  const { t } = useI18n();
  const [rows, setRows] = useState<ResourceRow[]>(() =>
    facility.resources.map((resource) => ({
      key: newKey(),
      kind: resource.kind,
      item: resource.item,
      quantity: resource.quantity === null ? '' : String(resource.quantity),
      available: resource.available,
      isNew: false,
    })),
  );
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const update = (key: string, change: Partial<ResourceRow>) =>
    setRows(rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const add = (kind: ResourceKind) =>
    setRows([
      ...rows,
      { key: newKey(), kind, item: '', quantity: kind === 'beds' ? '0' : '', available: true, isNew: true },
    ]);

  async function publish(event: FormEvent) {
    event.preventDefault();
    const body = toResourcesBody(rows);
    if (body.resources.length === 0) return setErrors([t('facility.nothingToPublish')]);
    setBusy(true);
    try {
      await callApi(anyJson, `/facilities/${facility.id}/resources`, { method: 'PUT', body });
      setErrors([]);
      onPublished(body.resources.length);
    } catch (caught) {
      if (!(caught instanceof ApiError)) setErrors([t('error.generic')]);
      else if (caught.fieldErrors.length === 0) setErrors([caught.detail]);
      else
        setErrors(
          caught.fieldErrors.map((error) =>
            describeFieldError(error, body.resources, t('error.field', { field: '{field}', message: '{message}' })),
          ),
        );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="stack" onSubmit={(event) => void publish(event)} aria-labelledby="resources-title">
      <h2 id="resources-title">{t('facility.publishTitle')}</h2>
      {RESOURCE_KINDS.map((kind) => (
        <fieldset key={kind} className="card">
          <legend>
            <strong>{t(`facility.section.${kind}`)}</strong>
          </legend>
          {rows.filter((row) => row.kind === kind).length === 0 && (
            <p className="muted">{t('facility.emptySection')}</p>
          )}
          {rows
            .filter((row) => row.kind === kind)
            .map((row) => (
              <ResourceRowFields
                key={row.key}
                row={row}
                onChange={(change) => update(row.key, change)}
                onRemove={() => setRows(rows.filter((other) => other.key !== row.key))}
              />
            ))}
          <button type="button" onClick={() => add(kind)}>
            {t(`facility.add.${kind}`)}
          </button>
        </fieldset>
      ))}
      {errors.length > 0 && (
        <ul role="alert" className="error">
          {errors.map((error) => (
            <li key={error}>{error}</li>
          ))}
        </ul>
      )}
      <button type="submit" className="primary" disabled={busy} style={{ alignSelf: 'flex-start' }}>
        {t('facility.publish')}
      </button>
    </form>
  );
}

function ResourceRowFields({
  row,
  onChange,
  onRemove,
}: {
  row: ResourceRow;
  onChange: (change: Partial<ResourceRow>) => void;
  onRemove: () => void;
}) {
  const { t } = useI18n();
  const id = useId();
  const itemLabel = t(`facility.itemLabel.${row.kind}`);
  return (
    <div className="row" data-resource-row={`${row.kind}/${row.item}`}>
      <div className="field">
        <label htmlFor={`${id}-item`}>{itemLabel}</label>
        <input
          id={`${id}-item`}
          required
          maxLength={100}
          value={row.item}
          readOnly={!row.isNew}
          onChange={(event) => onChange({ item: event.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${id}-qty`}>{t(row.kind === 'beds' ? 'facility.freeBeds' : 'facility.quantity')}</label>
        <input
          id={`${id}-qty`}
          type="number"
          inputMode="numeric"
          min={0}
          max={100000}
          step={1}
          required={row.kind === 'beds'}
          value={row.quantity}
          onChange={(event) => onChange({ quantity: event.target.value })}
          style={{ width: '7rem' }}
        />
      </div>
      {row.kind !== 'beds' && (
        <label className="check">
          <input
            type="checkbox"
            checked={row.available}
            onChange={(event) => onChange({ available: event.target.checked })}
          />
          {t(row.kind === 'medicine' ? 'facility.inStock' : 'facility.working')}
        </label>
      )}
      {row.isNew && (
        <button type="button" onClick={onRemove} aria-label={`${t('availability.remove')} ${row.item || itemLabel}`}>
          {t('availability.remove')}
        </button>
      )}
    </div>
  );
}

/** "resources: beds/maternity: quantity: …" reads better than a JSON path. */
function describeFieldError(
  error: { path: string; message: string },
  resources: { kind: string; item: string }[],
  template: string,
): string {
  const match = /^body\.resources\.(\d+)\.?(\w*)$/.exec(error.path);
  const resource = match ? resources[Number(match[1])] : undefined;
  const field = resource ? `${resource.kind}/${resource.item}${match?.[2] ? ` (${match[2]})` : ''}` : error.path;
  return template.replace('{field}', field).replace('{message}', error.message);
}
