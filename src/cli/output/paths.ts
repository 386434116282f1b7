import path from "node:path";

/** Paths inside the working directory are shown relative to it, as a user types them and as GitHub annotations need. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative === "" || relative.startsWith("..") || path.isAbsolute(relative) ? file : relative;
}
