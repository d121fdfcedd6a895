/**
 * The checks and the hold-back loop on real images (DOCKER_HOST), with a two-fix rewrite made for
 * the test (apt lists removed; a non-root USER added) so the loop is tested on exactly the case
 * static rules may miss, whatever the rules do today:
 * (a) nginx from Debian under an added user cannot create /var/lib/nginx/body → "starts and
 *     answers" fails, the loop holds the user fix back and ends green;
 * (b) an app writing ./data.txt into its root-owned WORKDIR under an added user keeps running but
 *     cannot write → "writes as its user" fails naming the path and the user; held back, green;
 * (c) a multi-stage split that copies xmllint without libxml2.so.2 → "runtime libraries" fails,
 *     the loop's repair adds libxml2 to the runtime stage, nothing is held back, green.
 */
import type Dockerode from 'dockerode';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { VerifyProgressEvent } from '../../../shared/api/verify';
import { DEFAULT_CONFIG } from '../../../shared/config/config';
import { buildImage } from '../docker/build';
import {
  describeDocker,
  dockerClient,
  makeContext,
  nonce,
  progressLog,
  removeDir,
  removeImages,
} from '../docker/test-kit';
import type { Candidate } from './hold-back';
import { verifyRewrite } from './verify-rewrite';

const USER_FIX = 'RUN useradd --system --uid 10001 --no-create-home app\nUSER app\n';

/** WH022-like (apt lists removed) and WH050-like (USER added before CMD) fixes, as text edits. */
function twoFixRewrite(original: string) {
  return (disabled: string[]): Candidate => {
    let text = original;
    const applied: string[] = [];
    if (!disabled.includes('WH022') && /apt-get install[^\n]*\n/.test(text)) {
      text = text.replace(/(apt-get install[^\n]*)\n/, '$1 && rm -rf /var/lib/apt/lists/*\n');
      applied.push('WH022');
    }
    if (!disabled.includes('WH050')) {
      text = text.replace(/^CMD /m, `${USER_FIX}CMD `);
      applied.push('WH050');
    }
    return { text, dockerignore: null, applied };
  };
}

