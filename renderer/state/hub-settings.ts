import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';
import { isSafeOrigin } from '../../shared/basemaps/online-sources';
import type { ChangeSummary } from '../../shared/domain/changeset';
import type { HubState } from '../../shared/hub/sync-client';

/**
 * The JOC hub this workstation connects to, kept in localStorage: the address, the user name and
 * the session token the hub gave at login, never the password. Apart from the zustand store, the
 * key and shape are read by csp-boot.ts before anything else loads.
 */
export const HUB_SETTINGS_KEY = 'common-ground:hub';

export const HubSettingsSchema = z.object({
  /** The hub's origin, scheme://host[:port]; null: no hub. */
  url: z.string().refine(isSafeOrigin).nullable(),
  login: z.string().max(200),
  token: z.string().max(200).nullable(),
  expiresAt: z.string().nullable(),
  /** The organisation the hub says the user belongs to. */
  orgId: z.string().max(100).nullable(),
});
export type HubSettings = z.infer<typeof HubSettingsSchema>;

const EMPTY: HubSettings = { url: null, login: '', token: null, expiresAt: null, orgId: null };

export const useHubSettings = create<HubSettings & { update(patch: Partial<HubSettings>): void }>()(
  persist(
    (set) => ({ ...EMPTY, update: (patch) => set(HubSettingsSchema.partial().parse(patch)) }),
    {
      name: HUB_SETTINGS_KEY,
      version: 1,
      storage: createJSONStorage(() => localStorage),
      merge: (persisted, current) => {
        const parsed = HubSettingsSchema.partial().safeParse(persisted);
        return { ...current, ...(parsed.success ? parsed.data : {}) };
      },
    },
  ),
);

/** The hub's origin as stored, for the page's policy at start-up; null when none or malformed. */
export function storedHubOrigin(read: (key: string) => string | null): string | null {
  try {
    const raw = read(HUB_SETTINGS_KEY);
    const parsed = raw ? HubSettingsSchema.partial().safeParse((JSON.parse(raw) as { state?: unknown }).state) : null;
    return parsed?.success ? (parsed.data.url ?? null) : null;
  } catch {
    return null;
  }
}

/** The hub connection as the page shows it (not persisted). */
export interface HubView {
  state: HubState | null;
  /** The hub dialog is open. */
  open: boolean;
  /** Logging out was asked: the changes that would be lost, for the confirmation. */
  confirmLogout: ChangeSummary[] | null;
  busy: boolean;
  /** The last login's refusal, as a message code. */
  loginError: string | null;
}

export const useHub = create<HubView>()(() => ({ state: null, open: false, confirmLogout: null, busy: false, loginError: null }));
