import * as Comlink from 'comlink';
import type { Author } from '../../shared/domain/feature';
import { suggestMapping } from '../../shared/domain/field-mapping';
import { groupFiles, SHAPEFILE_SIDECARS, type FileGroup, type NamedBytes } from '../../shared/import/file-set';
import { changeSummary } from '../../shared/domain/changeset';
import { formatMessage } from '../../shared/i18n/message';
import { problemsToCsv, type ReportedProblem } from '../../shared/io/problem-report';
import { supportedExtensions } from '../../shared/import/registry';
import { firstZipEntryName } from '../../shared/io/zip';
import { MANIFEST_FILE } from '../../shared/package/manifest';
import { normaliseEpsg } from '../../shared/geo/crs-catalogue';
import type { BBox, CrsQuestion } from '../../shared/io/types';
import type { Platform } from '../platform';
import { rememberChoice, rememberCrs, rememberedChoice, rememberedCrs } from '../state/remembered-mappings';
import { newLayerMarking } from '../state/settings';
import { useUi, type Notice } from '../state/ui-store';
import { useImport, type ImportSession, type LayerChoice } from '../state/import-store';
import { createImportWorker, type DryRunResult, type ImportPreview, type ImportWorkerHandle, type LayerPreview } from '../workers/import-client';
import type { ApplySummary } from '../workers/store.worker';
import type { StoreClient } from '../workers/store-client';
import { tilesPortForImport } from '../map/tile-protocol';

type Translate = (key: string, options?: Record<string, unknown>) => string;
/** Reads the source in the import worker, in `crs` when given. */
type Loader = (api: ImportWorkerHandle['api'], onProgress: (p: number) => void, crs: string | undefined) => Promise<ImportPreview>;
type Preview = Extract<ImportSession, { stage: 'preview' }>;

/** What the import flow needs from the rest of the workspace. */
export interface ImportHost {
  store: StoreClient;
  platform: Platform;
  t: Translate;
  author(): Author;
  notify(tone: Notice['tone'], text: Notice['text'], action?: Notice['action']): void;
  refresh(change: ApplySummary | null): Promise<void>;
  zoomTo(bbox: BBox): void;
  openConflicts(): void;
  /** A data package goes to the package flow: its markings, versions and signature need it. */
  openPackage(fileName: string, bytes: Uint8Array): Promise<void>;
}

/**
 * File → preview → commit. Parsing and normalising run in a dedicated import worker, which
 * hands the finished changeset to the store worker directly; the page only sees summaries.
 * Until the commit starts nothing is stored, and cancelling terminates the worker.
 */
export class ImportFlow {
  private importer: ImportWorkerHandle | null = null;
  /** The source waiting for the user's coordinate system, to be read again with it. */
  private pendingCrs: { fileName: string; load: Loader; question: CrsQuestion } | null = null;

  constructor(private readonly host: ImportHost) {}

  async chooseAndImport(): Promise<void> {
    const { platform, t, notify } = this.host;
    const extensions = [...supportedExtensions(), ...SHAPEFILE_SIDECARS].map((e) => e.replace(/^\./, ''));
    const result = await platform.openFiles({
      title: t('import.dialogTitle'),
      filters: [{ name: t('import.filterName'), extensions }],
      multiple: true,
    });
    for (const err of result.errors) notify('error', () => t('import.fileError', { file: err.name, reason: err.message }));
    await this.inspectFiles(result.files);
  }

  /**
   * Files chosen or dropped together: those of one base name (a .shp with its .dbf, .prj …) are
   * one source; each source gets its own preview, one after the other.
   */
  async inspectFiles(files: readonly NamedBytes[]): Promise<void> {
    const groups = groupFiles(files);
    for (const [i, group] of groups.entries()) {
      if (i > 0) await whenNoImport();
      const only = group.files.length === 1 ? group.files[0] : undefined;
      if (only && only.name === group.name) await this.inspectFile(only.name, only.bytes);
      else await this.inspectGroup(group);
    }
  }

