/** WH001 with base images named through ARG (issue 11 B6): the slim tag keeps the build arg. */
import { describe, expect, it } from 'vitest';
import { optimize } from '../optimizer/index';
import { ctx, df } from '../test/helpers';

const run = (text: string) => {
  const p = ctx(['app.py']);
  const res = optimize(text, p);
  expect(optimize(res.text, p).text).toBe(res.text);
  return { out: res.text, wh001: res.findings.find((f) => f.ruleId === 'WH001') };
};
const BODY = ['COPY app.py /app.py', 'CMD ["python", "/app.py"]'];

describe('WH001 on an ARG-named image', () => {
  it.each([
    [['ARG PY=3.11', 'FROM python:${PY}'], 'FROM python:${PY}-slim'],
    [['ARG PY=3.11', 'FROM python:$PY'], 'FROM python:$PY-slim'],
    [['ARG PY=3.11', 'FROM python:${PY}-bookworm'], 'FROM python:${PY}-slim-bookworm'],
    [['ARG NODE=20', 'FROM node:${NODE}'], 'FROM node:${NODE}-slim'],
    [['ARG REPO=python', 'FROM ${REPO}:3.11'], 'FROM ${REPO}:3.11-slim'],
  ])('%j → %s', (head, from) => {
    const { out, wh001 } = run(df(...head, ...BODY));
    expect(out).toContain(from);
    expect(wh001?.fixed).toBe(true);
  });

  it.each([
    [['ARG BASE=python:3.11', 'FROM ${BASE}'], /set its default to python:3.11-slim/],
    [['ARG PY=3.11-bookworm', 'FROM python:${PY}'], /build arg/],
    [['ARG PY', 'FROM python:${PY}'], /without a default/],
  ])('%j is advice with the reason', (head, why) => {
    const { out, wh001 } = run(df(...head, ...BODY));
    expect(out).not.toContain('slim');
    expect(wh001?.fixed).toBe(false);
    expect(wh001?.risk).toMatch(why);
  });
});
