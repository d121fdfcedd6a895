/** `optimize --verify`: build, check, hold back, and hand back the verified Dockerfile (or an exit code). */
import { WhittleFailure } from '../../shared/api/result';
import { isConnectionError } from '../core/docker/connection';
import { DockerService } from '../core/docker/service';
import type { LoadedProject } from '../core/load-project';
import type { VerifyOutput } from '../core/verify/verify-rewrite';
import { EXIT } from './args';
import type { CliIO } from './io';
import { verificationExit, verificationText, verifyPrinter } from './verify-text';

export interface VerifiedRewrite {
  out: VerifyOutput;
  /** The exit code the verification means (0, 1 or 5). */
  exit: number;
}

/** Runs the verification; a number is the exit code of a failure (3 Docker, 4 original build). */
export async function runVerify(
  project: LoadedProject,
  opts: { budgetMs: number; disabled: string[]; checkCommand?: string[]; keepImages?: boolean },
  io: CliIO,
): Promise<VerifiedRewrite | number> {
  let service: DockerService;
  try {
    service = new DockerService();
  } catch (e) {
    io.err(`whittle optimize: cannot use the Docker endpoint: ${(e as Error).message}\n`);
    return EXIT.DOCKER;
  }
  const status = await service.status();
  if (!status.reachable) {
    io.err(`whittle optimize: ${status.message}\n`);
    return EXIT.DOCKER;
  }
  const compareId = `cli-${process.pid}-${Date.now().toString(36)}`;
  const onSigint = () => void service.cancel(compareId);
  process.on('SIGINT', onSigint);
  io.err(`Verifying on ${status.endpoint} (budget ${Math.round(opts.budgetMs / 1000)} s)\n`);
  try {
    const out = await service.verify(
      {
        dir: project.dir,
        originalText: project.text,
        optimizedText: project.text,
        compareId,
        ...(opts.keepImages ? { keepImages: true } : {}),
        ...(opts.checkCommand ? { checkCommand: opts.checkCommand } : {}),
        verify: { budgetMs: opts.budgetMs, disabled: opts.disabled },
      },
      (e) => {
        if (e.kind === 'error') io.err(`[${e.variant}] error: ${e.text}\n`);
      },
      verifyPrinter(io),
    );
    io.err(verificationText(out.verification));
    return { out, exit: verificationExit(out.verification) };
  } catch (e) {
    if (e instanceof WhittleFailure) {
      io.err(`whittle optimize: ${e.message}\n`);
      if (e.code === 'DOCKER_UNREACHABLE') return EXIT.DOCKER;
      return EXIT.BUILD;
    }
    if (isConnectionError(e)) {
      io.err(`whittle optimize: lost the Docker daemon: ${(e as Error).message}\n`);
      return EXIT.DOCKER;
    }
    throw e;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
