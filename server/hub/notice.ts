/**
 * What a committed push announces on PostgreSQL's NOTIFY channel. Every hub process LISTENs;
 * the payload only says where to look (seq, layer): who may see it is asked of the database again,
 * as each connected client's actor.
 */
import { z } from 'zod';

export const CHANGES_CHANNEL = 'cg_changes';

/**
 * A shared layer's record changed (created, renamed, re-marked, its contributors). The payload is
 * empty on purpose: the live frame it becomes says only "ask for the layers again", so it can go
 * to every client, those that just lost sight of the layer included, without telling them which.
 */
export const LAYERS_CHANNEL = 'cg_layers';

export const ChangeNoticeSchema = z.strictObject({ seq: z.number().int().min(1), layerId: z.uuid() });
export type ChangeNotice = z.infer<typeof ChangeNoticeSchema>;
