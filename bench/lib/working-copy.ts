/**
 * A developer's working copy of an example: the checkout plus what the example's README tells a
 * developer to run before working on it (a virtualenv with the dependencies, a migrated dev
 * database, a test run), run for real inside the example's own base image. Whittle is opened on
 * project folders, and a folder someone works in holds files its .gitignore keeps out of git but
 * nothing keeps out of `COPY . .` — the case the Flask seed describes: its hand-optimized image
 * still carried ~350 MB above the slim base.
 */
import path from 'node:path';
import { PassThrough } from 'node:stream';
import type Dockerode from 'dockerode';

export interface DeveloperSetup {
  /** The image the developer's tools come from (the example's own original base). */
  image: string;
  /** Shell commands, run in the project folder, exactly as the example's README lists them. */
  script: string;
  /** What the setup leaves in the folder, for the report. */
  leaves: string;
}

/** Examples whose README has a developer set-up. */
export const DEVELOPER_SETUP: Record<string, DeveloperSetup> = {
  'flask-api': {
    image: 'python:3.9',
    script: [
      'python -m venv .venv',
      '.venv/bin/pip install -r requirements.txt',
      '.venv/bin/python manage.py db upgrade',
      '.venv/bin/python manage.py test',
    ].join(' && '),
    leaves: '`.venv/`, the dev SQLite DB, `__pycache__/`',
  },
};

/**
 * Runs the example's developer set-up in `dir` (a throwaway copy) inside its base image, as the
 * calling user, so the files it leaves are the developer's own. Throws with the container's
 * output when the set-up fails.
 */
export async function makeWorkingCopy(docker: Dockerode, dir: string, setup: DeveloperSetup): Promise<void> {
  const user = process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : undefined;
  const container = await docker.createContainer({
    Image: setup.image,
    Cmd: ['sh', '-c', setup.script],
    WorkingDir: '/work',
    User: user,
    Env: ['HOME=/tmp', 'PIP_DISABLE_PIP_VERSION_CHECK=1'],
    // pip fetches the requirements (and their build requirements) from PyPI: the host's network,
    // as the test engine has no bridge network. The bind mount needs a local daemon.
    HostConfig: { Binds: [`${path.resolve(dir)}:/work`], NetworkMode: 'host' },
  });
  try {
    const stream = await container.attach({ stream: true, stdout: true, stderr: true });
    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (b: Buffer) => chunks.push(b));
    docker.modem.demuxStream(stream, out, out);
    await container.start();
    const { StatusCode } = (await container.wait()) as { StatusCode: number };
    if (StatusCode !== 0) {
      const tail = Buffer.concat(chunks).toString('utf8').trim().split('\n').slice(-5).join(' / ');
      throw new Error(`developer set-up in ${setup.image} exited ${StatusCode}: ${tail}`);
    }
  } finally {
    await container.remove({ force: true }).catch(() => undefined);
  }
}
