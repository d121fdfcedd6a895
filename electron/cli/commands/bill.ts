/** `whittle bill IMAGE [--json] [--base IMAGE] [--limit N]`: the bill of bytes of a local image. */
import { billTable } from '../../../shared/bill/bill-table';
import { formatBytes } from '../../../shared/report/bytes';
import { connect, resolveEndpoint } from '../../core/docker/connection';
import { imageBill } from '../../core/layers/image-bill';
import { EXIT, parse, UsageError } from '../args';
import type { CommandRunner } from '../io';

/**
 * Prints every stored byte of a local image by owner (table sorted by bytes, or `--json`: the
 * `Bill` with `image`, `base` and `layers`). Exit codes: 0 ok; 2 usage, or the image is not local;
 * 3 Docker unreachable.
 */
export const runBill: CommandRunner = async (args, io) => {
  let values: { json?: boolean; base?: string; limit?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parse(args, {
      json: { type: 'boolean', default: false },
      base: { type: 'string' },
      limit: { type: 'string', default: '40' },
    }));
    if (positionals.length !== 1) throw new UsageError('expected one image (tag or id)');
  } catch (e) {
    io.err(`whittle bill: ${(e as Error).message}\n`);
    return EXIT.USAGE;
  }
  const limit = Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) {
    io.err('whittle bill: --limit needs a whole number ≥ 1\n');
    return EXIT.USAGE;
  }
  const docker = connect(resolveEndpoint());
  try {
    await docker.ping();
  } catch (e) {
    io.err(`whittle bill: Docker is not reachable: ${(e as Error).message}\n`);
    return EXIT.DOCKER;
  }
  const ref = positionals[0]!;
  try {
    const r = await imageBill(docker, ref, values.base ? { base: values.base } : {});
    if (values.json) {
      io.out(
        `${JSON.stringify({ image: ref, imageId: r.imageId, sizeBytes: r.sizeBytes, base: r.base, baseLayerCount: r.baseLayerCount, layers: r.layers, ...r.bill }, null, 2)}\n`,
      );
    } else {
      io.out(
        `${ref}  ${formatBytes(r.sizeBytes)}  base: ${r.base ? `${r.base} (${r.baseLayerCount} layers)` : 'none found (pass --base IMAGE)'}\n\n` +
          billTable(r.bill, limit),
      );
    }
    return EXIT.OK;
  } catch (e) {
    if (
      (e as { statusCode?: number }).statusCode === 404 ||
      /is not the base of/.test((e as Error).message)
    ) {
      io.err(`whittle bill: ${(e as Error).message}\n`);
      return EXIT.USAGE;
    }
    throw e;
  }
};
