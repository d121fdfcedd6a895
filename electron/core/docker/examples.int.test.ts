/**
 * Every example project, for real: both images build on the daemon, the optimized one is
 * smaller, it passes its smoke test (with the example's own check command) and starts the same
 * way: the only runtime differences allowed are a non-root user where the original ran as root
 * and ENV that came from a base image the optimizer replaced (never the Dockerfile's own ENV).
 */
import { readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { optimize } from '../../../shared/optimizer/index';
import { repoRoot } from '../../cli/args';
import { loadProject } from '../load-project';
import { DockerService } from './service';
import { sameCommandLine } from '../checks/same-config';

const examplesDir = path.join(repoRoot(), 'examples');
const examples = readdirSync(examplesDir).filter(
  (d) => d !== 'broken' && existsSync(path.join(examplesDir, d, 'Dockerfile')),
);
// Builds every example on a real daemon: skipped when no DOCKER_HOST is given (npm test sets it).
const haveDocker = !!process.env.DOCKER_HOST;

describe.skipIf(!haveDocker)(
  `example projects on the daemon${haveDocker ? '' : ' (skipped: DOCKER_HOST is unset)'}`,
  () => {
    const service = new DockerService();

    it.each(examples)(
      '%s: smaller, still starts, same runtime contract',
      async (name) => {
        const project = await loadProject(path.join(examplesDir, name));
        const status = await service.status();
        const opt = optimize(project.text, project.context, {
          buildkit: status.buildkit,
          config: project.config,
        });
        const report = await service.compare(
          {
            dir: project.dir,
            originalText: project.text,
            optimizedText: opt.text,
            compareId: `examples-${name}`,
            optimizedDockerignore: opt.dockerignore ?? project.context.dockerignore,
          },
          () => undefined,
        );
        if (name === 'lean-multistage')
          expect(report.optimized.sizeBytes).toBeLessThanOrEqual(report.original.sizeBytes * 1.01);
        else expect(report.optimized.sizeBytes).toBeLessThan(report.original.sizeBytes);
        if ((name === 'flask-api' || name === 'seed-mirror') && !report.smokeTest.passed) {
          // The seed's known fault, on purpose in these examples (real uWSGI, see their READMEs): uWSGI
          // built on python:3.9 links libxml2.so.2, which python:3.9-slim lacks. The plain rewrite
          // may hit it; catching and repairing it is the verify loop's job (electron/core/verify).
          expect(report.smokeTest.logs.join('\n')).toContain('libxml2.so.2');
          return;
        }
        expect(report.smokeTest, report.smokeTest.logs.join('\n')).toMatchObject({ passed: true });
        for (const d of report.configDifferences) {
          const what = `${d.key}: ${JSON.stringify(d.original)} → ${JSON.stringify(d.optimized)}`;
          if (d.key === 'user') expect(['', 'root', '0'], what).toContain(d.original);
          else if (d.key === 'cmd' || d.key === 'entrypoint')
            // Split across ENTRYPOINT and CMD differently (distroless Node's ENTRYPOINT is node itself).
            expect(sameCommandLine(report.original.config, report.optimized.config), what).toBe(true);
          else if (d.key === 'envKeys') {
            // A new base brings its own ENV (GOPATH goes, SSL_CERT_FILE comes); the Dockerfile's own ENV must stay.
            const lost = (d.original as string[]).filter((k) => !(d.optimized as string[]).includes(k));
            for (const k of lost)
              expect(project.text, what).not.toMatch(new RegExp(`^ENV\\s+${k}[=\\s]`, 'm'));
          } else expect.fail(what);
        }
        if (name === 'flask-api') expect(report.reductionPercent).toBeGreaterThanOrEqual(65.4);
      },
      // flask-api and seed-mirror compile real uWSGI in both images (about 5 min each on 2 busy cores)
      2_400_000,
    );
  },
);
