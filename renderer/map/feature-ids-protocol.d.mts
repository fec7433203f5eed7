export declare const FEATURE_PROTOCOL: 'cgjson';
export declare const FEATURE_ID_PROPERTY: 'cg:id';
export declare function loadFeatureJson(
  params: { url: string },
  abortController: AbortController,
): Promise<{ data: unknown }>;
