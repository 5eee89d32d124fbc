// Runs once when the server starts; the Node-only checks live in their own module.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationOrExit } = await import('./lib/etcd/startup-check');
    checkConfigurationOrExit();
    // Webhook deliveries are background work of every replica (claimed in etcd, so each is sent once).
    const { startWebhooks } = await import('./lib/webhooks/start');
    startWebhooks();
    if (!process.env.CONSOLE_GATE_SECRET) {
      // Started as `next start` (or `next dev`): no front door, so no client address and, with login off, no one
      // is let in (lib/auth/peer.ts).
      const { logger } = await import('./lib/log/logger');
      logger.warn(
        'the console runs without its front door (CONSOLE_GATE_SECRET is unset): start it with `npm run serve` (node server.mjs), not `next start`; with login off every request is refused, and client addresses are unknown',
      );
    }
  }
}
