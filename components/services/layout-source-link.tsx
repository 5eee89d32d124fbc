'use client';
// The framework source a layout follows, as a link, when the layout names one by URL.
import { ExternalLink } from 'lucide-react';

export function isSourceUrl(source: string): boolean {
  return /^https?:\/\//.test(source);
}

export function LayoutSourceLink({ source, label }: { source: string; label: string }) {
  if (!isSourceUrl(source)) return null;
  return (
    <a
      href={source}
      target="_blank"
      rel="noreferrer"
      className="inline-flex items-center gap-1 text-xs text-sky-700 hover:underline dark:text-sky-400"
    >
      {label}
      <ExternalLink className="size-3" aria-hidden />
    </a>
  );
}
