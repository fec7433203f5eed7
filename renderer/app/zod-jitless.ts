import { z } from 'zod';

/**
 * The page's CSP forbids eval, so zod must never compile its fast object parsers with
 * `new Function`. Zod probes for eval once and caches the answer: a schema parsed before the
 * policy is installed (csp-boot.ts reads stored basemap origins with zod) would cache "allowed"
 * and every later object parse would throw an EvalError. Imported first, before any schema runs.
 */
z.config({ jitless: true });
