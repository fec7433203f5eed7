import { useTranslation } from 'react-i18next';
import { noticeText, useUi } from '../state/ui-store';
import { Icon } from './icons';

export function Notices({ onDismiss }: { onDismiss(id: number): void }) {
  const { t } = useTranslation();
  const notices = useUi((s) => s.notices);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.tone}`} role={n.tone === 'error' ? 'alert' : 'status'}>
          <span className="notice-text">{noticeText(n.text)}</span>
          {n.action && (
            <button
              type="button"
              className="link-button"
              onClick={() => {
                n.action?.run();
                onDismiss(n.id);
              }}
            >
              {noticeText(n.action.label)}
            </button>
          )}
          <button type="button" className="icon-button" aria-label={t('actions.dismiss')} onClick={() => onDismiss(n.id)}>
            <Icon name="close" />
          </button>
        </div>
      ))}
    </div>
  );
}
