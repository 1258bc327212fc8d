export async function runIdle(_args: unknown): Promise<void> {}
