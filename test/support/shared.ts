/** Resources started once per test run and stopped by the root afterAll hook. */
const stoppers: (() => Promise<void>)[] = [];

export function onTestRunEnd(stop: () => Promise<void>): void {
  stoppers.push(stop);
}

export async function stopSharedResources(): Promise<void> {
  while (stoppers.length) {
    const stop = stoppers.pop()!;
    await stop().catch((err: unknown) => process.stderr.write(`cleanup failed: ${String(err)}\n`));
  }
}

/** Memoises an async factory: the first caller starts it, everyone shares it. */
export function lazy<T>(factory: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= factory());
}
