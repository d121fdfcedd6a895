/**
 * The in-code subset of BuildKit's control.proto: it round-trips what Whittle reads, and it skips
 * the fields it leaves out (warnings, progress groups) instead of failing on newer daemons.
 */
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { statusResponseType } from './buildkit-status';

const digest = `sha256:${'ab'.repeat(32)}`;

describe('BuildKit StatusResponse schema', () => {
  it('round-trips vertexes, statuses and logs with their field numbers', () => {
    const t = statusResponseType();
    const bytes = t
      .encode(
        t.fromObject({
          vertexes: [{ digest, name: '[2/3] RUN make', cached: true, started: { seconds: 5 }, error: 'x' }],
          statuses: [{ ID: 'extracting sha256:1', vertex: digest, current: 10, total: 20 }],
          logs: [{ vertex: digest, stream: 2, msg: new TextEncoder().encode('out\n') }],
        }),
      )
      .finish();
    // Field 1 (vertexes) is length-delimited: tag byte (1 << 3) | 2.
    expect(bytes[0]).toBe(0x0a);
    const o = t.toObject(t.decode(bytes), { longs: Number, defaults: true }) as {
      vertexes: {
        digest: string;
        name: string;
        cached: boolean;
        started: { seconds: number };
        error: string;
      }[];
      statuses: { ID: string; current: number; total: number }[];
      logs: { vertex: string; stream: number; msg: Uint8Array }[];
    };
    expect(o.vertexes[0]).toMatchObject({ digest, name: '[2/3] RUN make', cached: true, error: 'x' });
    expect(o.vertexes[0]!.started.seconds).toBe(5);
    expect(o.statuses[0]).toMatchObject({ ID: 'extracting sha256:1', current: 10, total: 20 });
    expect(o.logs[0]).toMatchObject({ vertex: digest, stream: 2 });
    expect(Buffer.from(o.logs[0]!.msg).toString()).toBe('out\n');
  });

  it('skips fields it does not define (VertexWarning = 4, Vertex.progressGroup = 8)', () => {
    const w = protobuf.Writer.create();
    // StatusResponse.vertexes (1): a Vertex with digest (1), name (3) and progressGroup (8).
    const v = protobuf.Writer.create();
    v.uint32((1 << 3) | 2).string(digest);
    v.uint32((3 << 3) | 2).string('[1/1] FROM busybox');
    v.uint32((8 << 3) | 2).bytes(
      protobuf.Writer.create()
        .uint32((1 << 3) | 2)
        .string('pg')
        .finish(),
    );
    w.uint32((1 << 3) | 2).bytes(v.finish());
    // StatusResponse.warnings (4): a VertexWarning with vertex (1) and short (3).
    const warn = protobuf.Writer.create();
    warn.uint32((1 << 3) | 2).string(digest);
    warn.uint32((3 << 3) | 2).bytes(new TextEncoder().encode('deprecated'));
    w.uint32((4 << 3) | 2).bytes(warn.finish());

    const t = statusResponseType();
    const o = t.toObject(t.decode(w.finish()), { defaults: true }) as {
      vertexes: { digest: string; name: string }[];
    };
    expect(o.vertexes).toHaveLength(1);
    expect(o.vertexes[0]).toMatchObject({ digest, name: '[1/1] FROM busybox' });
  });
});
