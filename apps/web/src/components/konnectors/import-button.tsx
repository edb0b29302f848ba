'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useRef, type ChangeEvent } from 'react';
import { Button } from '@/components/button';
import { useToast } from '@/components/toast';
import { api, messageOf } from '@/lib/api-client';
import type { ImportResult } from '@/lib/api-types';
import { konnectorKeys } from '@/lib/konnector-queries';
import { wsPath } from '@/lib/queries';

/** Imports an exported konnector file (.json); connections are matched by app and name. */
export function ImportButton({ workspaceId }: { workspaceId: string }) {
  const input = useRef<HTMLInputElement>(null);
  const router = useRouter();
  const toast = useToast();
  const queryClient = useQueryClient();
  const upload = useMutation({
    mutationFn: async (file: File) => {
      let body: unknown;
      try {
        body = JSON.parse(await file.text()) as unknown;
      } catch {
        throw new Error(`${file.name} is not a konnector file (not JSON)`);
      }
      return api<ImportResult>(wsPath(workspaceId, '/konnectors/import'), { method: 'POST', body });
    },
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: konnectorKeys.all(workspaceId) });
      const missing = r.unresolved.length ? ` ${r.unresolved.length} step(s) need a connection.` : '';
      toast.success(`"${r.konnector.name}" imported (inactive).${missing}`);
      router.push(`/app/${workspaceId}/konnectors/${r.konnector.id}`);
    },
    onError: (err) => toast.error(messageOf(err)),
  });
  const onFile = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (file) upload.mutate(file);
  };
  return (
    <>
      <input ref={input} type="file" accept="application/json,.json" className="sr-only" tabIndex={-1} aria-hidden="true" onChange={onFile} />
      <Button variant="secondary" onClick={() => input.current?.click()} disabled={upload.isPending}>
        {upload.isPending ? 'Importing…' : 'Import'}
      </Button>
    </>
  );
}
