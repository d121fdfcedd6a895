/**
 * Child process of the layer benchmark, so each measurement gets a fresh heap and its own peak
 * RSS (`process.resourceUsage().maxRSS` covers this process only, not the parent's history).
 *
 *   node --import tsx bench/layers-child.ts analyze <imageRef>   analyzeImage, as the app runs it
 *   node --import tsx bench/layers-child.ts save <imageRef>      the same export to a null sink (baseline)
 *   node --import tsx bench/layers-child.ts bill <imageRef> [base]  analyzeImage with the bill of bytes in
 *                                                                 the same pass, as `whittle bill --base` runs it
 *
 * Prints one JSON line on stdout: { ms, cpuMs, maxRssBytes, files?, layers?, owners? }.
 */
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { analyzeImage } from '../electron/core/layers/analyze-image';
import { imageBill } from '../electron/core/layers/image-bill';
import { connectDocker } from './lib/docker';

const [mode, ref, base] = process.argv.slice(2);
if ((mode !== 'analyze' && mode !== 'save' && mode !== 'bill') || !ref) {
  process.stderr.write('usage: layers-child.ts analyze|save|bill <imageRef> [base]\n');
  process.exit(2);
}
const docker = await connectDocker();
if (!docker) throw new Error(`no Docker daemon at ${process.env.DOCKER_HOST}`);

const t0 = performance.now();
const cpu0 = process.cpuUsage();
let extra: Record<string, number> = {};
if (mode === 'save') {
  // What `docker save img > /dev/null` does, through the same API call analyzeImage uses, so the
  // ratio isolates the cost of parsing the listing rather than the daemon's export speed.
  const stream = await docker.getImage(ref).get();
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      bytes += chunk.length;
      cb();
    },
  });
  await pipeline(stream, sink);
  extra = { archiveBytes: bytes };
} else if (mode === 'bill') {
  const res = await imageBill(docker, ref, base ? { base } : {});
  extra = { owners: res.bill.entries.length, billBytes: res.bill.totalBytes };
} else {
  const res = await analyzeImage(docker, ref);
  extra = { files: res.totalFiles, layers: res.layers.length, storedBytes: res.storedBytes };
}
const ms = performance.now() - t0;
// This process's own CPU time: unlike wall time, the daemon's export speed and other load leave it alone.
const cpu = process.cpuUsage(cpu0);
extra = { ...extra, cpuMs: (cpu.user + cpu.system) / 1000 };
// maxRSS is in KiB on Linux.
process.stdout.write(
  `${JSON.stringify({ ms, maxRssBytes: process.resourceUsage().maxRSS * 1024, ...extra })}\n`,
);
