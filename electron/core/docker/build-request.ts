/**
 * The Engine API's `POST /build` for both builders, sent through docker-modem directly.
 *
 * Why not dockerode's `buildImage`: for `version: '2'` it first opens a BuildKit session whose
 * gRPC server loads `proto/auth.proto` relative to its own `__dirname`. Bundled (the Electron main
 * process is one esbuild file) that file is not there, and the throw happens in a socket callback,
 * so it takes the whole process down. The session only answers registry-credential requests; a
 * build whose context is the uploaded tar needs none (moby's builder-next reads the context from
 * the request body), so Whittle builds without one. Base images then resolve locally or pull
 * anonymously.
 */
import type Dockerode from 'dockerode';

/** Query parameters of `POST /build` that Whittle sets (Engine API names). */
export interface BuildParams {
  /** Tag, e.g. `whittle/app-1a2b3c4d:optimized`. */
  t: string;
  /** Path of the Dockerfile inside the context tar. */
  dockerfile: string;
  labels: Record<string, string>;
  networkmode: 'host' | 'none' | 'default';
  /** '2' = BuildKit, '1' = the classic builder. */
  version: '1' | '2';
  rm?: boolean;
  forcerm?: boolean;
  nocache?: boolean;
}

/**
 * Sends the context tar and resolves to the daemon's JSON-lines progress stream once it answers.
 * Aborting `signal` destroys the request, which is how the daemon learns to stop the build.
 */
export function postBuild(
  docker: Dockerode,
  context: NodeJS.ReadableStream,
  params: BuildParams,
  signal: AbortSignal,
): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    docker.modem.dial(
      {
        path: '/build?',
        method: 'POST',
        file: context,
        // docker-modem JSON-encodes object values (labels) in the query string.
        options: { ...params },
        abortSignal: signal,
        isStream: true,
        statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
      },
      (err, res) => (err ? reject(err) : resolve(res as NodeJS.ReadableStream)),
    );
  });
}