  /** Parses a file in the import worker and opens the preview; nothing is stored yet. */
  async inspectFile(fileName: string, bytes: Uint8Array): Promise<void> {
    if (isDataPackage(fileName, bytes)) {
      await this.host.openPackage(fileName, bytes);
      return;
    }
    // The file's own buffer moves to the worker, which keeps it to read again in another CRS:
    // copying a big file here was a long task on the page (over a second for 27 MB on this machine).
    let sent = false;
    await this.open(fileName, (api, onProgress, crs) => {
      if (sent) return api.inspectAgain(onProgress, crs);
      sent = true;
      const buffer = ownBuffer(bytes);
      return api.inspect(fileName, Comlink.transfer(buffer, [buffer]), onProgress, crs);
    });
  }

  private async inspectGroup(group: FileGroup): Promise<void> {
    let sent = false;
    await this.open(group.name, (api, onProgress, crs) => {
      if (sent) return api.inspectAgain(onProgress, crs);
      sent = true;
      const files = group.files.map((f) => ({ name: f.name, bytes: ownBuffer(f.bytes) }));
      return api.inspectGroup(group.name, Comlink.transfer(files, files.map((f) => f.bytes)), onProgress, crs);
    });
  }

  private async open(fileName: string, load: Loader): Promise<void> {
    const { t, notify } = this.host;
    if (useImport.getState().session) {
      notify('error', () => t('import.busy'));
      return;
    }
    await this.read(fileName, load, undefined, null);
  }

  /**
   * Reads the source (again, in `crs` when the user chose one) and opens the preview, or asks for
   * the coordinate system when the data is projected and says nothing of it. `asked` is the
   * question the choice answers, to ask again when the choice fails.
   */
  private async read(fileName: string, load: Loader, crs: string | undefined, asked: CrsQuestion | null): Promise<void> {
    const { t, notify } = this.host;
    performance.mark('cg:inspect:start');
    useImport.setState({ session: { stage: 'parsing', fileName, progress: null } });
    const importer = (this.importer ??= createImportWorker());
    const onProgress = Comlink.proxy((progress: number) => {
      const s = useImport.getState().session;
      if (s?.stage === 'parsing' && s.fileName === fileName) useImport.setState({ session: { ...s, progress } });
    });
    try {
      const preview = await load(importer.api, onProgress, crs);
      performance.mark('cg:inspect:end');
      if (useImport.getState().session?.fileName !== fileName) return;
      if (!preview.ok) {
        const question = preview.crsQuestion ?? (crs !== undefined ? asked : null);
        if (question) {
          const remembered = crs === undefined ? rememberedCrs(sourceFormat(fileName), question.propertyNames) : null;
          if (remembered) return await this.read(fileName, load, remembered, question);
          this.pendingCrs = { fileName, load, question };
          const error = crs === undefined ? null : formatMessage(t, preview.error);
          useImport.setState({ session: { stage: 'crs', fileName, question, error } });
          return;
        }
        this.close();
        notify('error', () => t('import.refusedFile', { file: fileName, reason: formatMessage(t, preview.error) }));
        return;
      }
      if (crs !== undefined && asked) rememberCrs(sourceFormat(fileName), asked.propertyNames, crs);
      if (!preview.layers.some((l) => l.featureCount > 0)) {
        this.close();
        notify('error', () => t('import.nothingToImport', { file: fileName }));
        return;
      }
      const base = fileName.replace(/\.[^.]+$/, '');
      const choices = preview.layers.map((l) => this.initialChoice(l, base, preview.layers.length));
      useImport.setState({
        session: { stage: 'preview', fileName, preview, choices, dryRuns: preview.layers.map(() => null), active: Math.max(0, choices.findIndex((c) => c.include)) },
      });
      for (let i = 0; i < preview.layers.length; i++) await this.runDryRun(i);
    } catch (e) {
      if (useImport.getState().session === null) return;
      this.close();
      notify('error', () => t('import.refusedFile', { file: fileName, reason: message(e) }));
    }
  }

