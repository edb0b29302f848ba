'use client';

/**
 * The field-mapping input: a template where `{{ref}}` parts show as chips (the field's label)
 * and typed text stays text, plus an "Insert field" button that opens the data picker and
 * inserts `{{ref}}` at the caret. A small contenteditable: typing, paste (plain text), Enter
 * (multiline only), Backspace over a chip and the chips' × all edit the template string.
 */
import type { AvailableField } from '@konnect/engine/fields';
import { useEffect, useLayoutEffect, useRef, useState, type ClipboardEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { needsRender, placeCaret, readTemplate, relabelChips, renderTemplate, selectionOffsets } from './chip-dom';
import { DataPicker } from './data-picker';
import { useFields } from './fields-context';
import { labelsToRefs } from './picker-fields';
import { insertRef, snapOffset, token } from './template-segments';

export interface MappedInputProps {
  id: string;
  /** The field's label: names the picker button ("Insert field into Email"). */
  label: string;
  /** Id of the visible label element; without it, `label` is the accessible name. */
  labelledBy?: string;
  describedBy?: string;
  value: string;
  onChange: (next: string) => void;
  multiline?: boolean;
  placeholder?: string;
  invalid?: boolean;
  disabled?: boolean;
  /** Only these fields are offered (e.g. lists for a repeater). */
  accept?: (field: AvailableField) => boolean;
  /** Choosing a field replaces the whole value with it (a sole reference). */
  replace?: boolean;
}

export function MappedInput({ id, label, labelledBy, describedBy, value, onChange, multiline = false, placeholder, invalid, disabled, accept, replace }: MappedInputProps) {
  const { fields, labelFor, readOnly } = useFields();
  const editable = !disabled && !readOnly;
  const el = useRef<HTMLDivElement>(null);
  const wrap = useRef<HTMLDivElement>(null);
  const caret = useRef<number | null>(null);
  const pendingCaret = useRef<number | null>(null);
  const composing = useRef(false);
  const [picking, setPicking] = useState(false);

  // Keep the DOM in step with `value` (re-render only when it differs; labels update in place).
  useLayoutEffect(() => {
    const node = el.current;
    if (!node) return;
    if (readTemplate(node, multiline) !== value || needsRender(node)) {
      const focused = document.activeElement === node;
      const at = focused ? selectionOffsets(node, multiline)?.end : undefined;
      renderTemplate(node, value, labelFor);
      if (at !== undefined && pendingCaret.current === null) placeCaret(node, Math.min(at, value.length), multiline);
    } else {
      relabelChips(node, labelFor);
    }
    if (pendingCaret.current !== null) {
      node.focus();
      placeCaret(node, pendingCaret.current, multiline);
      caret.current = pendingCaret.current;
      pendingCaret.current = null;
    }
  });

  // Remember the caret while the user moves it, for "Insert field".
  useEffect(() => {
    const track = () => {
      const node = el.current;
      if (!node) return;
      const at = selectionOffsets(node, multiline);
      if (at) caret.current = at.end;
    };
    document.addEventListener('selectionchange', track);
    return () => document.removeEventListener('selectionchange', track);
  }, [multiline]);

  // Close the picker on a click outside it.
  useEffect(() => {
    if (!picking) return;
    const onDown = (e: globalThis.MouseEvent) => {
      if (wrap.current && !wrap.current.contains(e.target as Node)) setPicking(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [picking]);

  function commit() {
    const node = el.current;
    if (!node || composing.current) return;
    const typed = readTemplate(node, multiline);
    // `{{First Name}}` typed as the guides write it becomes that field's chip.
    const text = labelsToRefs(typed, fields, labelFor);
    if (text !== typed || needsRender(node)) {
      const at = (selectionOffsets(node, multiline)?.end ?? typed.length) + (text.length - typed.length);
      renderTemplate(node, text, labelFor);
      placeCaret(node, snapOffset(text, Math.max(0, at)), multiline);
    }
    if (text !== value) onChange(text);
  }

  /** Replaces the selection with `text` through the value (so chips and text stay consistent). */
  function replaceSelection(text: string) {
    const node = el.current;
    if (!node) return;
    const sel = selectionOffsets(node, multiline) ?? { start: value.length, end: value.length };
    const start = snapOffset(value, sel.start);
    const end = Math.max(start, snapOffset(value, sel.end));
    pendingCaret.current = start + text.length;
    onChange(value.slice(0, start) + text + value.slice(end));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key !== 'Enter' || composing.current) return;
    e.preventDefault();
    if (multiline) replaceSelection('\n');
  }

  function onPaste(e: ClipboardEvent<HTMLDivElement>) {
    e.preventDefault();
    const text = e.clipboardData.getData('text/plain');
    replaceSelection(labelsToRefs(multiline ? text.replace(/\r\n?/g, '\n') : text.replace(/[\r\n]+/g, ' '), fields, labelFor));
  }

  function onClick(e: MouseEvent<HTMLDivElement>) {
    const remove = (e.target as Element).closest('[data-remove]');
    const chip = remove?.closest('[data-ref]');
    if (!editable || !chip) return;
    e.preventDefault();
    chip.remove();
    commit();
  }

  function pick(ref: string) {
    setPicking(false);
    if (replace) {
      pendingCaret.current = token(ref).length;
      onChange(token(ref));
      return;
    }
    const next = insertRef(value, caret.current ?? value.length, ref);
    pendingCaret.current = next.caret;
    onChange(next.value);
  }

  return (
    <div ref={wrap} className="relative flex items-start gap-1">
      <div
        ref={el}
        id={id}
        role="textbox"
        tabIndex={0}
        aria-labelledby={labelledBy}
        aria-label={labelledBy ? undefined : label}
        aria-describedby={describedBy}
        aria-multiline={multiline}
        aria-invalid={invalid || undefined}
        aria-readonly={!editable || undefined}
        aria-placeholder={placeholder}
        contentEditable={editable}
        data-editable={editable}
        data-placeholder={placeholder}
        spellCheck={false}
        onInput={commit}
        onBlur={commit}
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={() => {
          composing.current = false;
          commit();
        }}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onDrop={(e) => e.preventDefault()}
        onMouseDown={(e) => {
          if ((e.target as Element).closest('[data-remove]')) e.preventDefault();
        }}
        onClick={onClick}
        className={`group min-h-[38px] min-w-0 flex-1 whitespace-pre-wrap break-words rounded-md border px-3 py-2 text-sm leading-6 shadow-sm focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 empty:before:text-slate-400 empty:before:content-[attr(data-placeholder)] ${
          multiline ? 'min-h-[76px]' : ''
        } ${editable ? 'bg-white' : 'bg-slate-50 text-slate-600'} ${invalid ? 'border-red-400' : 'border-slate-300'}`}
      />
      {editable ? (
        <button
          type="button"
          aria-label={`Insert field into ${label}`}
          aria-expanded={picking}
          aria-haspopup="dialog"
          title="Insert a field"
          onClick={() => setPicking((open) => !open)}
          className="mt-1 inline-flex h-8 w-8 shrink-0 items-center justify-center rounded-md border border-slate-300 bg-white text-base font-semibold text-indigo-700 hover:bg-indigo-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500"
        >
          +
        </button>
      ) : null}
      {picking ? (
        <DataPicker
          target={label}
          accept={accept}
          onPick={pick}
          onClose={() => {
            setPicking(false);
            el.current?.focus();
          }}
        />
      ) : null}
    </div>
  );
}
