export const ROOT: string;
export function pack(dir: string): {
  tarball: string;
  summary: { size: number; unpackedSize: number; entryCount: number; files: Array<{ path: string; size: number }> };
};
export function installGlobal(tarball: string, prefix: string): { bin: string; packageDir: string };
export function installLocal(tarball: string, project: string): string;
export function diskUsage(dir: string): number;
export const MB: number;
export const GLOBAL_INSTALL_BUDGET: number;
export function npmEnv(): NodeJS.ProcessEnv;
