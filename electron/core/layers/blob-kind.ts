/**
 * Recognises what a file inside an image archive is from its first bytes. OCI blobs are named only by
 * digest (`blobs/sha256/<hex>`), so manifests, configs and (compressed) layers look alike by name.
 */

/** What a blob holds, judged by magic bytes. */
export type BlobKind = 'tar' | 'gzip' | 'zstd' | 'json' | 'other';

/** How many leading bytes {@link sniffBlob} wants (one tar header block). */
export const SNIFF_BYTES = 512;

/** Checks a 512-byte tar header checksum (covers ustar, GNU and old v7 tars) or an all-zero end block. */
function looksLikeTar(head: Buffer): boolean {
  if (head.length < 512) return false;
  let allZero = true;
  for (let i = 0; i < 512; i++) {
    if (head[i] !== 0) {
      allZero = false;
      break;
    }
  }
  // An empty layer is just the two zero end-of-archive blocks (Docker's famous 1024-byte empty diff).
  if (allZero) return true;
  const stored = parseInt(
    head
      .toString('latin1', 148, 156)
      .replace(/[\0 ]+$/, '')
      .trim(),
    8,
  );
  if (!Number.isFinite(stored)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i]!;
  return sum === stored;
}

/** Classifies a blob from its first bytes (pass at least {@link SNIFF_BYTES}, or the whole blob if shorter). */
export function sniffBlob(head: Buffer): BlobKind {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd';
  if (looksLikeTar(head)) return 'tar';
  for (const byte of head) {
    if (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09) continue;
    return byte === 0x7b || byte === 0x5b ? 'json' : 'other';
  }
  return 'other';
}
