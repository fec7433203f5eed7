/**
 * What a committed push announces on PostgreSQL's NOTIFY channel. Every hub process LISTENs;
 * the payload only says where to look (seq, layer): who may see it is asked of the database again,
 * as each connected client's actor.
 */
import { z } from 'zod';

export const CHANGES_CHANNEL = 'cg_changes';

export const ChangeNoticeSchema = z.strictObject({ seq: z.number().int().min(1), layerId: z.uuid() });
export type ChangeNotice = z.infer<typeof ChangeNoticeSchema>;
