// The app shell: which view is open, the language every view speaks, and how
// the page looks (light or dark, large type for a projector). Looks are a
// personal preference, so they live in localStorage; the language travels in
// the link (lang=zh), so a shared link opens in the language it was read in.

import type { StateCreator } from 'zustand';
import { DEFAULT_VIEW, type ViewId } from '../app/views';
import { DEFAULT_LANGUAGE, type Language } from '../i18n/language';
import type { ExplorerState } from './index';

/** Every view the shell can show: the ids of app/views.ts, the one list of views. */
export type { ViewId };
export type Theme = 'light' | 'dark';

export interface ShellSlice {
  view: ViewId;
  theme: Theme;
  largeType: boolean;
  /** The interface's language, one setting for every view, lessons included. */
  language: Language;
  showView: (view: ViewId) => void;
  setTheme: (theme: Theme) => void;
  setLargeType: (largeType: boolean) => void;
  setLanguage: (language: Language) => void;
}

const THEME_KEY = 'wsx.theme';
const LARGE_TYPE_KEY = 'wsx.largeType';

function storedPreference(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null; // storage can be disabled (private mode, file:// in some browsers)
  }
}

function storePreference(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Not remembering a preference is harmless.
  }
}

function initialTheme(): Theme {
  const stored = storedPreference(THEME_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return globalThis.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export const createShellSlice: StateCreator<ExplorerState, [], [], ShellSlice> = (set) => ({
  view: DEFAULT_VIEW,
  theme: initialTheme(),
  largeType: storedPreference(LARGE_TYPE_KEY) === '1',
  language: DEFAULT_LANGUAGE,
  showView: (view) => set({ view }),
  setTheme: (theme) => {
    storePreference(THEME_KEY, theme);
    set({ theme });
  },
  setLargeType: (largeType) => {
    storePreference(LARGE_TYPE_KEY, largeType ? '1' : '0');
    set({ largeType });
  },
  setLanguage: (language) => set({ language }),
});
