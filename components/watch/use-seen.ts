'use client';
import { useCallback, useState } from 'react';

/**
 * Whether an element with `content-visibility: auto` has been rendered yet (it is in or near the viewport), for
 * work worth doing only on what is seen. The browser already tracks this for content-visibility and says so with
 * `contentvisibilityautostatechange`, so no observer of our own is needed; without that event, it counts as seen.
 */
export function useSeen<T extends Element>(): [(el: T | null) => (() => void) | undefined, boolean] {
  const [seen, setSeen] = useState(false);
  const ref = useCallback((el: T | null) => {
    if (!el) return;
    if (typeof ContentVisibilityAutoStateChangeEvent === 'undefined') {
      setSeen(true);
      return;
    }
    const onChange = (e: Event) => {
      if ((e as ContentVisibilityAutoStateChangeEvent).skipped) return;
      setSeen(true);
      el.removeEventListener('contentvisibilityautostatechange', onChange);
    };
    el.addEventListener('contentvisibilityautostatechange', onChange);
    return () => el.removeEventListener('contentvisibilityautostatechange', onChange);
  }, []);
  return [ref, seen];
}
