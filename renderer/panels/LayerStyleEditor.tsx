import { useEffect, useRef, useState } from 'react';
import { OpacitySlider } from './OpacitySlider';
import { useTranslation } from 'react-i18next';
import type { Kind } from '../../shared/domain/common';
import { fieldSpecs } from '../../shared/domain/field-specs';
import { SIZE_MAX, SIZE_MIN, colorModesFor, type ColorMode, type LayerStyle } from '../../shared/domain/layer';
import { PRESET_COLORS, resolveStyle } from '../../shared/layers/style-override';
import './style-editor.css';

export type StyleChange = Partial<Record<keyof LayerStyle, unknown>>;

export interface LayerStyleEditorProps {
  layer: { id: string; name: string; kind: Kind; opacity: number; style?: LayerStyle };
  /** One call per committed change (one undo step); undefined puts a field back to the default. */
  onStyle(change: StyleChange): void;
  onOpacity(opacity: number): void;
}

/** Fields worth labelling with: what the kind's schema names, long free text left out. */
function labelFields(kind: Kind, current: string | null | undefined): string[] {
  const names = fieldSpecs(kind)
    .filter((f) => f.type !== 'longtext' && f.type !== 'boolean')
    .map((f) => f.name);
  return current && !names.includes(current) ? [...names, current] : names;
}

const DEFAULT = '__default';
const NONE = '__none';

/**
 * What a user changes often about one layer's look: how it is coloured, its colour, its size, its
 * label field and its opacity. Sliders preview locally and commit once when let go, so each
 * change is a single undo step, as in the layer row.
 */
export function LayerStyleEditor({ layer, onStyle, onOpacity }: LayerStyleEditorProps) {
  const { t } = useTranslation('style');
  const resolved = resolveStyle(layer.kind, layer.style);
  const modes = colorModesFor(layer.kind);
  const colorUsed = resolved.colorMode === 'single' || layer.kind === 'humanitarian' || layer.kind === 'ddr';
  const [size, setSize] = useState<number | null>(null);
  const commitSize = () => {
    if (size !== null && size !== resolved.size) onStyle({ size: size === 1 ? undefined : size });
    setSize(null);
  };
  // The native colour picker reports every move as `input`; only its `change` (picker closed) is committed.
  const custom = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const input = custom.current;
    if (!input) return;
    const commit = () => onStyle({ color: input.value.toLowerCase() });
    input.addEventListener('change', commit);
    return () => input.removeEventListener('change', commit);
  }, [onStyle, resolved.color]);
  const fieldLabel = (name: string): string => t(`domain:fields.${name}`, { defaultValue: name });
  const labelValue = resolved.labelField === null ? NONE : (resolved.labelField ?? DEFAULT);

  return (
    <section className="style-editor" aria-label={t('editorOf', { name: layer.name })}>
      {modes.length > 1 && (
        <label className="style-row">
          <span>{t('colorBy')}</span>
          <select value={resolved.colorMode} onChange={(e) => onStyle({ colorMode: e.target.value === modes[0] ? undefined : (e.target.value as ColorMode) })}>
            {modes.map((m) => (
              <option key={m} value={m}>
                {t(`modes.${m}`)}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="style-row">
        <span id={`style-color-${layer.id}`}>{t('color')}</span>
        <div className="style-swatches" role="group" aria-labelledby={`style-color-${layer.id}`}>
          {PRESET_COLORS.map((c) => (
            <button
              key={c}
              type="button"
              className="style-swatch"
              style={{ background: c }}
              title={c}
              aria-label={t('useColor', { color: c })}
              aria-pressed={resolved.color === c}
              disabled={!colorUsed}
              onClick={() => onStyle({ color: c })}
            />
          ))}
          {/* Uncontrolled, so the picker can move freely; keyed by the colour so undo shows through. */}
          <input
            key={resolved.color}
            ref={custom}
            type="color"
            className="style-custom-color"
            defaultValue={resolved.color}
            disabled={!colorUsed}
            title={t('customColor')}
            aria-label={t('customColor')}
          />
        </div>
      </div>
      {!colorUsed && <p className="style-hint">{t('colorHint')}</p>}
      <label className="style-row">
        <span>{t('size')}</span>
        <input
          type="range"
          min={SIZE_MIN}
          max={SIZE_MAX}
          step={0.25}
          value={size ?? resolved.size}
          aria-label={t('sizeOf', { name: layer.name })}
          onChange={(e) => setSize(Number(e.target.value))}
          onPointerUp={commitSize}
          onKeyUp={commitSize}
          onBlur={commitSize}
        />
        <output className="style-value">{`×${(size ?? resolved.size).toFixed(2)}`}</output>
      </label>
      <label className="style-row">
        <span>{t('opacity')}</span>
        <OpacitySlider label={t('opacityOf', { name: layer.name })} opacity={layer.opacity} onCommit={onOpacity} showValue />
      </label>
      <label className="style-row">
        <span>{t('label')}</span>
        <select
          value={labelValue}
          onChange={(e) => onStyle({ labelField: e.target.value === DEFAULT ? undefined : e.target.value === NONE ? null : e.target.value })}
        >
          <option value={DEFAULT}>{t(`defaultLabel.${layer.kind}`)}</option>
          <option value={NONE}>{t('noLabels')}</option>
          {labelFields(layer.kind, resolved.labelField).map((f) => (
            <option key={f} value={f}>
              {fieldLabel(f)}
            </option>
          ))}
        </select>
      </label>
      <div className="style-actions">
        <button type="button" disabled={!layer.style} onClick={() => onStyle({ colorMode: undefined, color: undefined, size: undefined, labelField: undefined })}>
          {t('reset')}
        </button>
      </div>
    </section>
  );
}
