'use client';

/**
 * Where a form's dynamic dropdowns load from: the workspace, the step's app and its selected
 * connection. A panel provides it around its fields; a field naming `dynamicOptions` reads it.
 */
import { createContext, useContext, type ReactNode } from 'react';
import type { CatalogueEntry } from '@/lib/api-types';

export interface OptionsSource {
  workspaceId: string;
  app: CatalogueEntry;
  /** The step's connection; none yet means the dropdown cannot load. */
  connectionId: string | undefined;
}

const Context = createContext<OptionsSource | undefined>(undefined);

export function OptionsSourceProvider({ value, children }: { value: OptionsSource | undefined; children: ReactNode }) {
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function useOptionsSource(): OptionsSource | undefined {
  return useContext(Context);
}

/** Whether the app searches list `name` itself (else the dropdown filters what it loaded). */
export function isSearchable(app: CatalogueEntry, name: string): boolean {
  return app.options?.[name]?.searchable === true;
}
