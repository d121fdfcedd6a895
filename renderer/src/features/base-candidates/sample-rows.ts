/** Candidate rows as the integration test on the engine produced them (tests and the e2e fake only). */
import type { BaseCandidate } from '../../../../shared/api/verify';

export const SAMPLE_BASE_ROWS: BaseCandidate[] = [
  {
    image: 'debian:bookworm-slim',
    kind: 'static',
    reason: "The optimizer's own choice, made without a daemon.",
    status: 'pass',
    sizeBytes: 80_543_093,
    buildMs: null,
    passed: ['same-config', 'runtime-libraries', 'starts-and-answers', 'writes-as-user'],
    failed: [],
    note: 'verified by the hold-back loop',
    isStatic: true,
    chosen: false,
  },
  {
    image: 'gcr.io/distroless/static-debian12',
    kind: 'distroless',
    reason:
      '/app/server (compiled by the build stage) is static when cgo is unused; the runtime-libraries check tells.',
    status: 'fail',
    sizeBytes: 8_054_093,
    buildMs: 860,
    passed: ['same-config'],
    failed: [
      {
        checkId: 'runtime-libraries',
        summary: '1 library the original has is missing: libc.so.6.',
        evidence: ['libc.so.6 (needed by /app/server)'],
      },
    ],
    isStatic: false,
    chosen: false,
  },
  {
    image: 'gcr.io/distroless/base-debian12',
    kind: 'distroless',
    reason:
      "/app/server (compiled by the build stage) links glibc: distroless base has it (bookworm's 2.36, as the builder).",
    status: 'pass',
    sizeBytes: 26_328_751,
    buildMs: 928,
    passed: ['same-config', 'runtime-libraries', 'starts-and-answers', 'writes-as-user'],
    failed: [],
    isStatic: false,
    chosen: true,
  },
  {
    image: 'python:3.9-alpine',
    kind: 'alpine',
    reason: 'whether the app links glibc is unknown',
    status: 'skip',
    sizeBytes: null,
    buildMs: null,
    passed: [],
    failed: [],
    note: 'not on the daemon',
    isStatic: false,
    chosen: false,
  },
];
