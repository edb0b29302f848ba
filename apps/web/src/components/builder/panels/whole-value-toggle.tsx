'use client';

/** For lists and key/value fields: fill in items by hand, or map one field that holds the whole value. */
import { Button } from '@/components/button';

export function WholeValueToggle({ whole, what, onToggle }: { whole: boolean; what: 'list' | 'object'; onToggle: () => void }) {
  return (
    <Button variant="ghost" className="self-start px-1 py-0.5 text-xs" onClick={onToggle}>
      {whole ? (what === 'list' ? 'Enter items one by one' : 'Enter keys and values') : `Map a whole ${what} field instead`}
    </Button>
  );
}
