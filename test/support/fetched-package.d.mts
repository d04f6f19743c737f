export function fetchedPackage(
  name: string,
  version: string,
  options?: { dependencies?: Record<string, string>; overrides?: Record<string, string> },
): string;
