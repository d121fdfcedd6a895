import { kw } from '../dockerfile/printer';
import type { Instruction } from '../dockerfile/model';
import type { Rule } from './rule';
import { at } from './rule';

const ARCHIVE = /\.(tar|tar\.gz|tgz|tar\.bz2|tbz2?|tar\.xz|txz|tar\.zst)$/i;
const isRemote = (s: string): boolean => /^(https?|git@|git:)/.test(s) || s.endsWith('.git');

/** Sources of an ADD/COPY (all arguments but the last). */
export const sourcesOf = (ins: Instruction): string[] => {
  const a = ins.jsonArgs ?? ins.args.split(/\s+/).filter(Boolean);
  return a.slice(0, -1);
};

const localPlain = (ins: Instruction): boolean =>
  ins.keyword === 'ADD' &&
  sourcesOf(ins).length > 0 &&
  sourcesOf(ins).every((s) => !isRemote(s) && !ARCHIVE.test(s));

/** hadolint DL3020. */
export const addInsteadOfCopy: Rule = {
  meta: {
    id: 'WH030',
    name: 'add-local-file',
    title: '`ADD` used for local files',
    why: 'ADD has hidden behaviours — it unpacks local archives and fetches URLs — so a reader cannot tell what ends up in the image. For plain files and folders COPY does the same thing, predictably. (Keep ADD only where you want a local tar archive unpacked.)',
    severity: 'info',
    category: 'layer-hygiene',
    hadolint: 'DL3020',
    fixable: true,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter(localPlain)
      .map((i) => at(i, 'ADD copies a local file; COPY is explicit'));
  },
  fix(ctx) {
    const edits = ctx.model.instructions
      .filter((i) => localPlain(i) && !ctx.suppressed(i))
      .map((i) => ({
        start: i.startLine,
        end: i.startLine,
        text: ctx.model.lines[i.startLine]!.replace(/^(\s*)ADD\b/i, `$1${kw(ctx.style, 'COPY')}`),
      }));
    return edits.length ? { edits, explanation: 'Replaced ADD with COPY for local files.' } : null;
  },
};

export const addRemoteArchive: Rule = {
  meta: {
    id: 'WH031',
    name: 'add-remote',
    title: '`ADD` of a remote URL or archive download',
    why: 'A file fetched with `ADD https://…` is stored in its own layer, and an archive fetched that way stays in the image even after you extract and delete it in a later RUN. Download, unpack and delete in one RUN (`curl -fsSL … | tar -xz -C /opt`) so only the unpacked files are stored — or, better, copy the result from a builder stage.',
    severity: 'warning',
    category: 'layer-hygiene',
    hadolint: 'DL3020',
    fixable: false,
  },
  check(ctx) {
    return ctx.model.instructions
      .filter((i) => i.keyword === 'ADD' && sourcesOf(i).some(isRemote))
      .map((i) =>
        at(i, 'ADD fetches a remote file into its own layer', {
          risk: 'Whittle cannot know which tools the image has to download it; rewrite by hand.',
        }),
      );
  },
};
