import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { z } from 'zod';

/**
 * The hub's accounts by id, from its directory (`GET /directory`'s people): a hub feature's
 * "updated by" is an account id, shown as its login and organisation. Kept in localStorage so
 * the names stay when the workstation starts offline; logging out forgets them with the hub's data.
 */
const PeopleSchema = z.record(z.string(), z.object({ login: z.string().max(200), orgId: z.string().max(100) }));
export type HubPeople = z.infer<typeof PeopleSchema>;

export const useHubPeople = create<{ people: HubPeople; replace(people: HubPeople): void }>()(
  persist(
    (set) => ({ people: {}, replace: (people) => set({ people }) }),
    {
      name: 'common-ground:hub-people',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      merge: (persisted, current) => {
        const parsed = PeopleSchema.safeParse((persisted as { people?: unknown } | undefined)?.people);
        return { ...current, people: parsed.success ? parsed.data : {} };
      },
    },
  ),
);
