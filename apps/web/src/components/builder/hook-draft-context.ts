'use client';

import { createContext, useContext } from 'react';

/**
 * Saves a konnector that was never saved as a draft ("Untitled konnector"), so that what needs a
 * konnector id (a Catch Hook's URL) exists as soon as the trigger is chosen. Null: already saved.
 */
export const SaveAsDraftContext = createContext<(() => Promise<void>) | null>(null);

export const useSaveAsDraft = () => useContext(SaveAsDraftContext);
