import { useMarkingScheme } from '../state/settings';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CgFeature } from '../../shared/domain/feature';
import { featureEffectiveMarking } from '../../shared/domain/feature-marking';
import { type Marking } from '../../shared/domain/marking';
import type { Layer } from '../../shared/domain/layer';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { MarkingBadge } from './MarkingBadge';
import { MarkingEditor } from './MarkingEditor';
import { markingDetails } from './marking-labels';

export interface MarkingSectionProps {
  layer: Layer;
  feature: CgFeature;
  onFeatureMarking(marking: Marking | undefined): void;
  onLayerMarking(marking: Marking): void;
}

/** The selected feature's marking (its own, or its layer's) and its layer's, each editable. */
export function MarkingSection({ layer, feature, onFeatureMarking, onLayerMarking }: MarkingSectionProps) {
  const { t } = useTranslation('markings');
  const scheme = useMarkingScheme();
  const directory = useSharingDirectory((s) => s.directory);
  const [editing, setEditing] = useState<'feature' | 'layer' | null>(null);
  const effective = featureEffectiveMarking(feature.properties, layer.marking, scheme);
  const name = String(feature.properties.name ?? feature.id);
  const summary = (m: Marking) => markingDetails(t, directory, m);
  return (
    <section className="marking-section" aria-label={t('title')} data-testid="inspector-marking">
      <h3>{t('title')}</h3>
      <div className="marking-line" data-testid="feature-marking" data-inherited={effective.inherited}>
        <span className="marking-who">{t('feature')}</span>
        <span className="marking-value">
          <MarkingBadge classification={effective.marking.classification} inherited={effective.inherited} />
          <span className="muted">{effective.inherited ? t('inherited') : t('own')}</span>
        </span>
        <button type="button" aria-label={t('changeFeature', { name })} aria-expanded={editing === 'feature'} onClick={() => setEditing(editing === 'feature' ? null : 'feature')}>
          {t('change')}
        </button>
        <span className="marking-summary">{summary(effective.marking)}</span>
      </div>
      {editing === 'feature' && (
        <MarkingEditor
          name={name}
          marking={effective.marking}
          directory={directory}
          layer={{ marking: layer.marking, inherited: effective.inherited }}
          onCancel={() => setEditing(null)}
          onSave={(m) => {
            setEditing(null);
            onFeatureMarking(m);
          }}
        />
      )}
      <div className="marking-line" data-testid="layer-marking">
        <span className="marking-who">{t('layer')}</span>
        <span className="marking-value">
          <MarkingBadge classification={layer.marking.classification} />
        </span>
        <button type="button" aria-label={t('changeLayer', { name: layer.name })} aria-expanded={editing === 'layer'} onClick={() => setEditing(editing === 'layer' ? null : 'layer')}>
          {t('change')}
        </button>
        <span className="marking-summary">{summary(layer.marking)}</span>
      </div>
      {editing === 'layer' && (
        <MarkingEditor
          name={layer.name}
          marking={layer.marking}
          directory={directory}
          onCancel={() => setEditing(null)}
          onSave={(m) => {
            setEditing(null);
            if (m) onLayerMarking(m);
          }}
        />
      )}
    </section>
  );
}