  /** The user's answer to the coordinate-system question: an EPSG code, picked or typed. */
  async chooseCrs(code: string): Promise<void> {
    const pending = this.pendingCrs;
    const s = useImport.getState().session;
    if (!pending || s?.stage !== 'crs') return;
    const epsg = normaliseEpsg(code);
    if (!epsg) {
      useImport.setState({ session: { ...s, error: this.host.t('import.crsNotACode', { code }) } });
      return;
    }
    this.pendingCrs = null;
    await this.read(pending.fileName, pending.load, epsg, pending.question);
  }

  private initialChoice(l: LayerPreview, base: string, layerCount: number): LayerChoice {
    const name = layerCount > 1 && l.name !== base ? `${base} — ${l.name}` : l.name;
    const remembered = l.propertyNames.length ? rememberedChoice(l.propertyNames) : null;
    return {
      include: l.featureCount > 0,
      name,
      kind: remembered?.kind ?? l.suggestedKind,
      targetLayerId: null,
      mapping: remembered?.mapping ?? l.suggestedMapping,
    };
  }

  setActive(index: number): void {
    const s = useImport.getState().session;
    if (s?.stage === 'preview') useImport.setState({ session: { ...s, active: index } });
  }

  /** Changes one layer's choices; a new kind re-suggests the mapping, and either re-runs the dry run. */
  setChoice(index: number, patch: Partial<LayerChoice>): void {
    const before = useImport.getState().session;
    const old = before?.stage === 'preview' ? before.choices[index] : undefined;
    const layer = before?.stage === 'preview' ? before.preview.layers[index] : undefined;
    if (before?.stage !== 'preview' || !old || !layer) return;
    const next: LayerChoice = { ...old, ...patch };
    if (patch.targetLayerId !== undefined && patch.targetLayerId !== old.targetLayerId && !('keyColumn' in patch)) delete next.keyColumn;
    if (patch.kind && patch.kind !== old.kind) {
      next.targetLayerId = null;
      delete next.keyColumn;
      const remembered = rememberedChoice(layer.propertyNames);
      next.mapping = patch.mapping ?? (remembered?.kind === patch.kind ? remembered.mapping : suggestMapping(patch.kind, layer.propertyNames));
    }
    const rerun =
      next.kind !== old.kind ||
      JSON.stringify(next.mapping) !== JSON.stringify(old.mapping) ||
      next.targetLayerId !== old.targetLayerId ||
      next.keyColumn !== old.keyColumn;
    const choices = before.choices.map((c, i) => (i === index ? next : c));
    const dryRuns = rerun ? before.dryRuns.map((d, i) => (i === index ? null : d)) : before.dryRuns;
    useImport.setState({ session: { ...before, choices, dryRuns } });
    if (rerun) void this.runDryRun(index);
  }

  /** Normalises a layer into its chosen kind without keeping the result, so the preview can say what would be refused. */
  private async runDryRun(index: number): Promise<void> {
    const session = useImport.getState().session;
    const choice = session?.stage === 'preview' ? session.choices[index] : undefined;
    if (session?.stage !== 'preview' || !choice || !this.importer) return;
    const { kind, mapping, targetLayerId, keyColumn } = choice;
    let result: DryRunResult;
    try {
      result = targetLayerId
        ? await this.dryRunMerge(index, choice, targetLayerId)
        : await this.importer.api.dryRun(index, kind, mapping, this.host.author(), new Date().toISOString());
    } catch (e) {
      // A bug must not leave the preview "checking" for ever: show it as a refusal of everything.
      result = { valid: 0, refused: [{ code: 'internal-error', params: { detail: message(e) }, severity: 'error' }], warnings: [] };
    }
    performance.mark('cg:dryrun:end');
    const now = useImport.getState().session;
    const current = now?.stage === 'preview' ? now.choices[index] : undefined;
    if (now?.stage === 'preview' && current?.kind === kind && current.mapping === mapping && current.targetLayerId === targetLayerId && current.keyColumn === keyColumn) {
      // The suggested key becomes the choice, so the dialog shows what the preview counted.
      const choices = result.merge && current.keyColumn === undefined ? now.choices.map((c, i) => (i === index ? { ...c, keyColumn: result.merge?.keyColumn ?? null } : c)) : now.choices;
      useImport.setState({ session: { ...now, choices, dryRuns: now.dryRuns.map((d, i) => (i === index ? result : d)) } });
    }
  }

