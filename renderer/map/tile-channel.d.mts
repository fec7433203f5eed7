export declare const TILE_PROTOCOL: 'cgtile';
export declare const TILE_REQUEST: 'cg:tile';
export declare const TILE_ANSWER: 'cg:tile-answer';
export declare function requestTile(params: { url: string }, abortController: AbortController): Promise<{ data: ArrayBuffer }>;
export declare function tileUrlTemplate(channelName: string, key: string): string;
