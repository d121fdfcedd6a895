/**
 * Alpine's installed database, `/lib/apk/db/installed`: one block per package separated by blank
 * lines; `P:` name, `V:` version, `F:` a folder (relative to /), and `R:` a file in the last `F:`
 * (apk-tools' "installed database" format, wiki.alpinelinux.org/wiki/Apk_spec). Written by hand: no
 * npm library reads it.
 */

/** One installed apk package and its files (absolute paths). */
export interface ApkPackage {
  name: string;
  version: string;
  files: string[];
}

/** Parses the installed database; blocks without a name are skipped. */
export function parseApkInstalled(text: string): ApkPackage[] {
  const out: ApkPackage[] = [];
  let cur: ApkPackage | null = null;
  let folder = '';
  const flush = (): void => {
    if (cur?.name) out.push(cur);
    cur = null;
    folder = '';
  };
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') {
      flush();
      continue;
    }
    if (line[1] !== ':') continue;
    cur ??= { name: '', version: '', files: [] };
    const value = line.slice(2);
    switch (line[0]) {
      case 'P':
        cur.name = value;
        break;
      case 'V':
        cur.version = value;
        break;
      case 'F':
        folder = value;
        break;
      case 'R':
        cur.files.push(folder ? `/${folder}/${value}` : `/${value}`);
        break;
    }
  }
  flush();
  return out;
}
