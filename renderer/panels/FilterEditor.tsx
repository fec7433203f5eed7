import { useTranslation } from 'react-i18next';
import type { Kind } from '../../shared/domain/common';
import type { FieldSpec } from '../../shared/domain/field-specs';
import {
  OPERATORS_BY_TYPE,
  VALUELESS_OPERATORS,
  conditionProblems,
  filterableFields,
  timeFieldsOf,
  type Condition,
  type ConditionValue,
  type LayerFilter,
  type Operator,
} from '../../shared/domain/filters';

export interface FilterEditorProps {
  kind: Kind;
  filter: LayerFilter;
  onChange(filter: LayerFilter): void;
  /** Features shown and in total, when the parent has counted them (countFiltered). */
  counts?: { shown: number; total: number };
}

/** A value to start from when a field or operator is chosen, so most new conditions are complete. */
function defaultValue(spec: FieldSpec, op: Operator): ConditionValue | undefined {
  if (VALUELESS_OPERATORS.includes(op)) return undefined;
  switch (spec.type) {
    case 'enum':
      return op === 'in' ? (spec.options ?? []).slice(0, 1) : (spec.options?.[0] ?? '');
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return true;
    case 'date':
      return new Date().toISOString().slice(0, 10);
    default:
      return '';
  }
}

/** The value kept when only the operator changes, if it still fits; else a fresh default. */
function carryValue(spec: FieldSpec, from: Condition, op: Operator): ConditionValue | undefined {
  if (VALUELESS_OPERATORS.includes(op)) return undefined;
  if (spec.type === 'enum') {
    if (op === 'in') return typeof from.value === 'string' ? [from.value] : Array.isArray(from.value) ? from.value : defaultValue(spec, op);
    return Array.isArray(from.value) ? (from.value[0] ?? defaultValue(spec, op)) : (from.value ?? defaultValue(spec, op));
  }
  return from.value ?? defaultValue(spec, op);
}

/**
 * One layer's attribute filter: a list of conditions (all must hold), each a field of the
 * layer's kind, an operator that suits the field's type and a value input that suits both.
 * Props in, one callback out; the parent stores the filter (filters-store) and applies it.
 */
