// Runs once when the server starts; the Node-only checks live in their own module.
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { checkConfigurationOrExit } = await import('./lib/etcd/startup-check');
    checkConfigurationOrExit();
  }
}
