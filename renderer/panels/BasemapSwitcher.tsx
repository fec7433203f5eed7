import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { OnlineSourceInput, OnlineSourceProblem, OnlineSourceType } from '../../shared/basemaps/online-sources';
import './basemap-switcher.css';

export interface BasemapChoice {
  id: string;
  /** null for the bundled basemap (named by the UI). */
  name: string | null;
  origin: 'bundled' | 'file' | 'online';
  kind: 'vector' | 'raster';
  /** Shown under the name: file name, service type, or why it needs attention. */
  detail?: string;
  removable: boolean;
}

export interface BasemapSwitcherProps {
  choices: BasemapChoice[];
  selectedId: string;
  rasterOpacity: number;
  onSelect(id: string): void;
  onRemove(id: string): void;
  onOpacity(opacity: number): void;
  onOpenFile(): void;
  /** Adds the source, or returns what is wrong with it, field by field. */
  onAddOnline(input: OnlineSourceInput): { field: keyof OnlineSourceInput; problem: OnlineSourceProblem }[];
}

/** Picks the basemap beneath the operational layers; opens offline files and adds online sources. */
export function BasemapSwitcher(props: BasemapSwitcherProps) {
  const { t } = useTranslation('basemaps');
  const [open, setOpen] = useState(false);
  const [adding, setAdding] = useState(false);
  const group = useId();
  const selected = props.choices.find((c) => c.id === props.selectedId) ?? props.choices[0];
  const nameOf = (c: BasemapChoice | undefined): string => (c?.name ?? t('bundled'));

  return (
    <section className={open ? 'basemap-switcher' : 'basemap-switcher collapsed'} aria-label={t('title')}>
      <button type="button" className="basemap-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className="basemap-toggle-label">{t('toggle', { name: nameOf(selected) })}</span>
        <span aria-hidden="true">{open ? '▾' : '▴'}</span>
      </button>
      {open && (
        <div className="basemap-body">
          <ul className="basemap-list" role="radiogroup" aria-label={t('title')}>
            {props.choices.map((c) => (
              <li key={c.id} className={c.id === props.selectedId ? 'basemap-item selected' : 'basemap-item'}>
                <label>
                  <input type="radio" name={group} checked={c.id === props.selectedId} onChange={() => props.onSelect(c.id)} />
                  <span className="basemap-name">
                    <span>{nameOf(c)}</span>
                    <span className="basemap-detail">
                      {[c.origin === 'bundled' ? null : t(`type.${c.origin}`), t(`kind.${c.kind}`), c.detail].filter(Boolean).join(' · ')}
                    </span>
                  </span>
                </label>
                {c.removable && (
                  <button type="button" className="basemap-remove" aria-label={t('remove', { name: nameOf(c) })} title={t('remove', { name: nameOf(c) })} onClick={() => props.onRemove(c.id)}>
                    ×
                  </button>
                )}
              </li>
            ))}
          </ul>
          {selected?.kind === 'raster' && (
            <label className="basemap-opacity">
              <span>{t('opacity')}</span>
              <input type="range" min={0} max={100} step={5} value={Math.round(props.rasterOpacity * 100)} onChange={(e) => props.onOpacity(Number(e.target.value) / 100)} />
              <output>{Math.round(props.rasterOpacity * 100)} %</output>
            </label>
          )}
          <div className="basemap-actions">
            <button type="button" onClick={props.onOpenFile}>
              {t('openFile')}
            </button>
            <button type="button" aria-expanded={adding} onClick={() => setAdding(!adding)}>
              {t('addOnline')}
            </button>
          </div>
          {adding && <OnlineSourceForm onCancel={() => setAdding(false)} onAdd={(input) => {
            const problems = props.onAddOnline(input);
            if (problems.length === 0) setAdding(false);
            return problems;
          }} />}
          <p className="basemap-note">{t('onlineNote')}</p>
        </div>
      )}
    </section>
  );
}

function OnlineSourceForm({ onAdd, onCancel }: { onAdd: BasemapSwitcherProps['onAddOnline']; onCancel(): void }) {
  const { t } = useTranslation('basemaps');
  const [input, setInput] = useState<OnlineSourceInput>({ type: 'xyz', name: '', url: '', attribution: '', layers: '', format: 'image/png', version: '1.3.0', matrixSet: '', style: '' });
  const [problems, setProblems] = useState<{ field: keyof OnlineSourceInput; problem: OnlineSourceProblem }[]>([]);
  const set = <K extends keyof OnlineSourceInput>(key: K, value: OnlineSourceInput[K]) => setInput((i) => ({ ...i, [key]: value }));
  const errorFor = (field: keyof OnlineSourceInput) => problems.filter((p) => p.field === field);
  const wmtsRest = input.type === 'wmts' && /\{TileMatrix\}/i.test(input.url);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setProblems(onAdd(input));
  };
  const field = (key: 'name' | 'url' | 'layers' | 'matrixSet' | 'style' | 'attribution', label: string, hint?: string) => (
    <label className="basemap-field">
      <span>{label}</span>
      <input type="text" value={input[key] ?? ''} aria-invalid={errorFor(key).length > 0} onChange={(e) => set(key, e.target.value)} spellCheck={false} />
      {hint && <small>{hint}</small>}
      {errorFor(key).map((p) => (
        <small key={p.problem} className="basemap-error" role="alert">
          {t(`problems.${p.problem}`)}
        </small>
      ))}
    </label>
  );
  return (
    <form className="basemap-form" aria-label={t('form.title')} onSubmit={submit} noValidate>
      <h4>{t('form.title')}</h4>
      <label className="basemap-field">
        <span>{t('form.type')}</span>
        <select value={input.type} onChange={(e) => set('type', e.target.value as OnlineSourceType)}>
          {(['xyz', 'wms', 'wmts'] as const).map((type) => (
            <option key={type} value={type}>
              {t(`type.${type}`)}
            </option>
          ))}
        </select>
      </label>
      {field('name', t('form.name'))}
      {field('url', t('form.url'), t(`form.urlHint.${input.type}`))}
      {input.type === 'wms' && field('layers', t('form.layers'))}
      {input.type === 'wmts' && !wmtsRest && field('layers', t('form.layer'))}
      {input.type === 'wmts' && !wmtsRest && field('matrixSet', t('form.matrixSet'))}
      {(input.type === 'wms' || (input.type === 'wmts' && !wmtsRest)) && (
        <label className="basemap-field">
          <span>{t('form.format')}</span>
          <select value={input.format} onChange={(e) => set('format', e.target.value)}>
            {['image/png', 'image/jpeg', 'image/webp'].map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
          {errorFor('format').map((p) => (
            <small key={p.problem} className="basemap-error" role="alert">
              {t(`problems.${p.problem}`)}
            </small>
          ))}
        </label>
      )}
      {input.type === 'wms' && (
        <label className="basemap-field">
          <span>{t('form.version')}</span>
          <select value={input.version} onChange={(e) => set('version', e.target.value as '1.1.1' | '1.3.0')}>
            <option value="1.3.0">1.3.0</option>
            <option value="1.1.1">1.1.1</option>
          </select>
        </label>
      )}
      {field('attribution', t('form.attribution'))}
      <div className="basemap-form-buttons">
        <button type="button" onClick={onCancel}>
          {t('form.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('form.add')}
        </button>
      </div>
    </form>
  );
}
