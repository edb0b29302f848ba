'use client';

import { createContext, useContext, type Dispatch } from 'react';
import type { BuilderAction } from './model/history';
import type { Position } from './model/tree';
import type { MenuItem } from './popover-menu';

/** What canvas nodes and edges can do (stable functions, so nodes do not re-render for them). */
export interface CanvasActions {
  dispatch: Dispatch<BuilderAction>;
  /** Opens a step's (or the trigger's) panel. */
  select: (stepId: string) => void;
  openMenu: (anchor: HTMLElement, label: string, items: MenuItem[]) => void;
  /** The "+" menu: Filter, Path, Code, Repeater, Action. */
  openInsert: (anchor: HTMLElement, at: Position, label: string) => void;
  /** The last test run's input and output of a step ('trigger': the sample event). */
  showTestData: (stepId: string, anchor: HTMLElement) => void;
}

export const CanvasContext = createContext<CanvasActions | null>(null);

export function useCanvasActions(): CanvasActions {
  const actions = useContext(CanvasContext);
  if (!actions) throw new Error('canvas nodes need a <CanvasContext.Provider>');
  return actions;
}
