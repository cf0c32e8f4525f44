/**
 * `improve serve --sync`: run the sync now and then every `intervalMs` (each publication's own
 * schedule decides whether it is checked), never two runs at once. Failures are logged, never
 * thrown: a sync problem must not take the web platform down. Returns a function that stops it.
 */
export function startSyncTimer(
  run: () => Promise<void>,
  onError: (e: unknown) => void,
  intervalMs = 15 * 60_000,
): () => void {
  let running = false;
  const tick = () => {
    if (running) return;
    running = true;
    run()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  };
  tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
