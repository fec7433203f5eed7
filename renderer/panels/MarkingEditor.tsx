import { useMarkingScheme } from '../state/settings';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { orderedLevels, levelOf, type Marking, type MarkingScheme } from '../../shared/domain/marking';
import type { SharingDirectory } from '../../shared/domain/sharing-directory';
import { levelLabel } from './marking-labels';
import './markings.css';

export interface MarkingEditorProps {
  /** Whose marking this is, for the form's name. */
  name: string;
  marking: Marking;
  directory: SharingDirectory;
  scheme?: MarkingScheme;
  /** For a feature: its layer's marking, offered as "same as the layer"; `inherited` when it has none of its own. */
  layer?: { marking: Marking; inherited: boolean };
  /** The new marking, or undefined for "same as the layer". */
  onSave(marking: Marking | undefined): void;
  onCancel(): void;
}

/** Classification, caveats, originator and releasable-to parties, chosen from the scheme and the sharing directory. */
export function MarkingEditor({ name, marking, directory, scheme: given, layer, onSave, onCancel }: MarkingEditorProps) {
  const { t, i18n } = useTranslation('markings');
  const chosen = useMarkingScheme();
  const scheme = given ?? chosen;
  const [inherit, setInherit] = useState(layer?.inherited ?? false);
  const [draft, setDraft] = useState<Marking>(marking);
  const label = (code: string) => levelLabel(t, i18n.language, scheme, code);
  const known = levelOf(scheme, draft.classification) !== undefined;
  const toggle = (list: readonly string[], id: string, on: boolean): string[] => (on ? [...new Set([...list, id])] : list.filter((x) => x !== id));
  const disabled = inherit;
  const orgIds = new Set(directory.organisations.map((o) => o.id));
  const unknownParties = draft.releasableTo.filter((p) => !orgIds.has(p) && !directory.groups.some((g) => g.id === p));

  return (
    <form
      className="form marking-editor"
      aria-label={t('editorTitle', { name })}
      onSubmit={(e) => {
        e.preventDefault();
        onSave(inherit ? undefined : draft);
      }}
    >
      {layer && (
        <label className="check">
          <input type="checkbox" checked={inherit} onChange={(e) => setInherit(e.target.checked)} />
          <span>{t('inherit', { marking: label(layer.marking.classification) })}</span>
        </label>
      )}
      <label>
        <span>{t('fields.classification')}</span>
        <select value={draft.classification} disabled={disabled} onChange={(e) => setDraft({ ...draft, classification: e.target.value })}>
          {orderedLevels(scheme).map((l) => (
            <option key={l.code} value={l.code}>
              {label(l.code)}
            </option>
          ))}
          {!known && <option value={draft.classification}>{t('unknownLevel', { code: draft.classification })}</option>}
        </select>
      </label>
      {scheme.caveats.length > 0 && (
        <fieldset disabled={disabled}>
          <legend>{t('fields.caveats')}</legend>
          {scheme.caveats.map((c) => (
            <label key={c.code} className="check">
              <input type="checkbox" checked={draft.caveats.includes(c.code)} onChange={(e) => setDraft({ ...draft, caveats: toggle(draft.caveats, c.code, e.target.checked).sort() })} />
              <span>{c.labels?.[i18n.language] ?? c.code}</span>
            </label>
          ))}
        </fieldset>
      )}
      <label>
        <span>{t('fields.originator')}</span>
        <select value={draft.originator} disabled={disabled} onChange={(e) => setDraft({ ...draft, originator: e.target.value })}>
          <option value="">{t('noOriginator')}</option>
          {directory.organisations.map((o) => (
            <option key={o.id} value={o.id}>
              {o.shortName ? `${o.shortName} — ${o.name}` : o.name}
            </option>
          ))}
          {draft.originator && !orgIds.has(draft.originator) && <option value={draft.originator}>{draft.originator}</option>}
        </select>
      </label>
      <fieldset disabled={disabled}>
        <legend>{t('fields.releasableTo')}</legend>
        <div className="marking-parties">
          {directory.groups.length > 0 && <h4>{t('groups')}</h4>}
          {directory.groups.map((g) => (
            <label key={g.id}>
              <input type="checkbox" checked={draft.releasableTo.includes(g.id)} onChange={(e) => setDraft({ ...draft, releasableTo: toggle(draft.releasableTo, g.id, e.target.checked) })} />
              <span>{g.name}</span>
            </label>
          ))}
          {directory.organisations.length > 0 && <h4>{t('organisations')}</h4>}
          {directory.organisations.map((o) => (
            <label key={o.id}>
              <input type="checkbox" checked={draft.releasableTo.includes(o.id)} onChange={(e) => setDraft({ ...draft, releasableTo: toggle(draft.releasableTo, o.id, e.target.checked) })} />
              <span>{o.shortName ?? o.name}</span>
            </label>
          ))}
          {unknownParties.map((p) => (
            <label key={p}>
              <input type="checkbox" checked onChange={() => setDraft({ ...draft, releasableTo: toggle(draft.releasableTo, p, false) })} />
              <span>{p}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <div className="modal-actions">
        <button type="button" onClick={onCancel}>
          {t('common:actions.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('common:actions.save')}
        </button>
      </div>
    </form>
  );
}
