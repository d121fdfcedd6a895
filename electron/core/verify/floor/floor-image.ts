/**
 * The image facts the floor is sized from, read in one streamed pass over the image export
 * (`GET /images/{id}/get`, through `layers/image-files.ts` as the runtime-libraries check reads it):
 * the final filesystem (paths, types, tar sizes, links; later layers' whiteouts honoured), the
 * loader facts of every ELF file (bounded bytes each, `shared/elf/elf-stream.ts`), the `#!` line of
 * every script and the loader's config files.
 */
import type Dockerode from 'dockerode';
import { hasElfMagic, type ElfInfo } from '../../../../shared/elf/elf-reader';
import { isLoaderConfigPath, loaderConfigDirs } from '../../../../shared/elf/loader-config';
import type { VirtualFs } from '../../../../shared/layers/virtual-fs';
import { elfReader } from '../../checks/runtime-libraries';
import { readImageFiles, taggedTextReader, type FileReader } from '../../layers/image-files';

/** What the floor needs of an image's final filesystem. */
export interface FloorImage {
  fs: VirtualFs;
  elves: Map<string, ElfInfo>;
  /** `#!` lines (text after `#!`, trimmed) by path. */
  shebangs: Map<string, string>;
  /** Directories of `/etc/ld.so.conf` and friends, or musl's path file. */
  configDirs: string[];
}

type Picked =
  { kind: 'elf'; info: ElfInfo } | { kind: 'shebang'; line: string } | { kind: 'text'; text: string };

/** Longest `#!` line kept (Linux's BINPRM_BUF_SIZE is 256). */
const SHEBANG_BYTES = 256;

/** A reader that decides on the first chunk: an ELF's loader facts, a script's `#!` line, or nothing. */
function programReader(size: number): FileReader<Picked> {
  let inner: FileReader<Picked> | null = null;
  return {
    write(chunk) {
      if (!inner) {
        if (chunk.length >= 4 && hasElfMagic(chunk) && size >= 64) {
          const elf = elfReader(size);
          inner = {
            write: (c) => elf.write(c),
            result: () => {
              const v = elf.result();
              return v?.kind === 'elf' ? v : undefined;
            },
          };
        } else if (chunk[0] === 0x23 && chunk[1] === 0x21) {
          const text = Buffer.from(chunk.subarray(2, SHEBANG_BYTES)).toString('latin1');
          const line = text.split('\n')[0]!.trim();
          inner = { write: () => false, result: () => ({ kind: 'shebang', line }) };
        } else return false;
      }
      return inner.write(chunk);
    },
    result: () => inner?.result(),
  };
}

function pick(path: string, size: number): FileReader<Picked> | null {
  if (isLoaderConfigPath(path)) {
    return taggedTextReader(64 * 1024);
  }
  return size >= 4 ? programReader(size) : null;
}

/**
 * Reads `image` (id or tag) from the daemon. Cost: one streamed export (about 20 s for 800 MB on
 * the test engine). Throws when the image is absent (statusCode 404) or unreadable.
 */
export async function readFloorImage(
  docker: Dockerode,
  image: string,
  signal?: AbortSignal,
): Promise<FloorImage> {
  const { fs, files } = await readImageFiles(docker, image, pick, signal);
  const elves = new Map<string, ElfInfo>();
  const shebangs = new Map<string, string>();
  const texts = new Map<string, string>();
  for (const [p, v] of files) {
    if (v.kind === 'elf') elves.set(p, v.info);
    else if (v.kind === 'shebang') shebangs.set(p, v.line);
    else texts.set(p, v.text);
  }
  return { fs, elves, shebangs, configDirs: loaderConfigDirs(texts) };
}
