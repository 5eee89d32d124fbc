// The browser side of the error contract: every non-2xx answer becomes the same ApiError the server threw.
import { ApiError } from '../api/errors';

export async function fetchJson<T>(url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: {
        Accept: 'application/json',
        ...(init?.body ? { 'Content-Type': 'application/json' } : {}),
        ...init?.headers,
      },
    });
  } catch {
    throw new ApiError('unavailable', 'The console server is unreachable.');
  }
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok) throw ApiError.fromBody(response.status, body);
  return body as T;
}

export const swrFetcher = <T>(url: string) => fetchJson<T>(url);
