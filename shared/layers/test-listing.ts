/**
 * Test helper: builds a {@link LayerListing} from terse raw tar names, the way a layer tar spells them.
 * `'etc/'` is a directory, `'etc/passwd'` a file, `'etc/.wh.x'` a whiteout, `'etc/.wh..wh..opq'` opaque.
 */
import { LayerListingBuilder, type LayerListing, type RawEntryMeta } from './layer-entry';

/** `[name, size?, extra?]`: extra overrides metadata (mode, uid, mtime, contentKey, type, linkname). */
export type TestEntry = string | [string, number?, Partial<RawEntryMeta>?];

/** Builds one layer listing from raw names; files default to mode 0o644 and mtime 1. */
export function listing(...items: TestEntry[]): LayerListing {
  const builder = new LayerListingBuilder();
  for (const item of items) {
    const [name, size = 0, extra = {}] = typeof item === 'string' ? [item] : item;
    const isDir = name.endsWith('/');
    builder.add(name, {
      type: isDir ? 'dir' : 'file',
      size,
      mode: isDir ? 0o755 : 0o644,
      uid: 0,
      gid: 0,
      mtime: 1,
      ...extra,
    });
  }
  return builder.build();
}
