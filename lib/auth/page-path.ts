/** Set by proxy.ts on page requests: the path being rendered, for the login redirect (layouts are not told it). */
export const PAGE_PATH_HEADER = 'x-console-path';
