/**
 * Repair for a failed "Runtime libraries resolve" check (issue 10 §1): map each missing soname to the
 * OS package that ships it, using the package database of an image that had it (the builder stage's
 * image, then the original), and add those packages to the runtime stage of the optimized Dockerfile
 * (`shared/repair/runtime-packages.ts`). The caller rebuilds and re-checks; a repair that does not
 * fix the check is the caller's cue to hold the responsible fix back instead.
 */
import type Dockerode from 'dockerode';
import {
  APK_INSTALLED,
  DPKG_STATUS,
  apkOwners,
  dpkgOwners,
  isPackageDbPath,
  packagesForSonames,
  type OwnersByName,
} from '../../../shared/repair/package-owners';
import { addRuntimePackages, type PackageManager } from '../../../shared/repair/runtime-packages';
import { readImageFiles, textReader } from '../layers/image-files';

/** Largest package database file read (dpkg's status of a big image is a few MB). */
const MAX_DB_FILE = 64 * 1024 * 1024;

/** The package database of one image: who ships which file name; null when it has none. */
export async function readPackageOwners(
  docker: Dockerode,
  image: string,
  signal?: AbortSignal,
): Promise<{ manager: PackageManager; owners: OwnersByName } | null> {
  const { files } = await readImageFiles(
    docker,
    image,
    (path) => (isPackageDbPath(path) ? textReader(MAX_DB_FILE) : null),
    signal,
  );
  const status = files.get(DPKG_STATUS);
  if (status !== undefined) {
    const lists = new Map([...files].filter(([p]) => p.endsWith('.list')));
    return { manager: 'apt', owners: dpkgOwners(status, lists) };
  }
  const apk = files.get(APK_INSTALLED) ?? files.get('/usr/lib/apk/db/installed');
  if (apk !== undefined) return { manager: 'apk', owners: apkOwners(apk) };
  return null;
}

/** Inputs of {@link repairMissingLibraries}. */
export interface LibraryRepairInput {
  docker: Dockerode;
  /** The sonames to supply (the check's `optimized.data.missingSonames`). */
  missingSonames: string[];
  /**
   * Images whose package database is asked, in order: usually the builder stage's image
   * (`docker build --target <stage>`), then the original image. A soname is mapped by the first
   * image that ships it.
   */
  sourceImages: string[];
  /** The optimized Dockerfile to edit. */
  dockerfileText: string;
  /**
   * The runtime image's package manager (the check's `optimized.data.packageManager`): `null` means
   * none is usable there (no repair); undefined lets the Dockerfile's base image decide.
   */
  runtimeManager?: PackageManager | null;
  signal?: AbortSignal;
}

/** What {@link repairMissingLibraries} did. */
export interface LibraryRepair {
  /** The edited Dockerfile, or null when no repair is possible (see `summary`). */
  text: string | null;
  /** Packages added to the runtime stage. */
  packages: string[];
  /** The package chosen for each soname. */
  bySoname: Record<string, string>;
  /** Sonames no source image's package database ships. */
  unmapped: string[];
  /** One sentence for the report (`AppliedRepair.summary`), or why nothing was done. */
  summary: string;
}

/**
 * Maps `missingSonames` to packages and edits the runtime stage to install them. Returns `text: null`
 * when any soname cannot be mapped (a partial repair would still fail the check), when the runtime
 * has no usable package manager, or when the managers differ (Debian names on Alpine). Image read
 * errors of a source image are skipped over (the next image is asked). `readOwners` is for tests.
 */
export async function repairMissingLibraries(
  input: LibraryRepairInput,
  readOwners: typeof readPackageOwners = readPackageOwners,
): Promise<LibraryRepair> {
  const wanted = [...new Set(input.missingSonames)].sort();
  const none = (summary: string, unmapped = wanted): LibraryRepair => ({
    text: null,
    packages: [],
    bySoname: {},
    unmapped,
    summary,
  });
  if (wanted.length === 0) return none('Nothing to repair: no missing libraries.', []);
  if (input.runtimeManager === null)
    return none('No repair: the runtime image has no package manager (distroless, scratch or unknown).');
  const bySoname: Record<string, string> = {};
  let manager: PackageManager | undefined;
  const seen: string[] = [];
  for (const image of input.sourceImages) {
    const left = wanted.filter((s) => !(s in bySoname));
    if (left.length === 0) break;
    let db: Awaited<ReturnType<typeof readPackageOwners>>;
    try {
      db = await readOwners(input.docker, image, input.signal);
    } catch {
      continue;
    }
    if (!db) continue;
    if (input.runtimeManager && db.manager !== input.runtimeManager) continue;
    if (manager && db.manager !== manager) continue;
    const found = packagesForSonames(db.owners, left);
    if (Object.keys(found.bySoname).length > 0) {
      manager = db.manager;
      Object.assign(bySoname, found.bySoname);
      seen.push(image);
    }
  }
  const unmapped = wanted.filter((s) => !(s in bySoname));
  if (unmapped.length > 0)
    return {
      ...none(
        `No repair: no package database of ${input.sourceImages.join(', ')} ships ${unmapped.join(', ')}.`,
        unmapped,
      ),
      bySoname,
    };
  const packages = [...new Set(Object.values(bySoname))].sort();
  const edit = addRuntimePackages(input.dockerfileText, packages, input.runtimeManager ?? manager);
  if (!edit.ok) return { ...none(`No repair: ${edit.reason}.`, []), bySoname };
  if (edit.added.length === 0)
    return { ...none(`No repair: the runtime stage already installs ${packages.join(', ')}.`, []), bySoname };
  const how =
    edit.how === 'appended'
      ? `added to the install on line ${edit.line}`
      : `installed by a RUN added on line ${edit.line}`;
  return {
    text: edit.text,
    packages,
    bySoname,
    unmapped: [],
    summary: `Runtime packages ${packages.join(', ')} ${how}, for ${wanted.join(', ')} (from the package database of ${seen.join(', ')}).`,
  };
}
