/** Renders the proposed .dockerignore: the project's own lines kept, Whittle's entries added. */
export function renderDockerignore(existing: string | null, entries: string[]): string {
  const header = '# Proposed by Whittle: keeps these out of the build context and the image.';
  if (existing === null) return `${header}\n${entries.join('\n')}\n`;
  const base = existing.endsWith('\n') || existing === '' ? existing : `${existing}\n`;
  return `${base}\n${header}\n${entries.join('\n')}\n`;
}
