import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CgFeature } from '../../shared/domain/feature';
import { formatMessage, msg, type Message } from '../../shared/i18n/message';
import type { DrawFlow } from '../app/draw-flow';
import { editableShape } from '../map/draw-controller';

/** The selected feature's shape tools in the inspector: edit shape, split a line, merge, buffer. */
export function ShapeActions({ flow, layerId, feature }: { flow: DrawFlow; layerId: string; feature: CgFeature }) {
  const { t } = useTranslation('draw');
  const [error, setError] = useState<Message | null>(null);
  const g = feature.geometry;
  if (!g) return null;
  const ref = { layerId, featureId: feature.id };
  const mergeable = ['LineString', 'MultiLineString', 'Polygon', 'MultiPolygon'].includes(g.type);
  return (
    <div className="shape-actions" role="group" aria-label={t('groups.draw')}>
      <button
        type="button"
        onClick={() => {
          const err = editableShape(g) ? flow.startEdit(ref, feature) : msg('draw:errors.notEditable');
          setError(err);
        }}
      >
        {t('shape.edit')}
      </button>
      {g.type === 'LineString' && (
        <button type="button" onClick={() => flow.startSplit(ref)}>
          {t('shape.split')}
        </button>
      )}
      {mergeable && (
        <button type="button" onClick={() => flow.startMerge(ref)}>
          {t('shape.merge')}
        </button>
      )}
      <button type="button" onClick={() => flow.start('buffer')}>
        {t('shape.buffer')}
      </button>
      {error && (
        <span className="error-text" role="alert">
          {formatMessage(t, error)}
        </span>
      )}
    </div>
  );
}
