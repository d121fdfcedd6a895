import { describe, expect, it } from 'vitest';
import type { CheckId, CheckPair } from '../../../shared/api/verify';
import { holdBackLoop, type Candidate, type LoopDeps } from './hold-back';

const RULES = ['WH001', 'WH010', 'WH020', 'WH030', 'WH050', 'WH060'];

/** A fake optimizer/builder/checker: the image "is" its applied rule set; `breaks` maps rule → check it breaks. */
function fake(
  breaks: Record<string, CheckId>,
  opts: { budgetMs?: number; stepMs?: number; always?: CheckId } = {},
) {
  let clock = 0;
  const built: string[][] = [];
  const deps: LoopDeps = {
    original: { candidate: { text: 'ORIGINAL', dockerignore: null, applied: [] }, image: 'img:original' },
    optimize: (disabled) => {
      const applied = RULES.filter((r) => !disabled.includes(r));
      return { text: applied.join(','), dockerignore: null, applied };
    },
    build: async (c: Candidate) => {
      clock += opts.stepMs ?? 1000;
      built.push(c.applied);
      return `img:${c.text}`;
    },
    check: async (image, only) => {
      const applied = image.slice(4).split(',');
      const ids: CheckId[] = ['starts-and-answers', 'writes-as-user', 'same-config'];
      return ids
        .filter((id) => !only || only.includes(id))
        .map((id): CheckPair => {
          // '+lib' in the text (a repair) cures starts-and-answers
          const cured = id === 'starts-and-answers' && applied.includes('+lib');
          const fails = opts.always === id || (!cured && applied.some((r) => breaks[r] === id));
          const res = (status: 'pass' | 'fail') => ({
            id,
            title: id,
            status,
            summary: `${id} ${status}`,
            evidence: [],
          });
          return {
            id,
            title: id,
            original: res('pass'),
            optimized: res(fails ? 'fail' : 'pass'),
            regression: fails,
          };
        });
    },
    emit: () => undefined,
    now: () => clock,
    budgetMs: opts.budgetMs ?? 600_000,
  };
  return { deps, built };
}

describe('holdBackLoop', () => {
  it('offers the first build when every check passes (one build)', async () => {
    const { deps } = fake({});
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(true);
    expect(r.heldBack).toEqual([]);
    expect(r.builds).toBe(1);
    expect(r.candidate.applied).toEqual(RULES);
  });

  it('finds the one fix that breaks a check by bisection and holds only it back', async () => {
    const { deps } = fake({ WH050: 'writes-as-user' });
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(true);
    expect(r.heldIds).toEqual(['WH050']);
    expect(r.heldBack).toEqual([
      expect.objectContaining({ ruleId: 'WH050', checkId: 'writes-as-user', summary: 'writes-as-user fail' }),
    ]);
    expect(r.candidate.applied).toEqual(RULES.filter((x) => x !== 'WH050'));
    expect(r.image).toBe(`img:${RULES.filter((x) => x !== 'WH050').join(',')}`);
    // first build + bad(6) + ⌈log2 6⌉ probes + the rebuild without it
    expect(r.builds).toBeLessThanOrEqual(1 + 1 + 3 + 1);
  });

  it('holds back two culprits breaking different checks, each with its own check', async () => {
    const { deps } = fake({ WH010: 'starts-and-answers', WH060: 'same-config' });
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(true);
    expect(r.heldIds.sort()).toEqual(['WH010', 'WH060']);
    expect(Object.fromEntries(r.heldBack.map((h) => [h.ruleId, h.checkId]))).toEqual({
      WH010: 'starts-and-answers',
      WH060: 'same-config',
    });
  });

  it('offers the original when the failure stays with every fix off', async () => {
    const { deps } = fake({}, { always: 'starts-and-answers' });
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(false);
    expect(r.candidate.text).toBe('ORIGINAL');
    expect(r.image).toBe('img:original');
    expect(r.note).toMatch(/every fix turned off/);
  });

  it('stops at the time budget and offers the original', async () => {
    const { deps } = fake({ WH050: 'writes-as-user' }, { budgetMs: 2500, stepMs: 1000 });
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(false);
    expect(r.candidate.text).toBe('ORIGINAL');
    expect(r.note).toMatch(/time budget/);
  });

  it('uses a repair when it cures the check, holding nothing back', async () => {
    const { deps } = fake({ WH010: 'starts-and-answers' });
    deps.repair = async (_pair, c) => ({
      candidate: { ...c, text: c.text.replace('WH010,', ''), applied: c.applied },
      summary: 'added libxml2',
    });
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(true);
    expect(r.heldBack).toEqual([]);
    expect(r.repairs).toEqual([{ checkId: 'starts-and-answers', summary: 'added libxml2' }]);
  });

  it('keeps a repair in every later rewrite, so the offered text has it after a hold-back', async () => {
    const { deps } = fake({ WH010: 'starts-and-answers', WH050: 'writes-as-user' });
    deps.repair = async (pair, c) =>
      pair.id === 'starts-and-answers' && !c.text.includes('+lib')
        ? { candidate: { ...c, text: `${c.text},+lib` }, summary: 'added libxml2' }
        : null;
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(true);
    expect(r.heldIds).toEqual(['WH050']);
    expect(r.repairs.map((x) => x.checkId)).toEqual(['starts-and-answers']);
    expect(r.candidate.text).toContain('+lib');
    expect(r.candidate.applied).toContain('WH010');
  });

  it('treats a candidate that does not build as failing and holds its fix back', async () => {
    const { deps } = fake({});
    const build = deps.build;
    deps.build = async (c) => {
      if (c.applied.includes('WH030'))
        throw Object.assign(new Error('optimized build failed at `RUN x`'), { code: 'BUILD_FAILED' });
      return build(c);
    };
    const r = await holdBackLoop(deps);
    expect(r.clean).toBe(true);
    expect(r.heldBack).toEqual([expect.objectContaining({ ruleId: 'WH030', checkId: 'starts-and-answers' })]);
    expect(r.heldBack[0]!.summary).toMatch(/does not build/);
  });
});
