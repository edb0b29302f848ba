'use client';

import { useState } from 'react';
import { Button } from '@/components/button';
import { Dialog } from '@/components/dialog';
import { ActiveToggle } from '@/components/konnectors/active-toggle';
import { ProblemsList } from '@/components/konnectors/problems-list';
import type { KonnectorDto, Problem } from '@/lib/api-types';

interface Props {
  workspaceId: string;
  konnector: KonnectorDto | null;
  /** The draft has edits that are not saved (or the konnector was never saved). */
  dirty: boolean;
  /** Saves (asking for a name the first time); resolves true once saved. */
  onSave: () => Promise<boolean>;
  /** The draft's problems when the builder itself refuses to turn it on (it has no action): listed when the switch is clicked. */
  blocking?: Problem[];
}

/**
 * The Active/Inactive switch of the builder. Turning on runs what is saved, so it needs a saved,
 * clean draft: otherwise it asks to save first. Turning off is always possible.
 */
export function ActiveSwitch({ workspaceId, konnector, dirty, onSave, blocking = [] }: Props) {
  const [asking, setAsking] = useState(false);
  const [saving, setSaving] = useState(false);
  const blocked = blocking.length > 0 && konnector?.status !== 'active';
  if (konnector && !blocked && (konnector.status === 'active' || !dirty)) return <ActiveToggle workspaceId={workspaceId} konnector={konnector} />;

  const name = konnector?.name ?? 'New konnector';
  return (
    <>
      <button
        type="button"
        role="switch"
        aria-checked={false}
        aria-label={`${name}: inactive`}
        onClick={() => setAsking(true)}
        className="group inline-flex items-center gap-2 rounded-full text-xs font-medium text-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
      >
        <span className="relative inline-flex h-5 w-9 shrink-0 rounded-full bg-slate-300">
          <span className="absolute top-0.5 h-4 w-4 translate-x-0.5 rounded-full bg-white shadow" />
        </span>
        <span className="w-14 text-left">Inactive</span>
      </button>
      {blocked ? (
        <Dialog open={asking} onClose={() => setAsking(false)} title={`"${name}" can't be turned on yet`} description="Fix this in the konnector, then turn it on.">
          <ProblemsList problems={blocking} />
          <div className="mt-3 flex justify-end">
            <Button autoFocus onClick={() => setAsking(false)}>
              OK
            </Button>
          </div>
        </Dialog>
      ) : (
      <Dialog
        open={asking}
        onClose={() => setAsking(false)}
        title={konnector ? 'Save your changes first' : 'Save the konnector first'}
        description={konnector ? 'The konnector runs what is saved. Save your latest changes, then turn it on.' : 'A konnector is turned on once it is saved. Save it, then turn it on.'}
      >
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setAsking(false)}>
            Cancel
          </Button>
          <Button
            autoFocus
            disabled={saving}
            onClick={() => {
              setSaving(true);
              setAsking(false);
              void onSave().finally(() => setSaving(false));
            }}
          >
            Save
          </Button>
        </div>
      </Dialog>
      )}
    </>
  );
}