export function FilterEditor({ kind, filter, onChange, counts }: FilterEditorProps) {
  const { t } = useTranslation('filters');
  const specs = filterableFields(kind);
  const problems = conditionProblems(kind, filter);
  const time = timeFieldsOf(kind);
  const fieldLabel = (name: string): string => t(`domain:fields.${name}`, { defaultValue: name });
  const valueLabel = (field: string, value: string): string => t(`domain:values.${field}.${value}`, { defaultValue: value });

  const replace = (index: number, next: Condition) => onChange({ conditions: filter.conditions.map((c, i) => (i === index ? next : c)) });
  const remove = (index: number) => onChange({ conditions: filter.conditions.filter((_, i) => i !== index) });
  const add = () => {
    // Start from the first enumerated field (event type, site type…): the most common filter.
    const spec = specs.find((s) => s.type === 'enum') ?? specs[0];
    if (!spec) return;
    const op = OPERATORS_BY_TYPE[spec.type][0] as Operator;
    onChange({ conditions: [...filter.conditions, { field: spec.name, op, value: defaultValue(spec, op) }] });
  };

  return (
    <section className="filter-editor" aria-label={t('editor.title')} style={styles.editor}>
      <div style={styles.head}>
        <strong>{t('editor.title')}</strong>
        {counts && <span className="muted">{t('editor.count', { shown: counts.shown.toLocaleString(), total: counts.total.toLocaleString() })}</span>}
      </div>
      {filter.conditions.length === 0 && <p className="muted" style={styles.note}>{t('editor.empty')}</p>}
      <ul style={styles.list}>
        {filter.conditions.map((c, i) => {
          const spec = specs.find((s) => s.name === c.field);
          const ops = spec ? OPERATORS_BY_TYPE[spec.type] : [c.op];
          const opLabel = (op: Operator): string => (spec?.type === 'date' && op in DATE_OPS ? t(`dateOps.${op}`) : t(`ops.${op}`));
          return (
            <li key={i} style={styles.row} aria-invalid={problems[i] !== null}>
              <select
                aria-label={t('editor.field')}
                value={c.field}
                style={styles.field}
                onChange={(e) => {
                  const next = specs.find((s) => s.name === e.target.value);
                  if (!next) return;
                  const op = OPERATORS_BY_TYPE[next.type][0] as Operator;
                  replace(i, { field: next.name, op, value: defaultValue(next, op) });
                }}
              >
                {!spec && <option value={c.field}>{c.field}</option>}
                {specs.map((s) => (
                  <option key={s.name} value={s.name}>
                    {fieldLabel(s.name)}
                  </option>
                ))}
              </select>
              <select
                aria-label={t('editor.operator')}
                value={c.op}
                style={styles.op}
                onChange={(e) => {
                  const op = e.target.value as Operator;
                  replace(i, spec ? { field: c.field, op, value: carryValue(spec, c, op) } : { ...c, op });
                }}
              >
                {ops.map((op) => (
                  <option key={op} value={op}>
                    {opLabel(op)}
                  </option>
                ))}
              </select>
              {spec && !VALUELESS_OPERATORS.includes(c.op) && (
                <ValueInput spec={spec} condition={c} valueLabel={valueLabel} onChange={(value) => replace(i, { ...c, value })} />
              )}
              <button type="button" className="icon-button" aria-label={t('editor.remove')} title={t('editor.remove')} onClick={() => remove(i)}>
                ×
              </button>
              {problems[i] !== null && (
                <span className="field-error" style={styles.problem} title={problems[i] ?? undefined}>
                  {t('editor.incomplete')}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <div style={styles.actions}>
        <button type="button" onClick={add}>
          {t('editor.add')}
        </button>
        <button type="button" disabled={filter.conditions.length === 0} onClick={() => onChange({ conditions: [] })}>
          {t('editor.clear')}
        </button>
      </div>
      <p className="muted" style={styles.note}>
        {time
          ? t('editor.timeApplies', { fields: (time.type === 'instant' ? [time.field] : [time.start, time.end]).map(fieldLabel).join(' – ') })
          : t('editor.timeNotApplicable')}
      </p>
    </section>
  );
}

/** Operators that read better in words on dates ("from", "until"). */
const DATE_OPS = { gt: true, gte: true, lt: true, lte: true } as const;

function ValueInput({
  spec,
  condition,
  valueLabel,
  onChange,
}: {
  spec: FieldSpec;
  condition: Condition;
  valueLabel(field: string, value: string): string;
  onChange(value: ConditionValue | undefined): void;
}) {
  const { t } = useTranslation('filters');
  const v = condition.value;
  switch (spec.type) {
    case 'enum':
      if (condition.op === 'in') {
        const chosen = Array.isArray(v) ? v : [];
        return (
          <select
            multiple
            aria-label={t('editor.values')}
            value={chosen}
            size={Math.min(4, spec.options?.length ?? 1)}
            style={styles.value}
            onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}
          >
            {(spec.options ?? []).map((o) => (
              <option key={o} value={o}>
                {valueLabel(spec.name, o)}
              </option>
            ))}
          </select>
        );
      }
      return (
        <select aria-label={t('editor.value')} value={typeof v === 'string' ? v : ''} style={styles.value} onChange={(e) => onChange(e.target.value)}>
          {(spec.options ?? []).map((o) => (
            <option key={o} value={o}>
              {valueLabel(spec.name, o)}
            </option>
          ))}
        </select>
      );
    case 'boolean':
      return (
        <select aria-label={t('editor.value')} value={v === false ? 'false' : 'true'} style={styles.value} onChange={(e) => onChange(e.target.value === 'true')}>
          <option value="true">{t('editor.yes')}</option>
          <option value="false">{t('editor.no')}</option>
        </select>
      );
    case 'integer':
    case 'number':
      return (
        <input
          type="number"
          aria-label={t('editor.value')}
          step={spec.type === 'integer' ? 1 : 'any'}
          value={typeof v === 'number' ? v : ''}
          style={styles.value}
          // An emptied box leaves the condition incomplete rather than silently meaning 0.
          onChange={(e) => onChange(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'date':
      return (
        <input
          type="date"
          aria-label={t('editor.value')}
          value={typeof v === 'string' ? v.slice(0, 10) : ''}
          style={styles.value}
          onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
        />
      );
    default:
      return <input type="text" aria-label={t('editor.value')} value={typeof v === 'string' ? v : ''} style={styles.value} onChange={(e) => onChange(e.target.value)} />;
  }
}

/** Inline because the component ships without touching the app's stylesheet. */
const styles = {
  editor: { display: 'flex', flexDirection: 'column', gap: 6, padding: '8px 0', fontSize: 13 },
  head: { display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', gap: 8 },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: 6 },
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 4 },
  field: { flex: '1 1 8em', minWidth: 0 },
  op: { flex: '0 0 auto' },
  value: { flex: '1 1 7em', minWidth: 0 },
  problem: { flexBasis: '100%', fontSize: 12 },
  actions: { display: 'flex', gap: 6 },
  note: { margin: 0, fontSize: 12 },
} as const;
