import * as Comlink from 'comlink';
import { isSafeOrigin } from '../../shared/basemaps/online-sources';
import { adoptHubDirectory, sameDirectory } from '../../shared/domain/hub-directory';
import type { Author } from '../../shared/domain/feature';
import type { Marking } from '../../shared/domain/marking';
import type { Platform } from '../platform';
import { useHub, useHubSettings } from '../state/hub-settings';
import { useSettings } from '../state/settings';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { useHubPeople } from '../state/hub-people';
import type { StoreClient } from '../workers/store-client';
import type { ApplySummary, HubPageEvent } from '../workers/store.worker';
import { ALLOWED_HUB_ORIGIN } from './csp-boot';
import type { Notice } from '../state/ui-store';

export interface HubFlowHost {
  store: StoreClient;
  platform: Platform;
  t: (key: string, options?: Record<string, unknown>) => string;
  notify(tone: Notice['tone'], text: Notice['text']): void;
  refresh(change: ApplySummary | null): Promise<void>;
  author(): Author;
  /** Whether this page load may connect to `origin` (its policy was built from the stored address). */
  originAllowed?(origin: string): boolean;
  reload?(): void;
}

/**
 * The JOC hub from the page's side: the address, logging in and out, and what the sync in the
 * store worker reports (its state into `useHub`, applied changes into the same refresh as local
 * edits, notices worded here). The password goes from the form to the hub and is not kept.
 */
export class HubFlow {
  private directoryStale = false;

  constructor(private readonly host: HubFlowHost) {}

  /** At start-up: a stored session resumes syncing. */
  async resume(): Promise<void> {
    const s = useHubSettings.getState();
    if (!s.url || !s.token) return;
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) {
      useHubSettings.getState().update({ token: null });
      return;
    }
    await this.start();
  }

  open(): void {
    useHub.setState({ open: true, loginError: null });
  }

  close(): void {
    useHub.setState({ open: false, confirmLogout: null });
  }

  /**
   * A new address is saved and allowed in the page's policy; this page load can only connect to
   * the origin its policy was built with, so a new one reloads the page (nothing is lost: the
   * store is in IndexedDB, the address in localStorage). Returns false when it is not an address.
   */
  async setAddress(text: string): Promise<boolean> {
    const origin = originOf(text);
    if (!origin) return false;
    useHubSettings.getState().update({ url: origin, token: null, expiresAt: null, orgId: null });
    await this.host.platform.allowHubOrigin(origin);
    const allowed = this.host.originAllowed ?? ((o: string) => o === ALLOWED_HUB_ORIGIN);
    if (!allowed(origin)) (this.host.reload ?? (() => location.reload()))();
    return true;
  }

  async login(login: string, password: string): Promise<void> {
    const url = useHubSettings.getState().url;
    if (!url) return;
    useHub.setState({ busy: true, loginError: null });
    try {
      const result = await this.host.store.hubLogin(url, login, password);
      if (!result.ok) {
        useHub.setState({ loginError: result.code });
        return;
      }
      useHubSettings.getState().update({ login, token: result.login.token, expiresAt: result.login.expiresAt, orgId: result.login.user.orgId });
      // What the user marks from now on is originated by the organisation the hub knows them by.
      useSettings.getState().update({ organisationId: result.login.user.orgId });
      await this.start();
    } finally {
      useHub.setState({ busy: false });
    }
  }

  async syncNow(): Promise<void> {
    await this.host.store.hubSyncNow();
  }

  /** Asks before logging out, naming what has not reached the hub yet. */
  async askLogout(): Promise<void> {
    useHub.setState({ confirmLogout: await this.host.store.hubPending() });
  }

  /** Logging out removes the hub's layers and what waited to be pushed from this workstation. */
  async logout(): Promise<void> {
    const url = useHubSettings.getState().url ?? '';
    const change = await this.host.store.hubForget(url);
    useHubSettings.getState().update({ token: null, expiresAt: null });
    useHub.setState({ state: null, confirmLogout: null });
    useHubPeople.getState().replace({});
    await this.host.refresh(change);
    this.host.notify('info', () => this.host.t('hub:loggedOut'));
  }

  /** Shares a local layer on the hub with its marking and contributors; its features follow through the outbox. */
  async shareLayer(layerId: string, marking: Marking, contributors: string[]): Promise<boolean> {
    const result = await this.host.store.hubShareLayer(layerId, marking, contributors, this.host.author());
    if (!result.ok) {
      this.host.notify('error', () => this.host.t('hub:shareFailed', { reason: this.host.t(`messages:${result.code}`) }));
      return false;
    }
    await this.host.refresh(result.change);
    return true;
  }

  private async start(): Promise<void> {
    const { url, token, orgId } = useHubSettings.getState();
    if (!url || !token) return;
    await this.host.store.hubStart({ url, token, orgId: orgId ?? '' }, Comlink.proxy((event: HubPageEvent) => this.onEvent(event)));
    await this.adoptDirectory();
  }

  /** The hub's organisations and groups become the workstation's directory (names, parties offered). */
  private async adoptDirectory(): Promise<void> {
    const hub = await this.host.store.hubDirectory();
    if (!hub) return;
    useHubPeople.getState().replace(Object.fromEntries(hub.people.map((p) => [p.id, { login: p.login, orgId: p.orgId }])));
    const directory = useSharingDirectory.getState();
    const adopted = adoptHubDirectory(directory.directory, hub);
    if (!sameDirectory(adopted, directory.directory)) directory.replace(adopted);
  }

  private onEvent(event: HubPageEvent): void {
    if (event.type === 'status') {
      // Back on line after a drop: the directory may have changed meanwhile.
      if (event.state.status === 'offline') this.directoryStale = true;
      if (event.state.status === 'connected' && this.directoryStale) {
        this.directoryStale = false;
        void this.adoptDirectory();
      }
      useHub.setState({ state: event.state });
      if (event.state.status === 'unauthorised') useHubSettings.getState().update({ token: null });
    } else if (event.type === 'applied') {
      void this.host.refresh(event.change);
    } else {
      const { code, params } = event;
      const reason = params.reason;
      this.host.notify(event.tone, () => this.host.t(`hub:notice.${code}`, { ...params, ...(typeof reason === 'string' ? { reason: this.host.t(`messages:${reason}`) } : {}) }));
    }
  }
}

/** What the user typed as the hub's address, as an origin; null when it is not an http(s) address. */
export function originOf(text: string): string | null {
  try {
    const url = new URL(text.trim());
    return isSafeOrigin(url.origin) ? url.origin : null;
  } catch {
    return null;
  }
}