  /** The dry run against an existing layer, which the import worker reads from the store worker itself. */
  private async dryRunMerge(index: number, choice: LayerChoice, layerId: string): Promise<DryRunResult> {
    if (!this.importer) throw new Error('no import under way');
    const channel = new MessageChannel();
    await this.host.store.attachPort(Comlink.transfer(channel.port1, [channel.port1]));
    return this.importer.api.dryRunMerge(
      index,
      choice.kind,
      choice.mapping,
      this.host.author(),
      new Date().toISOString(),
      { layerId, keyColumn: choice.keyColumn },
      Comlink.transfer(channel.port2, [channel.port2]),
    );
  }

  /**
   * Cancel while parsing or previewing: the import worker is terminated and the store was never
   * touched. Once committing has begun the store's single transaction decides, so the UI offers
   * no cancel then.
   */
  cancel(): void {
    this.pendingCrs = null;
    this.importer?.terminate();
    this.importer = null;
    useImport.setState({ session: null });
  }

  private close(): void {
    useImport.setState({ session: null });
  }

  /** Every problem of the file and of normalising each included layer, for the report. */
  private problems(s: Preview): ReportedProblem[] {
    const out: ReportedProblem[] = [];
    for (const p of [...s.preview.refused, ...s.preview.warnings]) out.push({ ...p, layer: '' });
    s.preview.layers.forEach((l, i) => {
      const d = s.dryRuns[i];
      if (!d || !s.choices[i]?.include) return;
      for (const p of [...d.refused, ...d.warnings]) out.push({ ...p, layer: s.choices[i]?.name ?? l.name });
    });
    return out;
  }

  async saveReport(): Promise<void> {
    const s = useImport.getState().session;
    if (s?.stage !== 'preview') return;
    await this.saveReportOf(s.fileName, this.problems(s));
  }

  private async saveReportOf(fileName: string, problems: ReportedProblem[]): Promise<void> {
    const csv = problemsToCsv(fileName, problems, this.host.t);
    await this.host.platform.saveFile({
      suggestedName: `${fileName.replace(/\.[^.]+$/, '')}-import-report.csv`,
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      data: `\ufeff${csv}`,
      mimeType: 'text/csv',
    });
  }

