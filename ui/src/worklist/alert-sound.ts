// An optional chime for new red alerts, off unless the person turns it on on this device.
// Browsers let a page play sound only after a gesture: turning the switch on is that gesture.

const storageKey = 'percorsi.alertSound';
let context: AudioContext | null = null;

export function soundPreference(): boolean {
  try {
    return window.localStorage.getItem(storageKey) === 'on';
  } catch {
    return false;
  }
}

export function setSoundPreference(on: boolean): void {
  try {
    window.localStorage.setItem(storageKey, on ? 'on' : 'off');
  } catch {
    // Storage disabled: the choice holds for this page only.
  }
  if (on) primeSound();
}

/** Creates (or wakes) the audio context; call from a click or key press. */
export function primeSound(): void {
  try {
    context ??= new AudioContext();
    void context.resume();
  } catch {
    context = null;
  }
}

/** Two short tones, distinct from a phone's ring; silent if sound was never primed. */
export function playAlertSound(): void {
  if (!context) return;
  const start = context.currentTime + 0.02;
  for (const [offset, frequency] of [
    [0, 880],
    [0.28, 660],
  ] as const) {
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.24);
    oscillator.connect(gain).connect(context.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.26);
  }
}
