/**
 * Python distribution metadata in site-packages (PyPA "Recording installed projects"):
 * `<name>-<version>.dist-info/RECORD` is CSV (path, hash, size) with paths relative to the
 * site-packages folder; legacy `<name>-<version>[-pyX.Y].egg-info/installed-files.txt` lists paths
 * relative to the egg-info folder; `top_level.txt` names the top-level modules. The CSV reader is
 * written by hand (RFC 4180 quoting only): RECORD needs no more and no CSV library is a dependency.
 */
import { dirOf, nameOf, resolvePath } from './paths';

/** Name and version from a `.dist-info` / `.egg-info` folder name, e.g. `Flask-3.0.0.dist-info`. */
export function distInfoName(folder: string): { name: string; version: string } | null {
  const m = /^(.+?)-(\d[^-]*?)(?:-py\d[\d.]*)?\.(?:dist|egg)-info$/.exec(nameOf(folder));
  return m ? { name: m[1]!, version: m[2]! } : null;
}

/** Splits one CSV line (RFC 4180: fields may be double-quoted, `""` is a quote inside one). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let v = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            v += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += line[i++];
      }
      out.push(v);
      i = line.indexOf(',', i) === -1 ? line.length + 1 : line.indexOf(',', i) + 1;
    } else {
      const j = line.indexOf(',', i);
      out.push(line.slice(i, j === -1 ? line.length : j));
      i = j === -1 ? line.length + 1 : j + 1;
    }
  }
  return out;
}

/** A RECORD file's paths, absolute (resolved against its site-packages folder), with declared sizes. */
export function parseRecord(recordPath: string, text: string): { path: string; size?: number }[] {
  const sitePackages = dirOf(dirOf(recordPath));
  const out: { path: string; size?: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [rel, , size] = csvFields(line.replace(/\r$/, ''));
    if (!rel) continue;
    const path = resolvePath(sitePackages, rel);
    if (!path) continue;
    const n = size ? Number(size) : NaN;
    out.push(Number.isFinite(n) ? { path, size: n } : { path });
  }
  return out;
}

/** `installed-files.txt` of an egg-info folder: absolute paths (relative to the egg-info folder). */
export function parseInstalledFiles(listPath: string, text: string): string[] {
  const eggInfo = dirOf(listPath);
  const out: string[] = [];
  for (const line of text.split('\n')) {
    const rel = line.trim();
    const p = rel ? resolvePath(eggInfo, rel) : null;
    if (p) out.push(p);
  }
  return out;
}

/** `top_level.txt`: module names, one a line. */
export function parseTopLevel(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.includes('/'));
}
