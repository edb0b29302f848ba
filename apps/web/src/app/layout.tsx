import type { Metadata } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { Providers } from '@/components/providers';
import './globals.css';

export const metadata: Metadata = {
  title: 'Konnect',
  description: 'Connect your apps and automate workflows.',
};

/**
 * Every page renders per request: the Content-Security-Policy nonce (src/proxy.ts) is new each
 * time, and Next.js can only stamp it on the scripts of a page it renders now.
 */
export default async function RootLayout({ children }: { children: ReactNode }) {
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
