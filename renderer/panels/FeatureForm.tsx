import { useState, type FormEvent } from 'react';
import { MARKING_FIELDS } from '../../shared/domain/feature-marking';
import { useTranslation } from 'react-i18next';
import type { Kind } from '../../shared/domain/common';
import type { CgFeature, FeatureProperties, PropertyValue } from '../../shared/domain/feature';
import { fieldSpecs, validateProperties, type FieldSpec } from '../../shared/domain/field-specs';

type Draft = Record<string, string | boolean>;

function toDraft(spec: FieldSpec, v: PropertyValue | undefined): string | boolean {
  if (spec.type === 'boolean') return v === true;
  if (v === undefined || v === null) return '';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}

/** Converts the form's strings back to typed values; empty optional fields are removed. */
function fromDraft(spec: FieldSpec, v: string | boolean): PropertyValue | undefined {
  if (spec.type === 'boolean') return v === true;
  const s = String(v).trim();
  if (s === '') return undefined;
  if (spec.type === 'integer' || spec.type === 'number') {
    const n = Number(s.replace(',', '.'));
    return Number.isFinite(n) ? n : s;
  }
  return s;
}

/** The kind's form, built from its schema, validated by the same schema before saving. */
export function FeatureForm({
  kind,
  feature,
  onSave,
  onCancel,
}: {
  kind: Kind;
  feature: CgFeature;
  onSave(patch: FeatureProperties): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation('inspector');
  // The marking is edited in its own section (MarkingSection), through the scheme and the directory.
  const specs = fieldSpecs(kind).filter((s) => !(MARKING_FIELDS as readonly string[]).includes(s.name));
  const [draft, setDraft] = useState<Draft>(() => Object.fromEntries(specs.map((s) => [s.name, toDraft(s, feature.properties[s.name])])));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const patch: FeatureProperties = {};
    for (const s of specs) patch[s.name] = fromDraft(s, draft[s.name] ?? '');
    const merged: Record<string, unknown> = { ...feature.properties };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete merged[k];
      else merged[k] = v;
    }
    const problems = validateProperties(kind, merged);
    setErrors(Object.fromEntries(problems.map((p) => [p.field, p.message])));
    if (problems.length) return;
    setSaving(true);
    try {
      await onSave(patch);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form className="form feature-form" onSubmit={(e) => void submit(e)} noValidate>
      {specs.map((s) => {
        const id = `field-${s.name}`;
        const label = t(`domain:fields.${s.name}`);
        const err = errors[s.name];
        const value = draft[s.name];
        const set = (v: string | boolean) => setDraft((d) => ({ ...d, [s.name]: v }));
        return (
          <div key={s.name} className={`field${err ? ' field-error' : ''}`}>
            <label htmlFor={id}>
              {label}
              {s.required && <span className="required"> *</span>}
            </label>
            {s.type === 'enum' ? (
              <select id={id} name={s.name} value={String(value)} onChange={(e) => set(e.target.value)} aria-invalid={!!err}>
                <option value="">—</option>
                {s.options?.map((o) => (
                  <option key={o} value={o}>
                    {t(`domain:values.${s.name}.${o}`, { defaultValue: o })}
                  </option>
                ))}
              </select>
            ) : s.type === 'boolean' ? (
              <input id={id} name={s.name} type="checkbox" checked={value === true} onChange={(e) => set(e.target.checked)} />
            ) : s.type === 'longtext' ? (
              <textarea id={id} name={s.name} rows={3} value={String(value)} onChange={(e) => set(e.target.value)} aria-invalid={!!err} />
            ) : (
              <input
                id={id}
                name={s.name}
                type="text"
                inputMode={s.type === 'integer' || s.type === 'number' ? 'decimal' : undefined}
                placeholder={s.type === 'date' ? 'YYYY-MM-DD' : undefined}
                value={String(value)}
                onChange={(e) => set(e.target.value)}
                aria-invalid={!!err}
              />
            )}
            {err && (
              <span className="error-text" role="alert">
                {err}
              </span>
            )}
          </div>
        );
      })}
      <div className="panel-actions">
        <button type="button" onClick={onCancel} disabled={saving}>
          {t('common:actions.cancel')}
        </button>
        <button type="submit" className="primary" disabled={saving}>
          {t('common:actions.save')}
        </button>
      </div>
    </form>
  );
}
