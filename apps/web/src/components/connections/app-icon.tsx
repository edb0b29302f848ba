import type { CatalogueEntry } from '@/lib/api-types';

/** A connector's icon: inline SVG markup shipped with the connector package (our own code, not user input). */
export function AppIcon({ entry, size = 32 }: { entry: CatalogueEntry | undefined; size?: number }) {
  if (!entry?.icon) {
    return (
      <span aria-hidden="true" style={{ width: size, height: size }} className="inline-flex items-center justify-center rounded-md bg-slate-200 text-sm font-semibold text-slate-600">
        {entry?.name.charAt(0) ?? '?'}
      </span>
    );
  }
  return <span aria-hidden="true" style={{ width: size, height: size }} className="inline-flex shrink-0 [&>svg]:h-full [&>svg]:w-full" dangerouslySetInnerHTML={{ __html: entry.icon }} />;
}
