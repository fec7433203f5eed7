import type { Feature } from 'geojson';
import { useTranslation } from 'react-i18next';
import type { Kind } from '../../shared/domain/common';
import { fieldSpecs } from '../../shared/domain/field-specs';

/** Source columns → the kind's fields. Unmapped columns are kept on each feature as they are. */
export function FieldMapping({
  kind,
  columns,
  sample,
  mapping,
  disabled,
  onChange,
}: {
  kind: Kind;
  columns: string[];
  sample: Feature[];
  mapping: Record<string, string>;
  disabled: boolean;
  onChange(mapping: Record<string, string>): void;
}) {
  const { t } = useTranslation('import');
  if (!columns.length) return null;
  const fields = fieldSpecs(kind);
  const mappedCount = Object.keys(mapping).length;
  const example = (col: string) => {
    for (const f of sample) {
      const v = f.properties?.[col];
      if (v !== undefined && v !== null && v !== '') return typeof v === 'object' ? JSON.stringify(v) : String(v);
    }
    return '';
  };
  const set = (col: string, field: string) => {
    const next: Record<string, string> = {};
    for (const [c, f] of Object.entries(mapping)) if (c !== col && f !== field) next[c] = f;
    if (field) next[col] = field;
    onChange(next);
  };
  return (
    <details className="mapping">
      <summary>{t('mappingSummary', { mapped: mappedCount, total: columns.length })}</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('sourceColumn')}</th>
            <th scope="col">{t('example')}</th>
            <th scope="col">{t('mapsTo')}</th>
          </tr>
        </thead>
        <tbody>
          {columns.map((col) => (
            <tr key={col}>
              <td>{col}</td>
              <td className="muted example">{example(col)}</td>
              <td>
                <select value={mapping[col] ?? ''} disabled={disabled} aria-label={t('mapColumn', { column: col })} onChange={(e) => set(col, e.target.value)}>
                  <option value="">{t('keepAsIs')}</option>
                  {fields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {t(`domain:fields.${f.name}`)}
                      {f.required ? ' *' : ''}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
