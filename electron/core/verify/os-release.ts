/**
 * An image's `/etc/os-release` read cheaply: a container is created (never started) and the file
 * copied out of it (`GET /containers/{id}/archive`), instead of streaming the whole image export
 * as the full facts reader does (a 1 GB toolchain image takes longer than a verification may wait).
 */
import type Dockerode from 'dockerode';
import { extract } from 'tar-stream';
import type { BaseImageFacts } from '../../../shared/api/contract';
import { parseOsRelease } from '../docker/base-image-facts';

/** The first regular file of a tar stream (Docker's archive endpoint sends one entry per path), or null. */
function firstFile(stream: NodeJS.ReadableStream, maxBytes = 64 * 1024): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const ex = extract();
    let out: string | null = null;
    ex.on('entry', (header, body, next) => {
      const chunks: Buffer[] = [];
      let size = 0;
      body.on('data', (c: unknown) => {
        const b = c as Buffer;
        size += b.length;
        if (size <= maxBytes) chunks.push(b);
      });
      body.on('end', () => {
        if (out === null && header.type === 'file') out = Buffer.concat(chunks).toString('utf8');
        next();
      });
      body.resume();
    });
    ex.on('finish', () => resolve(out));
    ex.on('error', reject);
    stream.pipe(ex);
  });
}

/** `osId` and `osRelease` of a local image, or null when it is absent or has no os-release. */
export async function readOsRelease(docker: Dockerode, ref: string): Promise<BaseImageFacts | null> {
  let container: Dockerode.Container;
  try {
    container = await docker.createContainer({
      Image: ref,
      Cmd: ['/whittle-never-started'],
      Labels: { 'whittle.probe': 'os-release' },
    });
  } catch {
    return null;
  }
  try {
    // /etc/os-release is a symlink to ../usr/lib/os-release on Debian; the archive holds the link itself.
    for (const path of ['/usr/lib/os-release', '/etc/os-release']) {
      const text = await container
        .getArchive({ path })
        .then((s) => firstFile(s))
        .catch(() => null);
      if (text) return parseOsRelease(text);
    }
    return null;
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
