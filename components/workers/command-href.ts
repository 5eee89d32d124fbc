/** The page of one command. */
export const commandHref = (id: string) => `/workers/commands/${encodeURIComponent(id)}`;
