import { NotFoundView } from '@/components/shell/not-found-view';

// An address no route matches: the same 404, centred, without the console's shell (the caller may not be signed in).
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <NotFoundView />
    </main>
  );
}
