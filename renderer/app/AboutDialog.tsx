import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Platform } from '../platform';
import { Dialog } from './Dialog';

type Info = Awaited<ReturnType<Platform['appInfo']>>;

export function AboutDialog({ platform, onClose }: { platform: Platform; onClose(): void }) {
  const { t } = useTranslation();
  const [info, setInfo] = useState<Info | null>(null);
  useEffect(() => {
    void platform.appInfo().then(setInfo);
  }, [platform]);
  return (
    <Dialog title={t('about.title')} onClose={onClose}>
      <p>{t('about.body')}</p>
      {info && (
        <dl className="about-info">
          <dt>{t('about.version')}</dt>
          <dd>{info.version}</dd>
          <dt>{t('about.platform')}</dt>
          <dd>{platform.kind === 'web' ? t('about.web') : `Electron ${info.electron} · ${info.platform}`}</dd>
        </dl>
      )}
      <p className="muted">{t('about.credits')}</p>
      <div className="modal-actions">
        <button type="button" className="primary" onClick={onClose}>
          {t('actions.close')}
        </button>
      </div>
    </Dialog>
  );
}
