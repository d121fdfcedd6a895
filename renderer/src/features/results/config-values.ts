/**
 * Runtime-config values in words for the config-differences table: what the image config
 * says (docker image inspect's Config), not its JSON. An empty User is root, an empty
 * WorkingDir is `/`, a null Cmd/Entrypoint/Healthcheck is none, exec-form arrays read as the
 * command line they run, and list-valued keys (ports, environment variable names) stay lists.
 * Healthcheck forms are Docker's: ["CMD", …], ["CMD-SHELL", "cmd"], ["NONE"] (Engine API, ContainerConfig.Healthcheck.Test).
 */
import type { RuntimeConfig } from '../../../../shared/api/contract';

/** A value shown as one line of text, or as a list of items. */
export type ShownValue =
  { kind: 'text'; text: string; placeholder: boolean } | { kind: 'list'; items: string[] };

/** Labels of the config keys, as a user reads them. */
export const KEY_LABELS: Record<keyof RuntimeConfig, string> = {
  user: 'User',
  cmd: 'Command',
  entrypoint: 'Entrypoint',
  exposedPorts: 'Exposed ports',
  envKeys: 'Environment variables',
  workdir: 'Working directory',
  healthcheck: 'Healthcheck',
};

const words = (text: string): ShownValue => ({ kind: 'text', text, placeholder: true });
const literal = (text: string): ShownValue => ({ kind: 'text', text, placeholder: false });

/** One argument as a shell would need it written: bare when safe, else double-quoted. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg);
}

/** An exec-form array as the command line it runs (`["python", "app.py"]` → `python app.py`). */
export function commandLine(args: readonly string[]): string {
  return args.map(shellWord).join(' ');
}

/** How one config value reads in the table. Unknown shapes fall back to compact JSON. */
export function showConfigValue(key: keyof RuntimeConfig, value: unknown): ShownValue {
  if (value === null || value === undefined) return words('(none)');
  switch (key) {
    case 'user':
      return value === '' ? words('(root)') : literal(String(value));
    case 'workdir':
      return value === '' ? words('/ (not set)') : literal(String(value));
    case 'cmd':
    case 'entrypoint':
      if (Array.isArray(value))
        return value.length ? literal(commandLine(value.map(String))) : words('(none)');
      break;
    case 'healthcheck':
      if (Array.isArray(value)) {
        const [form, ...rest] = value.map(String);
        if (form === 'NONE') return words('(disabled)');
        if (form === 'CMD-SHELL') return literal(rest.join(' '));
        if (form === 'CMD') return literal(commandLine(rest));
        return value.length ? literal(commandLine(value.map(String))) : words('(inherited)');
      }
      break;
    case 'exposedPorts':
    case 'envKeys':
      if (Array.isArray(value))
        return value.length ? { kind: 'list', items: value.map(String) } : words('(none)');
      break;
  }
  return typeof value === 'string'
    ? value === ''
      ? words('(empty)')
      : literal(value)
    : literal(JSON.stringify(value));
}
