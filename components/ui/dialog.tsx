'use client';
// The one modal of the console, on Radix Dialog: focus stays inside while open, Escape and the backdrop close it,
// and focus returns to whatever opened it.
import * as RadixDialog from '@radix-ui/react-dialog';
import { X } from 'lucide-react';
import { type ReactNode, useRef } from 'react';

export function Dialog({
  open,
  onClose,
  title,
  children,
  footer,
  wide = false,
  testId,
}: {
  open: boolean;
  onClose: () => void;
  title: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  wide?: boolean;
  testId?: string;
}) {
  // The opener is read while rendering the opening: by the time effects run, an autoFocus field has the focus.
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  if (open && !wasOpen.current && typeof document !== 'undefined') {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  }
  wasOpen.current = open;

  return (
    <RadixDialog.Root
      open={open}
      onOpenChange={(next) => {
        if (!next) onClose();
      }}
    >
      <RadixDialog.Portal>
        {/* The overlay scrolls, so a dialog taller than the window can be read to its end. */}
        <RadixDialog.Overlay className="fixed inset-0 z-50 flex items-start justify-center overflow-y-auto bg-zinc-950/50 p-6 pt-[8vh]">
          <RadixDialog.Content
            data-testid={testId}
            aria-describedby={undefined}
            onCloseAutoFocus={(event) => {
              // Back to the opener, unless it went away with what it acted on (a deleted row).
              event.preventDefault();
              const target = opener.current;
              opener.current = null;
              if (target?.isConnected) target.focus();
            }}
            className={`relative w-full ${wide ? 'max-w-6xl' : 'max-w-lg'} rounded-lg border border-zinc-200 bg-white text-zinc-900 shadow-xl focus:outline-none dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100`}
          >
            <div className="flex items-center justify-between border-b border-zinc-200 px-5 py-3 dark:border-zinc-800">
              <RadixDialog.Title className="font-semibold">{title}</RadixDialog.Title>
              <RadixDialog.Close
                aria-label="Close"
                className="rounded p-1 hover:bg-zinc-100 dark:hover:bg-zinc-800"
              >
                <X className="size-4" aria-hidden />
              </RadixDialog.Close>
            </div>
            <div className="px-5 py-4 text-sm">{children}</div>
            {footer ? (
              <div className="flex justify-end gap-2 border-t border-zinc-200 px-5 py-3 dark:border-zinc-800">
                {footer}
              </div>
            ) : null}
          </RadixDialog.Content>
        </RadixDialog.Overlay>
      </RadixDialog.Portal>
    </RadixDialog.Root>
  );
}
