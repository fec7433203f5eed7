import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CrsQuestion } from '../../shared/io/types';

/**
 * The question put when a file's coordinates are not degrees and it names no coordinate system:
 * what the numbers look like, the systems they fit (mission countries first), or a code typed.
 */
export function CrsChoice({ question, error, onChoose, onCancel }: { question: CrsQuestion; error: string | null; onChoose(code: string): void; onCancel(): void }) {
  const { t } = useTranslation('import');
  const first = question.suggestions[0]?.code ?? '';
  const [picked, setPicked] = useState(first);
  const [typed, setTyped] = useState('');
  const code = typed.trim() || picked;
  const [minX, minY, maxX, maxY] = question.range.map((v) => Math.round(v).toLocaleString());
  return (
    <section className="crs-choice" aria-label={t('crs.heading')}>
      <h3>{t('crs.heading')}</h3>
      <p>{t('crs.intro', { layer: question.layer })}</p>
      <p data-testid="crs-range">{t(question.looksLike === 'metres' ? 'crs.rangeMetres' : 'crs.rangeUnknown', { minX, maxX, minY, maxY })}</p>
      {question.suggestions.length > 0 ? (
        <fieldset className="crs-suggestions">
          <legend>{t('crs.suggestions')}</legend>
          {question.suggestions.map((s) => (
            <label key={s.code}>
              <input type="radio" name="crs" value={s.code} checked={!typed.trim() && picked === s.code} onChange={() => { setPicked(s.code); setTyped(''); }} />
              <span>
                {s.name} <code>{s.code}</code>
                {s.inMissionArea && <span className="muted"> · {t('crs.missionArea')}</span>}
              </span>
            </label>
          ))}
        </fieldset>
      ) : (
        <p className="muted">{t('crs.noneFits')}</p>
      )}
      <label className="field crs-typed">
        <span>{t('crs.typeCode')}</span>
        <input value={typed} placeholder="EPSG:32634" maxLength={20} onChange={(e) => setTyped(e.target.value)} />
      </label>
      {error && (
        <p className="bad" role="alert">
          {error}
        </p>
      )}
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
        <button type="button" className="primary" disabled={!code} onClick={() => onChoose(code)}>
          {t('crs.read', { code })}
        </button>
      </div>
    </section>
  );
}
