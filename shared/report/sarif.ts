/** SARIF 2.1.0 output for code-scanning tools (GitHub code scanning, Azure DevOps, …). */
import type { Finding, RuleMeta } from '../rules/types';

const LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function toSarif(
  findings: Finding[],
  rules: RuleMeta[],
  artifactUri: string,
  version: string,
): object {
  const used = rules.filter((r) => findings.some((f) => f.ruleId === r.id));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Whittle',
            version,
            informationUri: 'https://github.com/whittle-dev/whittle',
            rules: used.map((r) => ({
              id: r.id,
              name: r.name,
              shortDescription: { text: r.title },
              fullDescription: { text: r.why },
              defaultConfiguration: { level: LEVEL[r.severity] },
              properties: { category: r.category, ...(r.hadolint ? { hadolint: r.hadolint } : {}) },
            })),
          },
        },
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          level: LEVEL[f.severity],
          message: { text: f.risk ? `${f.message}. ${f.risk}` : f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: artifactUri },
                region: { startLine: Math.max(1, f.line), endLine: Math.max(1, f.endLine) },
              },
            },
          ],
          properties: {
            fixable: f.fixed,
            ...(f.estimatedBytes
              ? { estimatedBytes: f.estimatedBytes, estimateSource: f.estimate?.source ?? 'typical' }
              : {}),
          },
        })),
      },
    ],
  };
}
