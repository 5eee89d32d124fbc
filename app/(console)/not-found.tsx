import { NotFoundView } from '@/components/shell/not-found-view';

// notFound() from a console page: the 404 inside the console's shell.
export default function ConsoleNotFound() {
  return <NotFoundView />;
}
