export function buildIfStale(root: string, stdio?: 'inherit' | 'ignore' | 'pipe'): void