describeDocker('verify: checks and hold-back on real images', () => {
  let docker: Dockerode;
  const dirs: string[] = [];
  const images = new Set<string>();

  beforeAll(() => {
    docker = dockerClient();
  });
  afterAll(async () => {
    await removeImages(docker, images);
    for (const d of dirs) await removeDir(d);
  });

  async function verifyCase(files: Record<string, string>, rewrite?: (d: string[]) => Candidate) {
    const dir = await makeContext(files, 'whittle-test-verify-');
    dirs.push(dir);
    const { imageId } = await buildImage(
      docker,
      {
        dir,
        dockerfileText: files.Dockerfile!,
        variant: 'original',
        buildId: 'verify-original',
        buildkit: true,
        signal: new AbortController().signal,
        network: 'host',
      },
      progressLog().emit,
    );
    images.add(imageId);
    const events: VerifyProgressEvent[] = [];
    const out = await verifyRewrite({
      docker,
      dir,
      originalText: files.Dockerfile!,
      originalImage: imageId,
      context: { files: Object.keys(files), dockerignore: null } as never,
      config: DEFAULT_CONFIG,
      buildkit: true,
      network: 'host',
      options: { budgetMs: 5 * 60_000, measureSavings: true },
      verifyId: `verify-${nonce()}`,
      signal: new AbortController().signal,
      emitBuild: () => undefined,
      emitVerify: (e) => events.push(e),
      rewrite: rewrite ?? twoFixRewrite(files.Dockerfile!),
    });
    images.add(out.imageId);
    return { out, events };
  }

  it('(a) holds back the added USER that stops Debian nginx from starting', async () => {
    const { out, events } = await verifyCase({
      Dockerfile: [
        'FROM debian:bookworm-slim',
        'RUN apt-get update && apt-get install -y --no-install-recommends nginx',
        'COPY site.conf /etc/nginx/sites-enabled/default',
        'EXPOSE 8080',
        'CMD ["nginx", "-g", "daemon off;"]',
        '',
      ].join('\n'),
      'site.conf': 'server {\n  listen 8080;\n  location / { return 200 "ok\\n"; }\n}\n',
    });
    const v = out.verification;
    // nginx as `app` cannot create /var/lib/nginx/body: it exits (and could not write where root did)
    expect(new Set(v.heldBack.map((h) => h.ruleId))).toEqual(new Set(['WH050']));
    const broke = v.heldBack.find((h) => h.checkId === 'starts-and-answers')!;
    expect(broke.summary).toMatch(/exited with code 1/);
    expect(broke.evidence.join('\n')).toMatch(/\/var\/lib\/nginx\/body.*Permission denied/);
    const wrote = v.heldBack.find((h) => h.checkId === 'writes-as-user')!;
    expect(wrote.evidence.join('\n')).toMatch(/\/var\/lib\/nginx: not writable by app/);
    expect(v.status).toBe('verified');
    expect(v.appliedRuleIds).toEqual(['WH022']);
    expect(out.text).not.toMatch(/USER/);
    const sa = v.checks.find((c) => c.id === 'starts-and-answers')!;
    expect(sa.optimized.status).toBe('pass');
    // port 8080 answered GET / on both images
    expect(sa.optimized.evidence.join('\n')).toMatch(/8080\/tcp .*connected, GET \/ → 2xx/);
    expect(v.checks.every((c) => !c.regression)).toBe(true);
    // WH022's saving was measured on real images: the apt lists are megabytes
    const m = v.savings?.find((s) => s.ruleId === 'WH022');
    expect(m?.measuredBytes).toBeGreaterThan(1_000_000);
    expect(events.some((e) => e.phase === 'bisect')).toBe(true);
    expect(events.at(-1)?.phase).toBe('done');
  }, 300_000);

  it('(b) holds back the added USER that cannot write the WORKDIR the app writes to', async () => {
    const { out } = await verifyCase({
      Dockerfile: [
        'FROM debian:bookworm-slim',
        'WORKDIR /app',
        'COPY run.sh .',
        'CMD ["sh", "run.sh"]',
        '',
      ].join('\n'),
      // keeps running after the failed write: only "writes as its user" can notice
      'run.sh': 'echo hello > data.txt\necho written\nexec sleep 600\n',
    });
    const v = out.verification;
    expect(v.heldBack.map((h) => [h.ruleId, h.checkId])).toEqual([['WH050', 'writes-as-user']]);
    expect(v.heldBack[0]!.evidence.join('\n')).toMatch(/\/app.* not writable by app/);
    expect(v.status).toBe('verified');
    expect(v.checks.find((c) => c.id === 'writes-as-user')!.optimized.status).toBe('pass');
    expect(v.checks.find((c) => c.id === 'starts-and-answers')!.optimized.status).toBe('pass');
    expect(out.text).toBe(
      ['FROM debian:bookworm-slim', 'WORKDIR /app', 'COPY run.sh .', 'CMD ["sh", "run.sh"]', ''].join('\n'),
    );
  }, 300_000);

  it('(c) repairs a runtime library lost by a multi-stage split instead of holding the split back', async () => {
    const original = [
      'FROM debian:bookworm-slim',
      'RUN apt-get update && apt-get install -y --no-install-recommends libxml2-utils && rm -rf /var/lib/apt/lists/*',
      'CMD ["sh", "-c", "xmllint --version && exec sleep 600"]',
      '',
    ].join('\n');
    // WH010-like: the tool is built in a full stage and only its binary is copied to a clean runtime
    // (libxml2.so.2 stays behind), exactly how uWSGI loses libxml2 in a slim runtime.
    const split = [
      'FROM debian:bookworm-slim AS builder',
      'RUN apt-get update && apt-get install -y --no-install-recommends libxml2-utils && rm -rf /var/lib/apt/lists/*',
      'FROM debian:bookworm-slim',
      'COPY --from=builder /usr/bin/xmllint /usr/bin/xmllint',
      'CMD ["sh", "-c", "xmllint --version && exec sleep 600"]',
      '',
    ].join('\n');
    const { out } = await verifyCase({ Dockerfile: original }, (disabled) =>
      disabled.includes('WH010')
        ? { text: original, dockerignore: null, applied: [] }
        : { text: split, dockerignore: null, applied: ['WH010'] },
    );
    const v = out.verification;
    expect(v.heldBack).toEqual([]);
    expect(v.repairs).toEqual([expect.objectContaining({ checkId: 'runtime-libraries' })]);
    expect(v.repairs[0]!.summary).toMatch(/libxml2/);
    expect(v.status).toBe('verified');
    expect(out.text).toMatch(/libxml2/);
    expect(out.text).toContain('COPY --from=builder /usr/bin/xmllint');
    expect(v.checks.find((c) => c.id === 'runtime-libraries')!.optimized.status).toBe('pass');
    expect(v.checks.find((c) => c.id === 'starts-and-answers')!.optimized.status).toBe('pass');
  }, 600_000);
});
