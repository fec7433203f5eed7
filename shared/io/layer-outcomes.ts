import { msg, type Message } from '../i18n/message';
import type { CrsQuestion, ParsedLayer, ParseResult, Problem } from './types';

/** What reading one layer of a multi-layer file gave: the layer, or why it could not be read. */
export type LayerOutcome = { ok: true; layer: ParsedLayer; refused: Problem[]; warnings: Problem[] } | { ok: false; error: Message; crsQuestion?: CrsQuestion };

/**
 * The file's result from its layers' outcomes: layers that failed are listed as refused while
 * the others import; when none is left the file as a whole fails with every layer's reason.
 */
export function combineLayerOutcomes(format: string, outcomes: readonly LayerOutcome[], fileWarnings: readonly Problem[]): ParseResult {
  const good = outcomes.filter((o): o is Extract<LayerOutcome, { ok: true }> => o.ok);
  const bad = outcomes.filter((o): o is Extract<LayerOutcome, { ok: false }> => !o.ok);
  if (good.length === 0) {
    const error = msg('file.no-layer', { reasons: bad.map((o) => o.error) });
    // One question at a time: the first layer without a coordinate system; choosing reads all again.
    const crsQuestion = bad.find((o) => o.crsQuestion)?.crsQuestion;
    return crsQuestion ? { ok: false, format, error, crsQuestion } : { ok: false, format, error };
  }
  return {
    ok: true,
    format,
    layers: good.map((o) => o.layer),
    refused: [...bad.map((o): Problem => ({ code: 'layer-refused', params: { reason: o.error }, severity: 'error' })), ...good.flatMap((o) => o.refused)],
    warnings: [...fileWarnings, ...good.flatMap((o) => o.warnings)],
  };
}
