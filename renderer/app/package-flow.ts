import * as Comlink from 'comlink';
import { z } from 'zod';
import { changeSummary } from '../../shared/domain/changeset';
import type { Author } from '../../shared/domain/feature';
import { exportPrivateKeyJwk, generateSigningKeyPair, keyIdOf, signingIdentity } from '../../shared/package';
import type { ShareRequest } from '../../shared/package/from-store';
import type { Platform } from '../platform';
import { usePackages, type ShareState } from '../state/package-store';
import { currentScheme, useSettings } from '../state/settings';
import { useSharingDirectory } from '../state/sharing-directory-store';
import { useSigningKey } from '../state/signing-key-store';
import { useUi, type Notice } from '../state/ui-store';
import { createImportWorker, type ImportWorkerHandle } from '../workers/import-client';
import type { ApplySummary } from '../workers/store.worker';
import type { StoreClient } from '../workers/store-client';
import { parseJson } from '../../shared/io/text';

type Translate = (key: string, options?: Record<string, unknown>) => string;

export interface PackageHost {
  store: StoreClient;
  platform: Platform;
  t: Translate;
  author(): Author;
  notify(tone: Notice['tone'], text: Notice['text'], action?: Notice['action']): void;
  refresh(change: ApplySummary | null): Promise<void>;
  openConflicts(): void;
}

/**
 * Data packages in the app. Opening: the import worker reads and checks the package (hashes,
 * signature against the directory's keys) and plans its merge against the store; the page only
 * sees the preview; committing is one changeset. Sharing: the store worker plans and builds the
 * package where the features are; the page saves the bytes through the platform.
 */
/** The public key file partners exchange (savePublicKey writes it). */
const KeyFileSchema = z.object({ org: z.string().min(1).max(100), id: z.string().min(1).max(100), publicKey: z.base64().length(44) });

export class PackageFlow {
  private worker: ImportWorkerHandle | null = null;
  /** The package being opened, kept to check it again once the user trusts its signer's key. */
  private opened: { fileName: string; bytes: Uint8Array } | null = null;

  constructor(private readonly host: PackageHost) {}

  // ---- opening ----

  async open(fileName: string, bytes: Uint8Array): Promise<void> {
    const { t, notify } = this.host;
    if (usePackages.getState().open) {
      notify('error', () => t('package:open.busy'));
      return;
    }
    usePackages.setState({ open: { stage: 'checking', fileName } });
    this.opened = { fileName, bytes: bytes.slice() };
    await this.inspect(fileName, bytes);
  }

  private async inspect(fileName: string, bytes: Uint8Array): Promise<void> {
    const { t, notify } = this.host;
    const worker = (this.worker ??= createImportWorker());
    try {
      const buffer = bytes.slice().buffer;
      const existing = useUi.getState().layers.map((l) => l.id);
      const inspection = await worker.api.inspectPackage(
        fileName,
        Comlink.transfer(buffer, [buffer]),
        useSharingDirectory.getState().directory,
        existing,
        await this.storePort(),
      );
      if (usePackages.getState().open?.fileName !== fileName) return;
      if (!inspection.ok) {
        usePackages.setState({ open: null });
        notify('error', () => t('package:open.refused', { file: fileName, reason: t(`package:refusals.${inspection.code}`, inspection.params) }));
        return;
      }
      usePackages.setState({ open: { stage: 'preview', fileName, inspection } });
    } catch (e) {
      usePackages.setState({ open: null });
      notify('error', () => t('package:open.refused', { file: fileName, reason: message(e) }));
    }
  }