  async commit(): Promise<void> {
    const { store, t, notify, author } = this.host;
    const session = useImport.getState().session;
    if (session?.stage !== 'preview' || !this.importer) return;
    const included = session.choices.map((c, i) => ({ c, i })).filter(({ c, i }) => c.include && (session.dryRuns[i]?.valid ?? 0) > 0);
    if (!included.length) return;
    performance.mark('cg:commit:start');
    useImport.setState({ session: { ...session, stage: 'committing' } });
    const { fileName, preview } = session;
    const report = this.problems(session);
    const maxOrder = Math.max(0, ...useUi.getState().layers.map((l) => l.order));
    const who = author();
    const channel = new MessageChannel();
    await store.attachPort(Comlink.transfer(channel.port1, [channel.port1]));
    const tilesPort = tilesPortForImport();
    try {
      const result = await this.importer.api.commit(
        {
          summary: changeSummary('import', { file: fileName }),
          author: who,
          now: new Date().toISOString(),
          layers: included.map(({ c, i }, n) => ({
            layerIndex: i,
            kind: c.kind,
            mapping: c.mapping,
            target: c.targetLayerId
              ? c.keyColumn
                ? { mergeInto: { layerId: c.targetLayerId, keyColumn: c.keyColumn, fileName } }
                : { existingLayerId: c.targetLayerId }
              : { newLayer: { name: c.name, order: maxOrder + 1 + n, owner: who.org, format: preview.format, fileName, marking: newLayerMarking() } },
          })),
        },
        Comlink.transfer(channel.port2, [channel.port2]),
        ...(tilesPort ? [Comlink.transfer(tilesPort, [tilesPort])] : []),
      );
      performance.mark('cg:commit:stored');
      for (const { c, i } of included) {
        const l = preview.layers[i];
        if (l?.propertyNames.length) rememberChoice(l.propertyNames, { kind: c.kind, mapping: c.mapping });
      }
      this.close();
      await this.host.refresh(result.applied);
      performance.mark('cg:commit:refreshed');
      const bbox = unionBBox(included.map(({ i }) => preview.layers[i]?.bbox ?? null));
      if (bbox) this.host.zoomTo(bbox);
      const imported = result.layers.reduce((n, l) => n + l.imported, 0);
      const merged = result.layers.flatMap((l) => (l.merge ? [l.merge] : []));
      const refusedRows = [...report, ...merged.flatMap((m) => m.refused.map((p) => ({ ...p, layer: '' })))];
      const refused = refusedRows.filter((p) => p.severity === 'error').length;
      const conflicts = merged.reduce((n, m) => n + m.counts.conflict, 0);
      const counts = {
        added: merged.reduce((n, m) => n + m.counts.added, 0),
        updated: merged.reduce((n, m) => n + m.counts.updated, 0),
        unchanged: merged.reduce((n, m) => n + m.counts.unchanged, 0),
      };
      const text = (): string =>
        merged.length
          ? t('import.doneMerge', { file: fileName, ...counts, conflicts, refused })
          : t('import.done', { count: imported, refused, file: fileName, layers: included.length });
      notify(
        'info',
        text,
        conflicts > 0
          ? { label: () => t('conflicts:review'), run: () => this.host.openConflicts() }
          : refused > 0
            ? { label: () => t('import.saveReport'), run: () => void this.saveReportOf(fileName, refusedRows) }
            : undefined,
      );
    } catch (e) {
      this.close();
      notify('error', () => t('import.commitFailed', { file: fileName, reason: message(e) }));
    } finally {
      channel.port1.close();
      channel.port2.close();
    }
  }
}

function isDataPackage(fileName: string, bytes: Uint8Array): boolean {
  return /\.cgpkg$/i.test(fileName) || (/\.zip$/i.test(fileName) && firstZipEntryName(bytes) === MANIFEST_FILE);
}

/** What a CRS choice is remembered under besides the attributes: the kind of file, by extension. */
function sourceFormat(fileName: string): string {
  return /\.[^./\\]+$/.exec(fileName.toLowerCase())?.[0] ?? '';
}

/** The bytes' buffer when they are all of it (what reading a file gives), else a copy of them. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) return bytes.buffer;
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** Resolves once no import preview is open (the user imported or cancelled the previous source). */
function whenNoImport(): Promise<void> {
  if (!useImport.getState().session) return Promise.resolve();
  return new Promise((resolve) => {
    const stop = useImport.subscribe((s) => {
      if (s.session) return;
      stop();
      resolve();
    });
  });
}

function unionBBox(boxes: (BBox | null)[]): BBox | null {
  let out: BBox | null = null;
  for (const b of boxes) {
    if (!b) continue;
    out = out ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])] : [...b];
  }
  return out;
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

