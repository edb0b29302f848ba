'use client';

import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from 'react';

export interface MenuItem {
  label: string;
  description?: string;
  icon?: ReactNode;
  danger?: boolean;
  disabled?: boolean;
  onSelect: () => void;
}

export interface MenuRequest {
  /** The button that opened the menu (focus returns to it). */
  anchor: HTMLElement;
  label: string;
  items: MenuItem[];
}

const WIDTH = 256;

/**
 * A menu anchored to a button, in fixed position (outside the zoomed canvas, so it keeps its size):
 * arrow keys move, Enter picks, Escape or a click outside closes and focus returns to the button.
 */
export function PopoverMenu({ request, onClose }: { request: MenuRequest; onClose: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);
  const { anchor, items, label } = request;

  useLayoutEffect(() => {
    const rect = anchor.getBoundingClientRect();
    const height = ref.current?.offsetHeight ?? 240;
    const left = Math.min(Math.max(8, rect.left + rect.width / 2 - WIDTH / 2), window.innerWidth - WIDTH - 8);
    const below = rect.bottom + 6;
    const top = below + height > window.innerHeight - 8 ? Math.max(8, rect.top - height - 6) : below;
    setPlace({ left, top });
  }, [anchor]);

  const closeRef = useRef(onClose);
  useEffect(() => {
    closeRef.current = onClose;
  });
  useEffect(() => {
    ref.current?.querySelector<HTMLButtonElement>('[role="menuitem"]:not([disabled])')?.focus();
    const onDown = (e: MouseEvent) => {
      if (ref.current && !ref.current.contains(e.target as Node) && !anchor.contains(e.target as Node)) closeRef.current();
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [anchor]);

  const close = () => {
    onClose();
    if (anchor.isConnected) anchor.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]:not([disabled])') ?? [])];
    const i = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = buttons[(i + (e.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length];
      next?.focus();
    } else if (e.key === 'Tab') {
      onClose();
    }
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label={label}
      onKeyDown={onKeyDown}
      style={{ left: place?.left ?? -9999, top: place?.top ?? -9999, width: WIDTH }}
      className="fixed z-50 flex flex-col gap-0.5 rounded-xl border border-slate-200 bg-white p-1.5 shadow-xl"
    >
      <p className="px-2 pb-1 pt-0.5 text-xs font-medium text-slate-500">{label}</p>
      {items.map((item) => (
        <button
          key={item.label}
          type="button"
          role="menuitem"
          aria-label={item.label}
          disabled={item.disabled}
          onClick={() => {
            onClose();
            item.onSelect();
          }}
          className={`flex items-start gap-2.5 rounded-lg px-2 py-1.5 text-left text-sm focus:outline-none disabled:cursor-not-allowed disabled:opacity-40 ${
            item.danger ? 'text-red-700 hover:bg-red-50 focus:bg-red-50' : 'text-slate-800 hover:bg-slate-100 focus:bg-slate-100'
          }`}
        >
          {item.icon ? <span className="mt-0.5 shrink-0">{item.icon}</span> : null}
          <span className="flex min-w-0 flex-col">
            <span className="font-medium">{item.label}</span>
            {item.description ? <span className="text-xs text-slate-500">{item.description}</span> : null}
          </span>
        </button>
      ))}
    </div>
  );
}