  async commitOpen(): Promise<void> {
    const { t, notify } = this.host;
    const open = usePackages.getState().open;
    if (open?.stage !== 'preview' || !this.worker) return;
    usePackages.setState({ open: { ...open, stage: 'committing' } });
    try {
      const maxOrder = Math.max(0, ...useUi.getState().layers.map((l) => l.order));
      const applied = await this.worker.api.commitPackage(
        { author: this.host.author(), now: new Date().toISOString(), fileName: open.fileName, firstOrder: maxOrder + 1, summary: changeSummary('openPackage', { file: open.fileName }), scheme: currentScheme() },
        await this.storePort(),
      );
      usePackages.setState({ open: null });
      this.opened = null;
      await this.host.refresh(applied);
      const c = open.inspection.preview.totals;
      notify(
        'info',
        () => t('package:open.done', { file: open.fileName, added: c.added, updated: c.updated, unchanged: c.unchanged, withdrawn: c.withdrawn, conflicts: c.conflict, refused: c.refused }),
        c.conflict > 0 ? { label: () => t('conflicts:review'), run: () => this.host.openConflicts() } : undefined,
      );
    } catch (e) {
      usePackages.setState({ open: null });
      notify('error', () => t('package:open.commitFailed', { file: open.fileName, reason: message(e) }));
    }
  }

  cancelOpen(): void {
    usePackages.setState({ open: null });
    this.opened = null;
    void this.worker?.api.discard();
  }

  /**
   * Trusts the signer of the package being opened from the public key file its organisation
   * gave: the file must be that organisation's and its key the very one that signed (same key
   * id), then the key goes into the sharing directory and the package is checked again.
   */
  async trustSignerFromFile(): Promise<void> {
    const { t, notify, platform } = this.host;
    const open = usePackages.getState().open;
    if (open?.stage !== 'preview' || open.inspection.signature.status !== 'untrusted-signer' || !this.opened) return;
    const result = await platform.openFiles({ title: t('package:trust.title'), filters: [{ name: 'JSON', extensions: ['json'] }], multiple: false });
    const file = result.files[0];
    if (!file) return;
    const json = parseJson(new TextDecoder().decode(file.bytes));
    const parsed = KeyFileSchema.safeParse(json.ok ? json.value : null);
    if (!parsed.success) {
      notify('error', () => t('package:trust.notAKeyFile', { file: file.name }));
      return;
    }
    const key = parsed.data;
    const sender = open.inspection.manifest.sender.org;
    const keyId = await keyIdOf(key.publicKey);
    const signer = open.inspection.signature.keyId;
    if (key.org !== sender || keyId !== signer) {
      notify('error', () => t('package:trust.mismatch', { file: file.name, org: key.org, keyId, sender, signer }));
      return;
    }
    const { directory, replace } = useSharingDirectory.getState();
    if (!directory.organisations.some((o) => o.id === sender)) {
      notify('error', () => t('package:trust.unknownOrg', { org: sender }));
      return;
    }
    replace({
      ...directory,
      organisations: directory.organisations.map((o) =>
        o.id === sender ? { ...o, keys: [...(o.keys ?? []).filter((k) => k.publicKey !== key.publicKey), { id: key.id, algorithm: 'Ed25519' as const, publicKey: key.publicKey }] } : o,
      ),
    });
    usePackages.setState({ open: { stage: 'checking', fileName: open.fileName } });
    await this.inspect(this.opened.fileName, this.opened.bytes);
  }

  // ---- sharing ----

  startShare(layerIds?: string[]): void {
    const layers = useUi.getState().layers;
    const directory = useSharingDirectory.getState().directory;
    const own = useSettings.getState().organisationId;
    const recipient = directory.organisations.find((o) => o.id !== own)?.id ?? directory.groups[0]?.id ?? '';
    usePackages.setState({
      share: {
        layerIds: layerIds ?? layers.filter((l) => l.visible).map((l) => l.id),
        recipient,
        omitSensitive: true,
        sign: useSigningKey.getState().key !== null,
        format: 'cg',
        preview: null,
        busy: false,
      },
    });
    void this.replan();
  }

  setShare(patch: Partial<Omit<ShareState, 'preview' | 'busy'>>): void {
    const share = usePackages.getState().share;
    if (!share) return;
    usePackages.setState({ share: { ...share, ...patch, preview: null } });
    void this.replan();
  }

  closeShare(): void {
    usePackages.setState({ share: null });
  }

