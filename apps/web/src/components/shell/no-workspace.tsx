'use client';

import { signOut } from 'next-auth/react';
import { useState } from 'react';
import { Button } from '@/components/button';
import { CreateWorkspaceDialog } from './create-workspace-dialog';

/** A signed-in user who belongs to no workspace (they left every one). */
export function NoWorkspace() {
  const [open, setOpen] = useState(false);
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-6 text-center">
      <h1 className="text-2xl font-semibold">You are not in any workspace</h1>
      <p className="text-slate-600">Create a workspace to connect your apps, or ask a workspace admin to invite your email.</p>
      <div className="flex gap-2">
        <Button onClick={() => setOpen(true)}>Create a workspace</Button>
        <Button variant="secondary" onClick={() => void signOut({ callbackUrl: '/signin' })}>
          Sign out
        </Button>
      </div>
      <CreateWorkspaceDialog open={open} onClose={() => setOpen(false)} />
    </main>
  );
}
