/**
 * The DOM side of the chip input (browser only): renders a template into a contenteditable
 * element (text nodes and non-editable chips), reads it back, and maps the caret to and from
 * template offsets. React does not render inside the element; these functions own it.
 */
import { parseTemplate } from '@konnect/schemas';
import { toSegments, token } from './template-segments';

const REF_ATTR = 'data-ref';
const LABEL_ATTR = 'data-chip-label';

const CHIP_CLASS =
  'mx-0.5 inline-flex select-none items-center gap-1 whitespace-nowrap rounded-full bg-indigo-100 py-0.5 pl-2 pr-1 align-baseline text-xs font-medium text-indigo-800';
const REMOVE_CLASS =
  "hidden h-4 w-4 items-center justify-center rounded-full text-indigo-700 after:content-['×'] hover:bg-indigo-200 group-data-[editable=true]:inline-flex";

function chipNode(ref: string, label: string): HTMLElement {
  const chip = document.createElement('span');
  chip.setAttribute(REF_ATTR, ref);
  chip.contentEditable = 'false';
  chip.title = token(ref);
  chip.className = CHIP_CLASS;
  const text = document.createElement('span');
  text.setAttribute(LABEL_ATTR, '');
  text.textContent = label;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.tabIndex = -1;
  remove.dataset.remove = '';
  remove.setAttribute('aria-label', `Remove ${label}`);
  remove.className = REMOVE_CLASS;
  chip.append(text, remove);
  return chip;
}

const TRAIL_ATTR = 'data-trail';

/**
 * Replaces the element's content with the template's text and chips. A value ending in a line
 * break gets a marker <br> (not part of the value) so the empty last line shows and takes the caret.
 */
export function renderTemplate(el: HTMLElement, value: string, labelFor: (ref: string) => string): void {
  const nodes: Node[] = toSegments(value).map((s) => (s.kind === 'text' ? document.createTextNode(s.text) : chipNode(s.ref, labelFor(s.ref))));
  if (value.endsWith('\n')) {
    const trail = document.createElement('br');
    trail.setAttribute(TRAIL_ATTR, '');
    nodes.push(trail);
  }
  el.replaceChildren(...nodes);
}

/** Updates chip labels in place (the caret is untouched). */
export function relabelChips(el: HTMLElement, labelFor: (ref: string) => string): void {
  for (const chip of el.querySelectorAll<HTMLElement>(`[${REF_ATTR}]`)) {
    const label = labelFor(chip.getAttribute(REF_ATTR) ?? '');
    const text = chip.querySelector(`[${LABEL_ATTR}]`);
    if (text && text.textContent !== label) {
      text.textContent = label;
      chip.querySelector('button')?.setAttribute('aria-label', `Remove ${label}`);
    }
  }
}

function isElement(node: Node): node is Element {
  return node.nodeType === Node.ELEMENT_NODE;
}

/** The template a node holds: text as typed, chips as `{{ref}}`, line breaks only when multiline. */
export function readTemplate(node: Node, multiline: boolean): string {
  let out = '';
  node.childNodes.forEach((child) => {
    if (child.nodeType === Node.TEXT_NODE) {
      out += (child.textContent ?? '').replace(/\u00a0/g, ' ');
    } else if (isElement(child)) {
      const ref = child.getAttribute(REF_ATTR);
      if (ref !== null) out += token(ref);
      else if (child.tagName === 'BR') out += multiline && !child.hasAttribute(TRAIL_ATTR) ? '\n' : '';
      else {
        const block = child.tagName === 'DIV' || child.tagName === 'P';
        if (block && multiline && out !== '' && !out.endsWith('\n')) out += '\n';
        out += readTemplate(child, multiline);
      }
    }
  });
  return multiline ? out : out.replace(/[\r\n]+/g, ' ');
}

/** True when the DOM is not the canonical rendering: typed or pasted `{{ref}}` text, or stray elements. */
export function needsRender(el: HTMLElement): boolean {
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      if (parseTemplate(child.textContent ?? '').refs.length > 0) return true;
    } else if (!isElement(child) || (child.getAttribute(REF_ATTR) === null && !child.hasAttribute(TRAIL_ATTR))) {
      return true;
    }
  }
  return false;
}

/** The selection inside `el` as template offsets; null when the selection is elsewhere. */
export function selectionOffsets(el: HTMLElement, multiline: boolean): { start: number; end: number } | null {
  const selection = window.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const range = selection.getRangeAt(0);
  if (!el.contains(range.startContainer) || !el.contains(range.endContainer)) return null;
  const offsetOf = (container: Node, offset: number) => {
    const before = document.createRange();
    before.selectNodeContents(el);
    before.setEnd(container, offset);
    return readTemplate(before.cloneContents(), multiline).length;
  };
  return { start: offsetOf(range.startContainer, range.startOffset), end: offsetOf(range.endContainer, range.endOffset) };
}

/** Puts the caret at a template offset (after a chip when the offset falls inside one). */
export function placeCaret(el: HTMLElement, offset: number, multiline: boolean): void {
  const selection = window.getSelection();
  if (!selection) return;
  const range = document.createRange();
  let left = offset;
  let placed = false;
  for (const child of Array.from(el.childNodes)) {
    if (child.nodeType === Node.TEXT_NODE) {
      const length = child.textContent?.length ?? 0;
      if (left <= length) {
        range.setStart(child, left);
        placed = true;
        break;
      }
      left -= length;
      continue;
    }
    const wrapper = document.createElement('div');
    wrapper.append(child.cloneNode(true));
    left -= readTemplate(wrapper, multiline).length;
    if (left <= 0) {
      range.setStartAfter(child);
      placed = true;
      break;
    }
  }
  if (!placed) {
    range.selectNodeContents(el);
    range.collapse(false);
  }
  range.collapse(true);
  selection.removeAllRanges();
  selection.addRange(range);
}
