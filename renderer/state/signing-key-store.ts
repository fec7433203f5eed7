import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';

/**
 * This workstation's signing key for its organisation's packages (Ed25519, WebCrypto). Kept in
 * localStorage as a JWK: the app runs offline on one person's laptop, and the key must survive a
 * restart. The public half is what partners add to their sharing directory.
 */
const StoredKeySchema = z.object({
  org: z.string().min(1).max(100),
  keyId: z.string().min(1).max(100),
  publicKey: z.string().min(1).max(200),
  privateKeyJwk: z.looseObject({ kty: z.literal('OKP'), crv: z.literal('Ed25519'), d: z.string(), x: z.string() }),
  createdAt: z.string(),
});
export type StoredSigningKey = z.infer<typeof StoredKeySchema>;

interface SigningKeyState {
  key: StoredSigningKey | null;
  set(key: StoredSigningKey | null): void;
}

export const useSigningKey = create<SigningKeyState>()(
  persist(
    (set) => ({ key: null, set: (key) => set({ key: key ? StoredKeySchema.parse(key) : null }) }),
    {
      name: 'common-ground:signing-key',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ key: s.key }),
      merge: (persisted, current) => {
        const parsed = StoredKeySchema.safeParse((persisted as { key?: unknown } | null)?.key);
        return { ...current, key: parsed.success ? parsed.data : null };
      },
    },
  ),
);