  private request(share: ShareState): ShareRequest {
    const s = useSettings.getState();
    return {
      layerIds: share.layerIds,
      recipient: share.recipient,
      sender: { org: s.organisationId || s.authorOrg || 'unknown', person: s.authorName || 'unknown' },
      directory: useSharingDirectory.getState().directory,
      scheme: currentScheme(),
      omitSensitive: share.omitSensitive,
    };
  }

  private async replan(): Promise<void> {
    const share = usePackages.getState().share;
    if (!share || !share.recipient || share.layerIds.length === 0) return;
    try {
      const preview = await this.host.store.planShare(this.request(share));
      const now = usePackages.getState().share;
      if (now && now.recipient === share.recipient && now.layerIds === share.layerIds && now.omitSensitive === share.omitSensitive) {
        usePackages.setState({ share: { ...now, preview } });
      }
    } catch (e) {
      this.host.notify('error', () => this.host.t('package:share.failed', { reason: message(e) }));
    }
  }

  async saveShare(): Promise<void> {
    const { t, notify, platform } = this.host;
    const share = usePackages.getState().share;
    if (!share?.preview || share.busy) return;
    usePackages.setState({ share: { ...share, busy: true } });
    try {
      const key = share.sign && share.format === 'cg' ? useSigningKey.getState().key : null;
      const built = await this.host.store.buildShare(this.request(share), share.format, key ? { privateKeyJwk: key.privateKeyJwk, publicKey: key.publicKey } : undefined);
      const sender = this.request(share).sender.org;
      const day = new Date().toISOString().slice(0, 10);
      const base = `${sender}-to-${share.recipient}-${day}`.replace(/[^\w.-]+/g, '_');
      const saved = await platform.saveFile({
        suggestedName: share.format === 'tak' ? `${base}-tak.zip` : `${base}.cgpkg`,
        filters: [{ name: t(share.format === 'tak' ? 'package:share.takFilter' : 'package:share.filter'), extensions: [share.format === 'tak' ? 'zip' : 'cgpkg'] }],
        data: new Uint8Array(built.bytes),
        mimeType: 'application/zip',
      });
      if (saved) {
        usePackages.setState({ share: null });
        notify('info', () => t('package:share.done', { recipient: share.recipient, sent: built.preview.totals.sent, withdrawn: built.preview.totals.withdrawn, withheld: built.preview.totals.withheld }));
      } else {
        usePackages.setState({ share: { ...share, busy: false } });
      }
    } catch (e) {
      usePackages.setState({ share: { ...share, busy: false } });
      notify('error', () => t('package:share.failed', { reason: message(e) }));
    }
  }

  // ---- keys ----

  /** A new Ed25519 key pair for the user's organisation, kept by the app. */
  async createSigningKey(): Promise<void> {
    const s = useSettings.getState();
    const pair = await generateSigningKeyPair();
    const identity = await signingIdentity(pair);
    useSigningKey.getState().set({
      org: s.organisationId || s.authorOrg || 'unknown',
      keyId: await keyIdOf(identity.publicKey),
      publicKey: identity.publicKey,
      privateKeyJwk: (await exportPrivateKeyJwk(pair.privateKey)) as StoredJwk,
      createdAt: new Date().toISOString(),
    });
  }

  /** The public key as a small JSON file for partners to add to their directory. */
  async savePublicKey(): Promise<void> {
    const key = useSigningKey.getState().key;
    if (!key) return;
    await this.host.platform.saveFile({
      suggestedName: `${key.org}-signing-key.json`,
      filters: [{ name: 'JSON', extensions: ['json'] }],
      data: `${JSON.stringify({ org: key.org, id: key.keyId, publicKey: key.publicKey }, null, 2)}\n`,
      mimeType: 'application/json',
    });
  }

  private async storePort(): Promise<MessagePort> {
    const channel = new MessageChannel();
    await this.host.store.attachPort(Comlink.transfer(channel.port1, [channel.port1]));
    return Comlink.transfer(channel.port2, [channel.port2]);
  }
}

type StoredJwk = { kty: 'OKP'; crv: 'Ed25519'; d: string; x: string };


function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
