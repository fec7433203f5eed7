import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import { SharingDirectorySchema, type SharingDirectory } from '../../shared/domain/sharing-directory';
import { DEFAULT_DIRECTORY } from '../../shared/domain/sharing-directory-file';

/**
 * The sharing directory the user keeps: organisations and groups that markings release to.
 * Kept in localStorage; a record that does not validate falls back to the default directory.
 */
interface DirectoryState {
  directory: SharingDirectory;
  /** Replaces the directory; throws (zod) when it does not validate. */
  replace(directory: SharingDirectory): void;
}

export const useSharingDirectory = create<DirectoryState>()(
  persist(
    (set) => ({
      directory: DEFAULT_DIRECTORY,
      replace: (directory) => set({ directory: SharingDirectorySchema.parse(directory) }),
    }),
    {
      name: 'common-ground:sharing-directory',
      version: 1,
      storage: createJSONStorage(() => localStorage),
      partialize: (s) => ({ directory: s.directory }),
      merge: (persisted, current) => {
        const parsed = SharingDirectorySchema.safeParse((persisted as { directory?: unknown } | null)?.directory);
        return { ...current, directory: parsed.success ? parsed.data : DEFAULT_DIRECTORY };
      },
    },
  ),
);
