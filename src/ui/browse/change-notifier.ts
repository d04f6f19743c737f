// How a session tells the screen it changed: a version number (React's useSyncExternalStore
// reads it) and listeners, called at most once per event-loop turn.

const BACKGROUND_MS = 250;

type Listener = () => void;

export class ChangeNotifier {
  private readonly listeners = new Set<Listener>();
  private version = 0;
  private scheduled: false | 'now' | 'later' = false;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  subscribe = (listener: Listener): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getVersion = (): number => this.version;

  /**
   * Coalesces changes into one notification: at the next event-loop turn for what the user is
   * looking at (`urgent`), at most every BACKGROUND_MS for progress elsewhere — every
   * notification re-renders the screen, and a screen busy re-rendering answers keys late.
   */
  changed(urgent = true): void {
    this.version++;
    if (this.stopped) return;
    if (urgent && this.scheduled !== 'now') {
      if (this.timer) clearTimeout(this.timer);
      this.timer = undefined;
      this.scheduled = 'now';
      setImmediate(() => this.notify());
    } else if (!this.scheduled) {
      this.scheduled = 'later';
      this.timer = setTimeout(() => this.notify(), BACKGROUND_MS);
    }
  }

  /** No notification after this (the screen is closing). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private notify(): void {
    this.scheduled = false;
    this.timer = undefined;
    if (this.stopped) return;
    for (const l of this.listeners) l();
  }
}
