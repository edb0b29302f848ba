import { describe, expect, it } from 'vitest';
import { displayText, filterOptions, isTemplate, listNoun, mergePages, moveActive, optionRows, rowValue, type OptionItem } from './options-model';

const general: OptionItem = { value: 'C1', label: '#general' };
const sales: OptionItem = { value: 'C2', label: '#sales', hint: 'private' };
const zoe: OptionItem = { value: 'U9', label: 'Zoë Ãlvarez', hint: 'zoe@example.com' };

describe('mergePages', () => {
  it('keeps page order and each value once (the first wins)', () => {
    const merged = mergePages([
      { items: [general, sales], nextCursor: '2' },
      { items: [{ value: 'C2', label: '#sales (moved)' }, zoe], nextCursor: null },
    ]);
    expect(merged).toEqual([general, sales, zoe]);
    expect(mergePages([])).toEqual([]);
  });
});

describe('filterOptions', () => {
  it('matches every word in label, hint or value, ignoring case and accents', () => {
    const items = [general, sales, zoe];
    expect(filterOptions(items, 'SAL')).toEqual([sales]);
    expect(filterOptions(items, 'private')).toEqual([sales]);
    expect(filterOptions(items, 'c1')).toEqual([general]);
    expect(filterOptions(items, 'zoe alvarez')).toEqual([zoe]);
    expect(filterOptions(items, 'zoe sales')).toEqual([]);
    expect(filterOptions(items, '   ')).toEqual(items);
  });
});

describe('optionRows', () => {
  it('shows the loaded items, filtered here when the app cannot search', () => {
    const rows = optionRows({ items: [general, sales], value: '', query: 'gen', searchable: false });
    expect(rows).toEqual([{ kind: 'item', item: general }, { kind: 'custom', value: 'gen' }]);
    // A searchable list was filtered by the app: every item it sent is shown.
    expect(optionRows({ items: [general, sales], value: '', query: 'gen', searchable: true }).filter((r) => r.kind === 'item')).toHaveLength(2);
  });

  it('keeps a saved value the list does not hold, first, so it is never silently dropped', () => {
    const rows = optionRows({ items: [general, sales], value: 'C-archived', query: '', searchable: false });
    expect(rows[0]).toEqual({ kind: 'stored', item: { value: 'C-archived', label: 'C-archived', hint: 'Saved value (not in the loaded list)' } });
    expect(rows).toHaveLength(3);
    // Once the list holds it, it is an ordinary row.
    expect(optionRows({ items: [general, sales], value: 'C2', query: '', searchable: false }).map((r) => r.kind)).toEqual(['item', 'item']);
    // It follows the filter like the others.
    expect(optionRows({ items: [general], value: 'C-archived', query: 'archived', searchable: false })[0]?.kind).toBe('stored');
    expect(optionRows({ items: [general], value: 'C-archived', query: 'general', searchable: false }).map((r) => r.kind)).toEqual(['item', 'custom']);
  });

  it('a mapped {{…}} value is not a stored choice', () => {
    expect(optionRows({ items: [general], value: '{{trigger.channel}}', query: '', searchable: false })).toEqual([{ kind: 'item', item: general }]);
    expect(isTemplate('{{trigger.id}}')).toBe(true);
    expect(isTemplate('C1')).toBe(false);
  });

  it('offers what was typed as a custom value unless it is exactly a loaded value or the saved one', () => {
    expect(optionRows({ items: [general], value: '', query: ' C77 ', searchable: false }).at(-1)).toEqual({ kind: 'custom', value: 'C77' });
    expect(optionRows({ items: [general], value: '', query: 'C1', searchable: false }).some((r) => r.kind === 'custom')).toBe(false);
    expect(optionRows({ items: [general], value: 'C77', query: 'C77', searchable: false }).map((r) => r.kind)).toEqual(['stored']);
    expect(rowValue({ kind: 'custom', value: 'C77' })).toBe('C77');
    expect(rowValue({ kind: 'item', item: sales })).toBe('C2');
  });
});

describe('displayText', () => {
  it('is the label once loaded, else the value itself', () => {
    expect(displayText([general, sales], 'C2')).toBe('#sales');
    expect(displayText([general], '66a000010acb1825c4000001')).toBe('66a000010acb1825c4000001');
    expect(displayText([], '')).toBe('');
  });
});

describe('moveActive', () => {
  it('moves with the arrows, stops at the ends, jumps with Home and End', () => {
    expect(moveActive(-1, 'ArrowDown', 3)).toBe(0);
    expect(moveActive(-1, 'ArrowUp', 3)).toBe(2);
    expect(moveActive(0, 'ArrowDown', 3)).toBe(1);
    expect(moveActive(2, 'ArrowDown', 3)).toBe(2);
    expect(moveActive(0, 'ArrowUp', 3)).toBe(0);
    expect(moveActive(1, 'Home', 3)).toBe(0);
    expect(moveActive(0, 'End', 3)).toBe(2);
    expect(moveActive(0, 'ArrowDown', 0)).toBe(-1);
  });
});

describe('listNoun', () => {
  it('reads a list name as words', () => {
    expect(listNoun('company_ids')).toBe('company ids');
    expect(listNoun('channels')).toBe('channels');
  });
});
