/**
 * The Node side of the bill of bytes: while the layer analysis streams each layer, keep the
 * contents of the few metadata files the bill reads (`shared/bill/metadata-paths.ts`: dpkg status
 * and lists, apk db, RECORD, package.json, JDK release, Go VERSION). Memory is those files' text,
 * per layer that stored them, until the layers are applied; then only visible copies are kept.
 */
import { StringDecoder } from 'node:string_decoder';
import { MAX_META_BYTES, metadataKind } from '../../../shared/bill/metadata-paths';
import type { FileConsumer, LayerFileProbe } from './layer-tar-reader';

/** Collects metadata texts per layer blob (by archive path) during one scan. */
export class BillProbe {
  private readonly perBlob = new Map<string, Map<string, string>>();

  /** A probe for the layer blob at `archivePath` (pass as `ScanOptions.probeLayer`). */
  probeLayer = (archivePath: string): LayerFileProbe => {
    const found = new Map<string, string>();
    this.perBlob.set(archivePath, found);
    return {
      open(path, size): FileConsumer | null {
        const kind = metadataKind(path, size);
        if (!kind) return null;
        const decoder = new StringDecoder('utf8');
        let text = '';
        let read = 0;
        return {
          write(chunk) {
            read += chunk.length;
            if (read > MAX_META_BYTES[kind]) return false;
            text += decoder.write(chunk);
            return true;
          },
          end() {
            if (read <= MAX_META_BYTES[kind]) found.set(path, text + decoder.end());
          },
        };
      },
    };
  };

  /**
   * The texts visible in the final filesystem: `blobs[i]` is the archive path of layer i;
   * `layerOf(path)` the layer whose copy of `path` is visible (undefined when none is).
   * Frees the per-layer texts.
   */
  visible(blobs: string[], layerOf: (path: string) => number | undefined): Map<string, string> {
    const out = new Map<string, string>();
    blobs.forEach((blob, i) => {
      for (const [path, text] of this.perBlob.get(blob) ?? []) if (layerOf(path) === i) out.set(path, text);
    });
    this.perBlob.clear();
    return out;
  }
}
